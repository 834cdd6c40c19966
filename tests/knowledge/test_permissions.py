"""Who can see, edit and moderate drafts and published entries (the issue's matrix)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    MethodFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from translocal.knowledge import permissions
from translocal.knowledge.models import Status
from translocal.places.models import HubMembership

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "other", "author", "coordinator", "staff")

#: role -> (can view, can edit, can unpublish) for a draft and for a published entry.
EXPECTED = {
    Status.DRAFT: {
        "anonymous": (False, False, False),
        "other": (False, False, False),
        "author": (True, True, False),
        "coordinator": (False, False, False),
        "staff": (True, True, False),
    },
    Status.UNPUBLISHED: {
        "anonymous": (False, False, False),
        "other": (False, False, False),
        "author": (True, True, False),
        "coordinator": (True, False, False),
        "staff": (True, True, False),
    },
    Status.PUBLISHED: {
        "anonymous": (True, False, False),
        "other": (True, False, False),
        "author": (True, True, False),
        "coordinator": (True, False, True),
        "staff": (True, True, True),
    },
}


@pytest.fixture
def people(author, other, staff, coordinator):
    return {
        "anonymous": AnonymousUser(),
        "other": other,
        "author": author,
        "coordinator": coordinator,
        "staff": staff,
    }


@pytest.fixture(params=["case", "method", "reflection"])
def make_entry(request, author, hub):
    factory = {"case": CaseFactory, "method": MethodFactory, "reflection": ReflectionFactory}[request.param]

    def make(status):
        published_at = None if status == Status.DRAFT else timezone.now()
        return factory(created_by=author, hub=hub, status=status, published_at=published_at)

    return make


@pytest.mark.parametrize("status", [Status.DRAFT, Status.UNPUBLISHED, Status.PUBLISHED])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(make_entry, people, role, status):
    entry = make_entry(status)
    user = people[role]
    got = (
        permissions.can_view(user, entry),
        permissions.can_edit(user, entry),
        permissions.can_unpublish(user, entry),
    )
    assert got == EXPECTED[status][role]


def test_member_co_author_sees_and_edits_the_draft(other):
    reflection = ReflectionFactory(status=Status.DRAFT, published_at=None)
    AuthorshipFactory(reflection=reflection, user=other)
    assert permissions.can_view(other, reflection) and permissions.can_edit(other, reflection)


def test_guest_authorship_grants_nobody_access(other):
    reflection = ReflectionFactory(status=Status.DRAFT, published_at=None)
    AuthorshipFactory(reflection=reflection, user=None, guest_name=other.name)
    assert not permissions.can_view(other, reflection)


def test_coordinator_of_another_hub_cannot_moderate(author):
    case = CaseFactory(created_by=author, hub=HubFactory())
    elsewhere = HubMembershipFactory(role=HubMembership.Role.COORDINATOR).user
    assert not permissions.can_unpublish(elsewhere, case)


def test_plain_hub_member_cannot_moderate(author, hub):
    case = CaseFactory(created_by=author, hub=hub)
    member = HubMembershipFactory(hub=hub, role=HubMembership.Role.MEMBER).user
    assert not permissions.can_unpublish(member, case)


def test_entry_without_a_hub_is_moderated_by_staff_only(author, coordinator, staff):
    case = CaseFactory(created_by=author, hub=None)
    assert not permissions.can_unpublish(coordinator, case)
    assert permissions.can_unpublish(staff, case)


def test_moderator_may_publish_again_what_was_taken_down(author, coordinator, hub):
    case = CaseFactory(created_by=author, hub=hub, status=Status.UNPUBLISHED, moderation_hub=hub)
    assert permissions.can_publish(coordinator, case)
    assert not permissions.can_publish(author, case)
    assert permissions.can_view(author, case)


def test_inactive_member_cannot_create():
    assert not permissions.can_create(UserFactory(is_active=False))
    assert not permissions.can_create(AnonymousUser())


def test_get_for_view_hides_drafts_as_not_found(author, other):
    case = CaseFactory(created_by=author, status=Status.DRAFT, published_at=None)
    with pytest.raises(Http404):
        permissions.get_case_for_view(user=other, slug=case.slug)
    with pytest.raises(Http404):
        permissions.get_case_for_view(user=other, slug="no-such-case")
    assert permissions.get_case_for_view(user=author, slug=case.slug) == case


def test_get_for_edit_refuses_other_members(author, other):
    method = MethodFactory(created_by=author)
    with pytest.raises(PermissionDenied):
        permissions.get_method_for_edit(user=other, slug=method.slug)
    assert permissions.get_method_for_edit(user=author, slug=method.slug) == method


def test_get_for_edit_of_someone_elses_draft_is_not_found(author, other):
    reflection = ReflectionFactory(created_by=author, status=Status.DRAFT, published_at=None)
    with pytest.raises(Http404):
        permissions.get_reflection_for_edit(user=other, slug=reflection.slug)


def test_series_edit_is_for_its_creator_coordinators_and_staff(author, other, staff, coordinator, hub):
    series = SeriesFactory(created_by=author, hub=hub)
    assert permissions.can_edit_series(author, series)
    assert permissions.can_edit_series(coordinator, series)
    assert permissions.can_edit_series(staff, series)
    assert not permissions.can_edit_series(other, series)
    with pytest.raises(PermissionDenied):
        permissions.get_series_for_edit(user=other, slug=series.slug)
