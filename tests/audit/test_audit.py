import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, HubFactory, HubMembershipFactory, UserFactory
from translocal.audit import actions
from translocal.audit.models import AuditEntry
from translocal.audit.selectors import audit_entries_about, audit_page
from translocal.audit.services import record
from translocal.places import services as place_services

pytestmark = pytest.mark.django_db


def _coordinator(hub):  # noqa: ANN001, ANN202
    return HubMembershipFactory(hub=hub, role="coordinator").user


# --- record -------------------------------------------------------------------------------


def test_record_stores_who_what_where_and_why():
    staff = UserFactory(is_staff=True, display_name="Grace Admin")
    hub = HubFactory()
    case = CaseFactory(title="Lakeside youth budget", hub=hub)
    entry = record(
        acting_user=staff, action=actions.UNPUBLISH, target=case, reason="Personal data in the body",
        details={"at": dt.date(2026, 11, 30)},
    )
    entry.refresh_from_db()
    assert entry.acting_user == staff and entry.actor_name == "Grace Admin"
    assert entry.action == "unpublish" and entry.action_label == "unpublished"
    assert entry.target_type == ContentType.objects.get_for_model(case)
    assert entry.target_id == str(case.pk) and entry.target_label == "Lakeside youth budget"
    assert entry.hub == hub  # taken from the target's hub
    assert entry.reason == "Personal data in the body"
    assert entry.details == {"at": "2026-11-30"}
    assert str(entry) == "Grace Admin unpublished Lakeside youth budget"


def test_record_refuses_an_unregistered_action():
    with pytest.raises(ValueError, match="Unknown audit action"):
        record(acting_user=None, action="publsh", target=None)
    assert not AuditEntry.objects.exists()


def test_registered_action_can_be_recorded():
    name = actions.register_action("test.take_down", "took down")
    entry = record(acting_user=None, action=name, target=None)
    assert entry.action_label == "took down" and entry.actor_name == ""


def test_record_rolls_back_with_the_callers_transaction():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(acting_user=user, action=actions.EDIT, target=user)
        raise RuntimeError("the action failed")
    assert not AuditEntry.objects.exists()


def test_row_outlives_its_actor_and_target():
    actor, target = UserFactory(display_name="Tom Reyes"), UserFactory(display_name="Helen Marsh")
    entry = record(acting_user=actor, action=actions.DELETE_ACCOUNT, target=target)
    actor.delete()
    target.delete()
    entry.refresh_from_db()
    assert entry.acting_user is None and entry.actor_name == "Tom Reyes"
    assert entry.target_label == "Helen Marsh"


def test_role_change_writes_an_audit_row():
    hub = HubFactory(name="Jam and Justice")
    coordinator = _coordinator(hub)
    member = HubMembershipFactory(hub=hub).user
    place_services.change_member_role(acting_user=coordinator, hub=hub, member=member, role="coordinator")
    entry = AuditEntry.objects.get()
    assert (entry.acting_user, entry.action, entry.hub, entry.target_id) == (
        coordinator, actions.CHANGE_ROLE, hub, str(member.pk)
    )
    assert entry.details == {"from": "member", "to": "coordinator"}


# --- who sees what ------------------------------------------------------------------------


def test_staff_see_every_row_and_coordinators_their_hubs_only():
    hub, other_hub = HubFactory(), HubFactory()
    coordinator = _coordinator(hub)
    staff = UserFactory(is_staff=True)
    mine = record(acting_user=staff, action=actions.PUBLISH, target=None, hub=hub)
    theirs = record(acting_user=staff, action=actions.PUBLISH, target=None, hub=other_hub)
    site_wide = record(acting_user=staff, action=actions.RUN_IMPORT, target=None)
    assert audit_page(user=staff, cursor=None).items == [site_wide, theirs, mine]
    assert audit_page(user=coordinator, cursor=None).items == [mine]
    assert audit_page(user=UserFactory(), cursor=None).items == []


def test_entries_about_one_object():
    staff = UserFactory(is_staff=True)
    case, other = CaseFactory(), CaseFactory()
    first = record(acting_user=staff, action=actions.UNPUBLISH, target=case, reason="spam")
    record(acting_user=staff, action=actions.UNPUBLISH, target=other)
    second = record(acting_user=staff, action=actions.PUBLISH, target=case)
    assert audit_entries_about(target=case, user=staff) == [second, first]
    assert audit_entries_about(target=case, user=UserFactory()) == []


def test_pages_are_keyset_paginated_newest_first():
    staff = UserFactory(is_staff=True)
    now = timezone.now()
    rows = [record(acting_user=staff, action=actions.EDIT, target=None) for _ in range(5)]
    AuditEntry.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=now)  # ties broken by id
    first = audit_page(user=staff, cursor=None, size=2)
    second = audit_page(user=staff, cursor=first.next_cursor, size=2)
    third = audit_page(user=staff, cursor=second.next_cursor, size=2)
    assert [e.pk for e in first.items + second.items + third.items] == [r.pk for r in reversed(rows)]
    assert third.next_cursor is None
    assert audit_page(user=staff, cursor=second.previous_cursor, size=2).items == first.items


# --- the page -----------------------------------------------------------------------------


def test_page_needs_sign_in(client):
    response = client.get(reverse("audit:audit-log"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_page_is_forbidden_to_members_who_coordinate_nothing(client):
    client.force_login(HubMembershipFactory().user)
    assert client.get(reverse("audit:audit-log")).status_code == 403


def test_coordinator_page_lists_their_hub_only(client):
    hub, other_hub = HubFactory(name="Jam and Justice"), HubFactory(name="Kisumu Youth")
    coordinator = _coordinator(hub)
    staff = UserFactory(is_staff=True, display_name="Grace Admin")
    record(acting_user=staff, action=actions.UNPUBLISH, target=CaseFactory(title="Visible one"), hub=hub,
           reason="Off topic")
    record(acting_user=staff, action=actions.UNPUBLISH, target=CaseFactory(title="Hidden one"), hub=other_hub)
    client.force_login(coordinator)
    body = client.get(reverse("audit:audit-log")).content.decode()
    assert "Grace Admin" in body and "Unpublished Visible one" in body and "Off topic" in body
    assert "Hidden one" not in body


def test_filters_by_hub_and_action(client):
    hub, other_hub = HubFactory(), HubFactory()
    staff = UserFactory(is_staff=True)
    record(acting_user=staff, action=actions.UNPUBLISH, target=CaseFactory(title="Alpha"), hub=hub)
    record(acting_user=staff, action=actions.PUBLISH, target=CaseFactory(title="Beta"), hub=hub)
    record(acting_user=staff, action=actions.PUBLISH, target=CaseFactory(title="Gamma"), hub=other_hub)
    client.force_login(staff)
    body = client.get(reverse("audit:audit-log"), {"hub": hub.pk, "action": "publish"}).content.decode()
    assert "Beta" in body and "Alpha" not in body and "Gamma" not in body


@pytest.mark.parametrize("query", [{"cursor": "WyJhZnRlciIsIFsxXV0"}, {"hub": "abc"}, {"action": "nope"},
                                   {"cursor": "!!!"}, {"hub": "9" * 40}])
def test_bad_filters_and_cursors_get_400(client, query):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("audit:audit-log"), query)
    assert response.status_code == 400
    assert response.content


@pytest.mark.parametrize("rows", [10, 200])
def test_staff_page_query_count(client, django_assert_num_queries, rows):
    staff = UserFactory(is_staff=True)
    hubs = HubFactory.create_batch(3)
    for i in range(rows):
        record(acting_user=staff, action=actions.EDIT, target=staff, hub=hubs[i % 3] if i % 2 else None)
    client.force_login(staff)
    # session, user, one page of rows with their hubs
    with django_assert_num_queries(3):
        response = client.get(reverse("audit:audit-log"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == min(rows, 50) + 1


@pytest.mark.parametrize("rows", [10, 200])
def test_coordinator_page_query_count(client, django_assert_num_queries, rows):
    hub = HubFactory()
    coordinator = _coordinator(hub)
    for _ in range(rows):
        record(acting_user=coordinator, action=actions.EDIT, target=coordinator, hub=hub)
    client.force_login(coordinator)
    # session, user, the hubs they coordinate, one page of rows with their hubs
    with django_assert_num_queries(4):
        response = client.get(reverse("audit:audit-log"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == min(rows, 50) + 1


def test_page_has_a_labelled_filter_and_a_table_with_headers(client):
    client.force_login(UserFactory(is_staff=True))
    record(acting_user=None, action=actions.RUN_IMPORT, target=None)
    body = client.get(reverse("audit:audit-log")).content.decode()
    assert '<label class="label" for="audit-action">' in body and 'id="audit-action"' in body
    assert "<caption" in body and body.count('<th scope="col">') == 5


# --- admin --------------------------------------------------------------------------------


def test_admin_is_read_only(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    entry = record(acting_user=staff, action=actions.EDIT, target=staff)
    model_admin = admin.site._registry[AuditEntry]
    request = type("R", (), {"user": staff})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    client.force_login(staff)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 200
    response = client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"reason": "rewritten"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.reason == ""
