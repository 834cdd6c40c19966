"""A moderator's takedown holds (issue 9 §5): whatever its author edits, moving it to another
hub included, an entry taken down keeps who, when and why, and only a coordinator of the hub
that took it down (not one of its authors) or staff can lift it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    MethodFactory,
    ReflectionFactory,
    UserFactory,
)
from translocal.audit.models import AuditEntry
from translocal.knowledge import permissions, services
from translocal.knowledge.models import Case, Method, Reflection, Status
from translocal.places.models import HubMembership
from translocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db

COORDINATOR = HubMembership.Role.COORDINATOR
KINDS = {
    "case": (
        CaseFactory,
        Case,
        services.update_case,
        services.unpublish_case,
        services.publish_case,
        services.lift_case_moderation,
    ),
    "method": (
        MethodFactory,
        Method,
        services.update_method,
        services.unpublish_method,
        services.publish_method,
        services.lift_method_moderation,
    ),
    "reflection": (
        ReflectionFactory,
        Reflection,
        services.update_reflection,
        services.unpublish_reflection,
        services.publish_reflection,
        services.lift_reflection_moderation,
    ),
}


@pytest.fixture
def demo_like():
    """As in the demo: amina coordinates hub 1 (GM Just Cities Lab), helen coordinates hub 2
    (Sheffield Civic Commons), and amina has a case in hub 2."""
    amina = UserFactory(username="amina", display_name="Dr Amina Rahman")
    helen = UserFactory(username="helen", display_name="Helen Marsh")
    hub1 = HubFactory(name="GM Just Cities Lab")
    hub2 = HubFactory(name="Sheffield Civic Commons")
    HubMembershipFactory(hub=hub1, user=amina, role=COORDINATOR)
    HubMembershipFactory(hub=hub2, user=helen, role=COORDINATOR)
    return amina, helen, hub1, hub2


def _entry(kind, author, hub):
    factory = KINDS[kind][0]
    entry = factory(created_by=author, hub=hub)
    if kind == "reflection":
        AuthorshipFactory(reflection=entry, user=author)
    return entry


def test_issue_example_moving_the_case_to_her_own_hub_does_not_undo_the_takedown(demo_like):
    amina, helen, hub1, hub2 = demo_like
    case = services.create_case(acting_user=amina, data={"title": "Warm homes assembly", "hub": hub2, "publish": True})

    services.unpublish_case(acting_user=helen, case=case, reason="It names a resident without consent.")
    services.update_case(acting_user=amina, case=case, data={"hub": hub1, "summary": "Edited."})
    with pytest.raises(PermissionDenied):
        services.publish_case(acting_user=amina, case=case)
    with pytest.raises(PermissionDenied):
        services.lift_case_moderation(acting_user=amina, case=case)
    with pytest.raises(ValidationError):
        services.update_case(acting_user=amina, case=case, data={"publish": True})

    case.refresh_from_db()
    assert (case.status, case.hub, case.summary) == (Status.UNPUBLISHED, hub1, "Edited.")
    assert (case.moderated_by, case.moderation_hub) == (helen, hub2)
    assert case.moderation_reason == "It names a resident without consent." and case.moderated_at
    assert not permissions.can_publish(amina, case) and not permissions.can_lift_moderation(amina, case)
    assert permissions.can_view(helen, case)  # the moderator still sees what she took down

    services.lift_case_moderation(acting_user=helen, case=case)
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED
    assert (case.moderated_by, case.moderated_at, case.moderation_hub, case.moderation_reason) == (None, None, None, "")


@pytest.mark.parametrize("kind", KINDS)
def test_every_entry_type_keeps_its_takedown_through_an_authors_edit(kind, demo_like):
    amina, helen, hub1, hub2 = demo_like
    factory, model, update, unpublish, publish, lift = KINDS[kind]
    entry = _entry(kind, amina, hub2)
    unpublish(acting_user=helen, reason="Off topic.", **{kind: entry})
    update(acting_user=amina, data={"hub": hub1, "title": "New title"}, **{kind: model.objects.get(pk=entry.pk)})
    stored = model.objects.get(pk=entry.pk)
    assert (stored.status, stored.moderated_by, stored.moderation_hub, stored.moderation_reason) == (
        Status.UNPUBLISHED,
        helen,
        hub2,
        "Off topic.",
    )
    for action in (publish, lift):
        with pytest.raises(PermissionDenied):
            action(acting_user=amina, **{kind: stored})
    lift(acting_user=helen, **{kind: stored})
    assert model.objects.get(pk=entry.pk).status == Status.PUBLISHED


@pytest.mark.parametrize("kind", KINDS)
def test_an_edit_from_a_form_opened_before_the_takedown_does_not_revert_it(kind, demo_like):
    amina, helen, _, hub2 = demo_like
    factory, model, update, unpublish, *_ = KINDS[kind]
    entry = _entry(kind, amina, hub2)
    stale = model.objects.get(pk=entry.pk)  # the author's form is open
    unpublish(acting_user=helen, reason="Spam.", **{kind: model.objects.get(pk=entry.pk)})
    update(acting_user=amina, data={"title": "Saved from the old form", "publish": False}, **{kind: stale})
    stored = model.objects.get(pk=entry.pk)
    assert (stored.title, stored.status, stored.moderation_reason) == (
        "Saved from the old form",
        Status.UNPUBLISHED,
        "Spam.",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_reason_is_required(kind, demo_like):
    amina, helen, _, hub2 = demo_like
    factory, model, _, unpublish, *_ = KINDS[kind]
    entry = _entry(kind, amina, hub2)
    for reason in ("", "   ", "x" * 2001):
        with pytest.raises(ValidationError) as info:
            unpublish(acting_user=helen, reason=reason, **{kind: entry})
        assert "reason" in info.value.message_dict
    assert model.objects.get(pk=entry.pk).status == Status.PUBLISHED


def test_who_may_lift(demo_like):
    amina, helen, hub1, hub2 = demo_like
    case = _entry("case", amina, hub2)
    services.unpublish_case(acting_user=helen, case=case, reason="Off topic.")
    staff = UserFactory(is_staff=True)
    other_coordinator = HubMembershipFactory(hub=hub2, role=COORDINATOR).user
    member_of_hub2 = HubMembershipFactory(hub=hub2).user
    author_coordinator = HubMembershipFactory(hub=hub2, user=UserFactory(), role=COORDINATOR).user
    case.created_by = author_coordinator  # an author who also coordinates hub 2
    assert permissions.can_lift_moderation(staff, case)
    assert permissions.can_lift_moderation(other_coordinator, case)
    assert not permissions.can_lift_moderation(member_of_hub2, case)
    assert not permissions.can_lift_moderation(author_coordinator, case)
    assert not permissions.can_lift_moderation(amina, case)  # coordinates hub 1 only


def test_a_staff_takedown_outside_the_hub_is_lifted_by_staff_only(demo_like):
    amina, helen, hub1, hub2 = demo_like
    staff = UserFactory(is_staff=True)
    case = _entry("case", amina, hub2)
    services.unpublish_case(acting_user=staff, case=case, reason="Legal request.")
    case.refresh_from_db()
    assert case.moderation_hub is None and case.moderated_by == staff
    assert not permissions.can_lift_moderation(helen, case)
    assert permissions.can_lift_moderation(staff, case)


def test_lifting_what_is_not_taken_down_is_refused(demo_like):
    amina, helen, _, hub2 = demo_like
    case = _entry("case", amina, hub2)
    with pytest.raises(ValidationError):
        services.lift_case_moderation(acting_user=helen, case=case)


def test_takedown_and_lift_follow_search(demo_like):
    amina, helen, _, hub2 = demo_like
    case = services.create_case(acting_user=amina, data={"title": "Findable", "hub": hub2, "publish": True})
    assert SearchEntry.objects.filter(kind="case", object_id=case.pk).exists()
    services.unpublish_case(acting_user=helen, case=case, reason="Off topic.")
    assert not SearchEntry.objects.filter(kind="case", object_id=case.pk).exists()
    services.lift_case_moderation(acting_user=helen, case=case)
    assert SearchEntry.objects.filter(kind="case", object_id=case.pk).exists()


# --- pages ---------------------------------------------------------------------------------


def test_the_moderator_gives_a_reason_on_the_takedown_page(client, demo_like):
    amina, helen, _, hub2 = demo_like
    case = _entry("case", amina, hub2)
    url = reverse("knowledge:case-unpublish", args=[case.slug])
    client.force_login(helen)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert b"There is a problem" in response.content and b"Say why you are taking this down" in response.content
    response = client.post(url, {"reason": "It names a resident without consent."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNPUBLISHED


def test_the_author_sees_why_but_cannot_publish_again(client, demo_like, django_assert_num_queries):
    amina, helen, hub1, hub2 = demo_like
    case = _entry("case", amina, hub2)
    services.unpublish_case(acting_user=helen, case=case, reason="It names a resident without consent.")
    services.update_case(acting_user=amina, case=Case.objects.get(pk=case.pk), data={"hub": hub1})
    client.force_login(amina)
    # The uncached case page (the case, its terms and its other relations in three plain statements:
    # knowledge.selectors.case_page), the takedown record, the author's SDG suggestions.
    with django_assert_num_queries(8):
        body = client.get(case.get_absolute_url()).content.decode()
    assert "Taken down by a moderator" in body
    assert "It names a resident without consent." in body
    assert "A coordinator of Sheffield Civic Commons took this down" in body
    assert "Helen Marsh" not in body  # the moderator's name is for moderators
    assert "Lift the takedown" not in body and ">Publish<" not in body
    edit = client.get(reverse("knowledge:case-edit", args=[case.slug])).content.decode()
    assert "It names a resident without consent." in edit and 'value="publish"' not in edit

    response = client.post(reverse("knowledge:case-lift-moderation", args=[case.slug]))
    assert response.status_code == 403


def test_the_author_keeps_what_was_typed_when_asking_to_publish(client, demo_like):
    amina, helen, _, hub2 = demo_like
    method = _entry("method", amina, hub2)
    services.unpublish_method(acting_user=helen, method=method, reason="Off topic.")
    client.force_login(amina)
    response = client.post(
        reverse("knowledge:method-edit", args=[method.slug]),
        {"title": "Fixed title", "original_language": "en", "body": "Fixed text", "action": "publish"},
    )
    assert response.status_code == 200
    assert "took this down" in response.content.decode() and "Fixed text" in response.content.decode()
    method.refresh_from_db()
    assert method.status == Status.UNPUBLISHED


def test_the_moderator_of_the_hub_lifts_from_the_page(client, demo_like):
    amina, helen, hub1, hub2 = demo_like
    reflection = _entry("reflection", amina, hub2)
    services.unpublish_reflection(acting_user=helen, reflection=reflection, reason="Off topic.")
    services.update_reflection(
        acting_user=amina, reflection=Reflection.objects.get(pk=reflection.pk), data={"hub": hub1}
    )
    client.force_login(helen)
    body = client.get(reflection.get_absolute_url()).content.decode()
    assert "Helen Marsh, a coordinator of Sheffield Civic Commons, took this down" in body
    assert "Lift the takedown and publish again" in body
    response = client.post(reverse("knowledge:reflection-lift-moderation", args=[reflection.slug]))
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.status == Status.PUBLISHED
    client.logout()
    assert client.get(reflection.get_absolute_url()).status_code == 200


def test_admin_takedown_asks_for_a_reason_and_goes_through_the_service(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    case = CaseFactory(title="Admin case")
    client.force_login(staff)
    url = reverse("admin:knowledge_case_changelist")
    data = {"action": "unpublish_selected", "_selected_action": [case.pk]}
    response = client.post(url, data)
    assert response.status_code == 200 and b'name="reason"' in response.content
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED
    response = client.post(url, {**data, "reason": "Legal request."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.moderated_by, case.moderation_reason) == (Status.UNPUBLISHED, staff, "Legal request.")
    client.post(url, {"action": "publish_selected", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED and case.moderated_at is None


def test_database_refuses_a_takedown_without_a_record():
    from django.db import IntegrityError, transaction

    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=Status.UNPUBLISHED)


def test_organisation_edit_from_an_old_form_keeps_it_hidden():
    """The same class for organisations: staff hide one while its creator's form is open."""
    from tests.factories import OrganisationFactory
    from translocal.places import services as place_services
    from translocal.places.models import Organisation

    creator = UserFactory()
    organisation = OrganisationFactory(created_by=creator)
    stale = Organisation.objects.get(pk=organisation.pk)
    Organisation.objects.filter(pk=organisation.pk).update(is_published=False)
    place_services.update_organisation(acting_user=creator, organisation=stale, data={"name": "Renamed"})
    organisation.refresh_from_db()
    assert organisation.name == "Renamed" and organisation.is_published is False


# --- audit log -----------------------------------------------------------------------------


def test_takedown_and_lift_write_audit_rows_for_the_hub(demo_like):
    amina, helen, hub1, hub2 = demo_like
    case = services.create_case(acting_user=amina, data={"title": "Audited", "hub": hub2, "publish": True})
    services.unpublish_case(acting_user=helen, case=case, reason="It names a resident without consent.")
    services.update_case(acting_user=amina, case=Case.objects.get(pk=case.pk), data={"hub": hub1})
    services.lift_case_moderation(acting_user=helen, case=Case.objects.get(pk=case.pk))
    rows = list(AuditEntry.objects.order_by("id").values_list("action", "acting_user", "hub", "reason", "target_id"))
    assert rows == [
        ("publish", amina.pk, hub2.pk, "", str(case.pk)),
        ("unpublish", helen.pk, hub2.pk, "It names a resident without consent.", str(case.pk)),
        ("lift_moderation", helen.pk, hub2.pk, "", str(case.pk)),
    ]
    lift = AuditEntry.objects.get(action="lift_moderation")
    assert lift.details["reason"] == "It names a resident without consent."


def test_a_refused_takedown_writes_no_audit_row(demo_like):
    amina, helen, hub1, hub2 = demo_like
    case = _entry("case", amina, hub2)
    with pytest.raises(ValidationError):
        services.unpublish_case(acting_user=helen, case=case, reason="")
    with pytest.raises(PermissionDenied):
        services.unpublish_case(acting_user=amina, case=case, reason="Mine.")
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_every_entry_type_logs_takedown_and_lift(kind, demo_like):
    amina, helen, _, hub2 = demo_like
    factory, model, update, unpublish, publish, lift = KINDS[kind]
    entry = _entry(kind, amina, hub2)
    unpublish(acting_user=helen, reason="Off topic.", **{kind: entry})
    publish(acting_user=helen, **{kind: model.objects.get(pk=entry.pk)})  # publishing again = lifting
    assert list(AuditEntry.objects.order_by("id").values_list("action", "target_type__model")) == [
        ("unpublish", kind),
        ("lift_moderation", kind),
    ]
