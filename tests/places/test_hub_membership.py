import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import CaseFactory, HubFactory, HubMembershipFactory, UserFactory
from translocal.places import services
from translocal.places.models import Hub, HubMembership

pytestmark = pytest.mark.django_db


def _count(hub: Hub) -> int:
    return Hub.objects.get(pk=hub.pk).member_count


def test_join_adds_a_member_and_counts_them():
    hub, user = HubFactory(), UserFactory()
    services.join_hub(acting_user=user, hub=hub)
    assert HubMembership.objects.filter(hub=hub, user=user, role="member").exists()
    assert _count(hub) == 1


def test_joining_twice_counts_once():
    hub, user = HubFactory(), UserFactory()
    services.join_hub(acting_user=user, hub=hub)
    services.join_hub(acting_user=user, hub=hub)
    assert _count(hub) == 1


def test_leave_removes_the_member_and_decrements():
    hub, user, other = HubFactory(), UserFactory(), UserFactory()
    services.join_hub(acting_user=user, hub=hub)
    services.join_hub(acting_user=other, hub=hub)
    services.leave_hub(acting_user=user, hub=hub)
    assert _count(hub) == 1
    services.leave_hub(acting_user=user, hub=hub)  # not a member any more: no change
    assert _count(hub) == 1


def test_last_coordinator_cannot_leave():
    hub, user = HubFactory(), UserFactory()
    services.join_hub(acting_user=user, hub=hub)
    HubMembership.objects.filter(hub=hub, user=user).update(role="coordinator")
    with pytest.raises(ValidationError):
        services.leave_hub(acting_user=user, hub=hub)
    assert _count(hub) == 1


def test_membership_is_unique_in_the_database():
    membership = HubMembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HubMembership.objects.create(hub=membership.hub, user=membership.user)


def test_join_and_leave_views_are_post_only_and_need_login(client):
    hub = HubFactory()
    assert client.get(reverse("places:hub-join", args=[hub.slug])).status_code == 405
    response = client.post(reverse("places:hub-join", args=[hub.slug]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert _count(hub) == 0


def test_join_and_leave_through_the_page(client):
    hub, user = HubFactory(), UserFactory()
    client.force_login(user)
    client.post(reverse("places:hub-join", args=[hub.slug]))
    page = client.get(hub.get_absolute_url()).content.decode()
    assert "Leave this hub" in page and user.name in page
    assert _count(hub) == 1
    client.post(reverse("places:hub-leave", args=[hub.slug]))
    assert _count(hub) == 0


def test_join_requires_csrf_token():
    from django.test import Client

    hub, user = HubFactory(), UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("places:hub-join", args=[hub.slug])).status_code == 403
    assert _count(hub) == 0


def test_coordinator_can_make_a_member_coordinator(client):
    coordinator = HubMembershipFactory(role="coordinator")
    member = HubMembershipFactory(hub=coordinator.hub)
    client.force_login(coordinator.user)
    client.post(
        reverse("places:hub-member-role", args=[member.hub.slug, member.user.username]),
        {"role": "coordinator"},
    )
    member.refresh_from_db()
    assert member.role == "coordinator"


def test_member_cannot_change_roles(client):
    coordinator = HubMembershipFactory(role="coordinator")
    member = HubMembershipFactory(hub=coordinator.hub)
    client.force_login(member.user)
    response = client.post(
        reverse("places:hub-member-role", args=[member.hub.slug, coordinator.user.username]),
        {"role": "member"},
    )
    assert response.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.role == "coordinator"


def test_coordinator_of_another_hub_cannot_change_roles():
    elsewhere = HubMembershipFactory(role="coordinator")
    member = HubMembershipFactory()
    with pytest.raises(PermissionDenied):
        services.change_member_role(
            acting_user=elsewhere.user, hub=member.hub, member=member.user, role="coordinator"
        )


def test_staff_can_change_roles():
    staff = UserFactory(is_staff=True)
    member = HubMembershipFactory()
    services.change_member_role(acting_user=staff, hub=member.hub, member=member.user, role="coordinator")
    member.refresh_from_db()
    assert member.role == "coordinator"


def test_the_last_coordinator_cannot_be_demoted():
    coordinator = HubMembershipFactory(role="coordinator")
    with pytest.raises(ValidationError):
        services.change_member_role(
            acting_user=coordinator.user, hub=coordinator.hub, member=coordinator.user, role="member"
        )


def test_role_form_shown_only_to_coordinators(client):
    coordinator = HubMembershipFactory(role="coordinator")
    member = HubMembershipFactory(hub=coordinator.hub)
    client.force_login(member.user)
    assert "Make coordinator" not in client.get(member.hub.get_absolute_url()).content.decode()
    client.force_login(coordinator.user)
    assert "Make coordinator" in client.get(member.hub.get_absolute_url()).content.decode()


def test_a_join_moves_the_pages_that_show_members_and_leaves_case_pages_cached(client, django_assert_num_queries):
    """Memberships are a content area of their own (places.apps.MEMBERSHIPS_AREA): the hub page,
    which lists members, follows at once; the case list, which shows none, stays cached."""
    hub = HubFactory()
    CaseFactory(title="Street assembly in Kisumu")
    client.get("/cases/")
    client.get(hub.get_absolute_url())
    services.join_hub(acting_user=UserFactory(display_name="Zola Mbeki"), hub=hub)
    with django_assert_num_queries(1):  # the versions: the page itself comes from the cache
        assert "Street assembly in Kisumu" in client.get("/cases/").content.decode()
    assert "Zola Mbeki" in client.get(hub.get_absolute_url()).content.decode()
    hub_version = client.get(hub.get_absolute_url())
    services.leave_hub(acting_user=hub.memberships.get().user, hub=hub)
    assert "Zola Mbeki" not in client.get(hub.get_absolute_url()).content.decode()
    assert hub_version.status_code == 200
