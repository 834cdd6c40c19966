"""Publishing and unpublishing organisations, and removing hub members, through the services:
who may, what is recorded, and what follows after commit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tests.factories import HubFactory, HubMembershipFactory, OrganisationFactory, UserFactory
from translocal.audit.models import AuditEntry
from translocal.core.caching import content_version
from translocal.places import services
from translocal.places.models import Hub, HubMembership, Organisation
from translocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed_in_hub():
    """An organisation a hub lists, with the hub's coordinator and a plain member."""
    hub = HubFactory(name="Lakeside Hub")
    organisation = services.create_organisation(
        acting_user=UserFactory(), data={"name": "Nyalenda Youth", "kind": "civil_society"}
    )
    hub.organisations.add(organisation)
    coordinator = HubMembershipFactory(hub=hub, role="coordinator").user
    member = HubMembershipFactory(hub=hub, role="member").user
    Hub.objects.filter(pk=hub.pk).update(member_count=2)
    return hub, organisation, coordinator, member


def test_a_coordinator_of_a_hub_listing_it_unpublishes_it_for_their_hub(listed_in_hub):
    hub, organisation, coordinator, _ = listed_in_hub
    before = content_version()
    services.unpublish_organisation(acting_user=coordinator, organisation=organisation, reason="Spam.")
    stored = Organisation.objects.get(pk=organisation.pk)
    assert stored.is_published is False and stored.version == 2
    entry = AuditEntry.objects.get(action="unpublish")
    assert (entry.acting_user, entry.hub, entry.reason, entry.target_label) == (
        coordinator, hub, "Spam.", "Nyalenda Youth"
    )
    assert not SearchEntry.objects.filter(object_id=organisation.pk, kind="organisation").exists()
    assert content_version() == before + 1


def test_a_member_and_the_creator_may_not_unpublish(listed_in_hub):
    _, organisation, _, member = listed_in_hub
    for user in (member, organisation.created_by, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.unpublish_organisation(acting_user=user, organisation=organisation, reason="No.")
    assert Organisation.objects.get(pk=organisation.pk).is_published
    assert not AuditEntry.objects.filter(action="unpublish").exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * (services.MAX_REASON_LENGTH + 1)])
def test_unpublishing_needs_a_reason_of_bounded_length(listed_in_hub, reason):
    _, organisation, coordinator, _ = listed_in_hub
    with pytest.raises(ValidationError) as error:
        services.unpublish_organisation(acting_user=coordinator, organisation=organisation, reason=reason)
    assert "reason" in error.value.message_dict
    assert Organisation.objects.get(pk=organisation.pk).is_published


def test_publishing_again_restores_search_and_twice_records_once(listed_in_hub):
    _, organisation, coordinator, _ = listed_in_hub
    staff = UserFactory(is_staff=True)
    services.unpublish_organisation(acting_user=staff, organisation=organisation, reason="Checking.")
    services.publish_organisation(acting_user=coordinator, organisation=organisation)
    services.publish_organisation(acting_user=coordinator, organisation=organisation)  # no change
    assert SearchEntry.objects.filter(object_id=organisation.pk, kind="organisation", is_public=True).exists()
    assert list(AuditEntry.objects.filter(action__in=["publish", "unpublish"]).order_by("id").values_list(
        "action", "hub_id"
    )) == [("unpublish", None), ("publish", organisation.hubs.get().pk)]
    assert Organisation.objects.get(pk=organisation.pk).version == 3


def test_a_rolled_back_unpublish_leaves_search_and_caches_alone(listed_in_hub):
    _, organisation, coordinator, _ = listed_in_hub
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.unpublish_organisation(acting_user=coordinator, organisation=organisation, reason="Spam.")
        raise RuntimeError("the caller's transaction fails after the service")
    assert Organisation.objects.get(pk=organisation.pk).is_published
    assert SearchEntry.objects.filter(object_id=organisation.pk, kind="organisation", is_public=True).exists()
    assert content_version() == before


def test_a_coordinator_removes_a_member_and_the_count_follows(listed_in_hub):
    hub, _, coordinator, member = listed_in_hub
    services.remove_member(acting_user=coordinator, hub=hub, member=member)
    services.remove_member(acting_user=coordinator, hub=hub, member=member)  # not a member any more
    assert Hub.objects.get(pk=hub.pk).member_count == 1
    assert not HubMembership.objects.filter(hub=hub, user=member).exists()
    assert AuditEntry.objects.filter(action="hub.remove_member").count() == 1


def test_a_member_cannot_remove_anyone_and_the_last_coordinator_stays(listed_in_hub):
    hub, _, coordinator, member = listed_in_hub
    with pytest.raises(PermissionDenied):
        services.remove_member(acting_user=member, hub=hub, member=coordinator)
    with pytest.raises(ValidationError):
        services.remove_member(acting_user=UserFactory(is_staff=True), hub=hub, member=coordinator)
    assert Hub.objects.get(pk=hub.pk).member_count == 2 == HubMembership.objects.filter(hub=hub).count()


def test_deleting_an_organisation_a_hub_lists_is_refused_with_what_to_do(listed_in_hub):
    _, organisation, _, _ = listed_in_hub
    with pytest.raises(ValidationError) as error:
        services.delete_organisation(acting_user=UserFactory(is_staff=True), organisation=organisation)
    assert error.value.messages == [
        "Nyalenda Youth cannot be deleted: it is still linked to 1 hub. Move or unlink those first.",
        "To hide it without unlinking anything, unpublish it instead.",
    ]
    with pytest.raises(PermissionDenied):
        services.delete_organisation(acting_user=organisation.created_by, organisation=organisation)
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_a_deleted_organisation_leaves_search_after_commit():
    staff = UserFactory(is_staff=True)
    organisation = OrganisationFactory(name="Gone Org")
    services.update_organisation(acting_user=staff, organisation=organisation, data={})  # indexed
    assert SearchEntry.objects.filter(object_id=organisation.pk, kind="organisation").exists()
    services.delete_organisation(acting_user=staff, organisation=organisation)
    assert not SearchEntry.objects.filter(object_id=organisation.pk, kind="organisation").exists()
    assert AuditEntry.objects.filter(action="delete", target_label="Gone Org").count() == 1


def _wait_until_a_query_waits_for_a_lock(connection, timeout: float = 30) -> None:  # noqa: ANN001
    """Poll PostgreSQL until another session of this database is blocked on a lock."""
    import threading
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        threading.Event().wait(0.02)
    raise AssertionError("the second removal never waited for a lock")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_removal_waits_for_another_in_flight_so_one_stays():
    """While one transaction removes coordinator A (not yet committed), a removal of
    coordinator B waits for it, then sees that A has gone and is refused: the hub keeps one
    coordinator. (Read before A commits, B would see A still there and remove itself too.)"""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    hub = HubFactory(name="Lakeside Hub")
    first, second = (HubMembershipFactory(hub=hub, role="coordinator").user for _ in range(2))
    Hub.objects.filter(pk=hub.pk).update(member_count=2)
    staff = UserFactory(is_staff=True)
    removed, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def remove_first() -> None:
        try:
            with transaction.atomic():
                services.remove_member(acting_user=staff, hub=hub, member=first)
                removed.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def remove_second() -> None:
        try:
            services.remove_member(acting_user=staff, hub=hub, member=second)
            outcome.append("removed")
        except ValidationError:
            outcome.append("refused")
        finally:
            connections.close_all()

    holder = threading.Thread(target=remove_first)
    holder.start()
    assert removed.wait(timeout=30)
    contender = threading.Thread(target=remove_second)
    contender.start()
    try:
        _wait_until_a_query_waits_for_a_lock(connection)
    finally:
        release.set()
        holder.join(timeout=30)
        contender.join(timeout=30)
    assert outcome == ["refused"]
    assert list(HubMembership.objects.filter(hub=hub).values_list("user", flat=True)) == [second.pk]
    assert Hub.objects.get(pk=hub.pk).member_count == 1
