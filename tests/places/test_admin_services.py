"""The Django admin of places writes through the services (issue 10): every save, delete, role
change and (un)publishing is permission-checked, audited, keeps Hub.member_count right, and
the search index and cached pages follow once it commits. Real requests to /admin/, real
database, no mocks."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.factories import (
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
)
from tests.project.test_admin_versions import _admin_form_data
from translocal.audit.models import AuditEntry
from translocal.places import services
from translocal.places.models import Hub, HubMembership, Organisation, Place
from translocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="admin", display_name="Ada Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def _messages(response) -> list[str]:  # noqa: ANN001
    return [str(message) for message in get_messages(response.wsgi_request)]


def _audit(action: str) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(action=action)
        .order_by("id")
        .values_list("acting_user__username", "target_label", "hub_id", "reason")
    )


def _count(hub: Hub) -> int:
    return Hub.objects.get(pk=hub.pk).member_count


def _search(client: Client, text: str) -> str:
    response = client.get(reverse("search:search"), {"q": text})
    assert response.status_code == 200
    return response.content.decode()


# --- The example ------------------------------------------------------------------------


def test_staff_unpublish_an_organisation_in_the_admin_and_it_is_gone_everywhere_at_once(
    admin_client, staff, django_assert_num_queries
):
    creator = UserFactory()
    organisation = services.create_organisation(
        acting_user=creator, data={"name": "Nyalenda Savings Circle", "kind": "civil_society"}
    )
    hub = HubFactory(name="Lakeside Hub")
    hub.organisations.add(organisation)
    case = CaseFactory(title="Lakeside budget")
    case.organisations.add(organisation)
    member = UserFactory(display_name="Achieng Otieno", organisation=organisation)
    profile_url = reverse("accounts:profile", args=[member.username])
    pages = [hub.get_absolute_url(), case.get_absolute_url(), profile_url]
    anonymous = Client()
    found = f'href="{organisation.get_absolute_url()}"'
    assert found in _search(anonymous, "Nyalenda")
    for url in pages:
        assert "Nyalenda Savings Circle" in anonymous.get(url).content.decode(), url
    assert anonymous.get(organisation.get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):  # the version: the page now comes from the anonymous page cache
        assert anonymous.get(organisation.get_absolute_url()).status_code == 200

    changelist = reverse("admin:places_organisation_changelist")
    chosen = {"action": "unpublish_selected", "_selected_action": [organisation.pk]}
    asked = admin_client.post(changelist, chosen)
    assert asked.status_code == 200 and b'name="reason"' in asked.content  # the reason is asked for first
    assert Organisation.objects.get(pk=organisation.pk).is_published
    response = admin_client.post(changelist, {**chosen, "reason": "Not a real organisation."})
    assert response.status_code == 302
    assert "1 unpublished." in _messages(response)

    stored = Organisation.objects.get(pk=organisation.pk)
    assert stored.is_published is False and stored.version == organisation.version + 1
    assert _audit("unpublish") == [("admin", "Nyalenda Savings Circle", None, "Not a real organisation.")]
    assert found not in _search(anonymous, "Nyalenda")
    assert not SearchEntry.objects.filter(title="Nyalenda Savings Circle").exists()
    for url in pages:
        body = anonymous.get(url).content.decode()
        assert "Achieng Otieno" in body or "Lakeside" in body  # the page itself is still there
        assert "Nyalenda Savings Circle" not in body, url
    assert anonymous.get(organisation.get_absolute_url()).status_code == 404

    response = admin_client.post(changelist, {"action": "publish_selected", "_selected_action": [organisation.pk]})
    assert "1 published." in _messages(response)
    assert found in _search(anonymous, "Nyalenda")
    assert anonymous.get(organisation.get_absolute_url()).status_code == 200
    assert [row[0] for row in _audit("publish")] == ["admin"]


def test_unpublishing_needs_a_reason(admin_client):
    organisation = OrganisationFactory()
    response = admin_client.post(
        reverse("admin:places_organisation_changelist"),
        {"action": "unpublish_selected", "_selected_action": [organisation.pk], "reason": "   "},
    )
    assert response.status_code == 200 and "Say why you are unpublishing them." in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).is_published
    assert not AuditEntry.objects.exists()


# --- Organisations: save and delete -----------------------------------------------------------


def test_an_admin_edit_goes_through_the_service_audited_and_searchable(admin_client, staff):
    organisation = services.create_organisation(acting_user=staff, data={"name": "Old Name Trust", "kind": "other"})
    url = reverse("admin:places_organisation_change", args=[organisation.pk])
    data = {**_admin_form_data(admin_client.get(url)), "name": "Kisumu Civic Trust"}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.name, stored.version) == ("Kisumu Civic Trust", 2)
    assert _audit("edit") == [("admin", "Kisumu Civic Trust", None, "")]
    assert SearchEntry.objects.filter(object_id=organisation.pk, title="Kisumu Civic Trust").exists()


def test_a_stale_admin_save_of_an_organisation_is_refused_with_the_form_kept(admin_client):
    organisation = OrganisationFactory(name="First Name")
    url = reverse("admin:places_organisation_change", args=[organisation.pk])
    data = _admin_form_data(admin_client.get(url))
    services.update_organisation(
        acting_user=UserFactory(is_staff=True), organisation=organisation, data={"name": "Saved Elsewhere"}
    )
    response = admin_client.post(url, {**data, "description": "Typed by staff."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Saved now: “Saved Elsewhere”" in body and "Typed by staff." in body
    assert Organisation.objects.get(pk=organisation.pk).description == ""


def test_an_organisation_added_in_the_admin_is_created_by_the_service(admin_client):
    response = admin_client.post(
        reverse("admin:places_organisation_add"),
        {"name": "Maseno Lab", "slug": "maseno-lab", "kind": "academic", "website": "", "description": ""},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="maseno-lab")
    assert organisation.created_by.username == "admin" and organisation.is_published
    assert _audit("create") == [("admin", "Maseno Lab", None, "")]
    assert SearchEntry.objects.filter(object_id=organisation.pk, title="Maseno Lab").exists()


def test_an_organisation_still_named_by_a_case_is_not_deleted_but_an_unused_one_is(admin_client):
    used, unused = OrganisationFactory(name="Used Org"), OrganisationFactory(name="Unused Org")
    CaseFactory().organisations.add(used)
    response = admin_client.post(
        reverse("admin:places_organisation_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )
    assert response.status_code == 302
    said = _messages(response)
    assert any(m.startswith("Used Org: Used Org cannot be deleted: it is still linked to 1 case.") for m in said)
    assert any("unpublish it instead" in m for m in said)
    assert "Deleted 1 organisation." in said
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Used Org"]
    assert _audit("delete") == [("admin", "Unused Org", None, "")]


# --- Places ---------------------------------------------------------------------------------------


def test_a_place_still_in_use_is_not_deleted_and_the_admin_says_why(admin_client):
    place = PlaceFactory(name="Kisumu")
    CaseFactory(place=place)
    UserFactory(place=place)
    url = reverse("admin:places_place_delete", args=[place.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert _messages(response) == [
        "Kisumu cannot be deleted: it is still linked to 1 user, 1 case. Move or unlink those first."
    ]
    assert Place.objects.filter(pk=place.pk).exists()
    assert not AuditEntry.objects.exists()


def test_a_place_with_hubs_is_protected_by_the_admin_confirmation_page(admin_client):
    hub = HubFactory()
    response = admin_client.post(reverse("admin:places_place_delete", args=[hub.place.pk]), {"post": "yes"})
    assert response.status_code == 200 and "Cannot delete place" in response.content.decode()
    assert Place.objects.filter(pk=hub.place.pk).exists()


def test_an_unused_place_is_deleted_through_the_service_and_leaves_search(admin_client, staff):
    place = services.create_place(acting_user=staff, data={"name": "Gdańsk", "country": "PL"})
    assert SearchEntry.objects.filter(object_id=place.pk, title="Gdańsk").exists()
    response = admin_client.post(reverse("admin:places_place_delete", args=[place.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Place.objects.filter(pk=place.pk).exists()
    assert not SearchEntry.objects.filter(object_id=place.pk, title="Gdańsk").exists()
    assert _audit("delete") == [("admin", "Gdańsk", None, "")]


def test_a_place_edit_in_the_admin_is_checked_by_the_service(admin_client):
    place = PlaceFactory(name="Kisumu", slug="kisumu", country="KE")
    url = reverse("admin:places_place_change", args=[place.pk])
    data = _admin_form_data(admin_client.get(url))
    response = admin_client.post(url, {**data, "country": "XX"})
    assert response.status_code == 200
    assert "Choose a country by its two-letter ISO code" in response.content.decode()
    assert Place.objects.get(pk=place.pk).country == "KE" and not AuditEntry.objects.exists()
    response = admin_client.post(url, {**data, "name": "Kisumu City", "slug": "kisumu-city"})
    assert response.status_code == 302
    stored = Place.objects.get(pk=place.pk)
    assert (stored.name, stored.slug) == ("Kisumu City", "kisumu-city")
    assert _audit("edit") == [("admin", "Kisumu City", None, "")]


# --- Hubs and members -----------------------------------------------------------------------------


@pytest.fixture
def hub_with_members():
    hub = HubFactory(name="Lakeside Hub")
    coordinator = HubMembershipFactory(hub=hub, role="coordinator", user=UserFactory(display_name="Cora"))
    member = HubMembershipFactory(hub=hub, role="member", user=UserFactory(display_name="Mo"))
    Hub.objects.filter(pk=hub.pk).update(member_count=2)
    return hub, coordinator, member


def test_the_last_coordinator_cannot_be_demoted_in_the_membership_admin(admin_client, hub_with_members):
    hub, coordinator, _ = hub_with_members
    url = reverse("admin:places_hubmembership_change", args=[coordinator.pk])
    response = admin_client.post(url, {"role": "member"})
    assert response.status_code == 200
    assert "A hub needs at least one coordinator. Make someone else a coordinator first." in response.content.decode()
    assert HubMembership.objects.get(pk=coordinator.pk).role == "coordinator"
    assert not AuditEntry.objects.exists()


def test_a_role_change_in_the_membership_admin_is_audited_for_the_hub(admin_client, hub_with_members):
    hub, _, member = hub_with_members
    url = reverse("admin:places_hubmembership_change", args=[member.pk])
    response = admin_client.post(url, {"role": "coordinator"})
    assert response.status_code == 302
    assert HubMembership.objects.get(pk=member.pk).role == "coordinator"
    assert _audit("change_role") == [("admin", "Mo", hub.pk, "")]


def test_removing_a_member_in_the_admin_keeps_member_count_right(admin_client, hub_with_members):
    hub, coordinator, member = hub_with_members
    response = admin_client.post(reverse("admin:places_hubmembership_delete", args=[member.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert _count(hub) == 1 and not HubMembership.objects.filter(pk=member.pk).exists()
    assert _audit("hub.remove_member") == [("admin", "Mo", hub.pk, "")]
    response = admin_client.post(reverse("admin:places_hubmembership_delete", args=[coordinator.pk]), {"post": "yes"})
    assert "Cora is the only coordinator of Lakeside Hub. Make another member coordinator first." in _messages(response)
    assert _count(hub) == 1 and HubMembership.objects.filter(pk=coordinator.pk).exists()


def test_bulk_removal_of_members_counts_right_and_keeps_the_last_coordinator(admin_client, hub_with_members):
    hub, coordinator, member = hub_with_members
    response = admin_client.post(
        reverse("admin:places_hubmembership_changelist"),
        {"action": "delete_selected", "_selected_action": [coordinator.pk, member.pk], "post": "yes"},
    )
    said = _messages(response)
    assert "Deleted 1 hub membership." in said
    assert any("Cora is the only coordinator" in m for m in said)
    assert _count(hub) == 1 == HubMembership.objects.filter(hub=hub).count()


def _hub_form(client: Client, hub: Hub) -> tuple[str, dict]:
    url = reverse("admin:places_hub_change", args=[hub.pk])
    return url, _admin_form_data(client.get(url))


def _row(data: dict, membership: HubMembership) -> str:
    """The inline row prefix of `membership` in the hub's change form."""
    for key, value in data.items():
        if key.startswith("memberships-") and key.endswith("-id") and value == str(membership.pk):
            return key.removesuffix("-id")
    raise AssertionError(f"no inline row for {membership}")


def test_the_hub_inline_enforces_the_last_coordinator_rule_with_a_message(admin_client, hub_with_members):
    hub, coordinator, _ = hub_with_members
    url, data = _hub_form(admin_client, hub)
    response = admin_client.post(url, {**data, f"{_row(data, coordinator)}-role": "member"})
    assert response.status_code == 200
    assert "A hub needs at least one coordinator" in response.content.decode()
    assert HubMembership.objects.get(pk=coordinator.pk).role == "coordinator"
    assert Hub.objects.get(pk=hub.pk).version == 1 and not AuditEntry.objects.exists()  # nothing saved


def test_the_hub_inline_swaps_coordinators_and_removes_through_the_services(admin_client, hub_with_members):
    hub, coordinator, member = hub_with_members
    url, data = _hub_form(admin_client, hub)
    data = {**data, f"{_row(data, member)}-role": "coordinator", f"{_row(data, coordinator)}-DELETE": "on"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, _messages(response)
    assert list(HubMembership.objects.filter(hub=hub).values_list("user__display_name", "role")) == [
        ("Mo", "coordinator")
    ]
    assert _count(hub) == 1
    assert [row[1] for row in _audit("change_role")] == ["Mo"]
    assert [row[1] for row in _audit("hub.remove_member")] == ["Cora"]
    assert [row[1] for row in _audit("edit")] == ["Lakeside Hub"]


def test_a_hub_added_in_the_admin_is_created_by_the_service(admin_client):
    place, organisation = PlaceFactory(), OrganisationFactory()
    response = admin_client.post(
        reverse("admin:places_hub_add"),
        {
            "name": "Civic Lab", "slug": "civic-lab", "place": place.pk, "tagline": "", "description": "",
            "organisations": [organisation.pk],
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    hub = Hub.objects.get(slug="civic-lab")
    assert list(hub.organisations.all()) == [organisation] and hub.member_count == 0
    assert _audit("create") == [("admin", "Civic Lab", hub.pk, "")]
    assert SearchEntry.objects.filter(object_id=hub.pk, title="Civic Lab").exists()


def test_a_hub_with_content_is_not_deleted_but_an_empty_one_is(admin_client, hub_with_members):
    hub, _, _ = hub_with_members
    CaseFactory(hub=hub)
    response = admin_client.post(reverse("admin:places_hub_delete", args=[hub.pk]), {"post": "yes"})
    assert "Lakeside Hub cannot be deleted: it is still linked to 1 case." in _messages(response)[0]
    assert Hub.objects.filter(pk=hub.pk).exists()
    empty = HubFactory(name="Empty Hub")
    HubMembershipFactory(hub=empty)
    response = admin_client.post(reverse("admin:places_hub_delete", args=[empty.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Hub.objects.filter(pk=empty.pk).exists()
    assert _audit("delete") == [("admin", "Empty Hub", None, "")]


def test_a_slug_typed_in_the_admin_that_a_route_uses_is_refused_on_the_form(admin_client):
    organisation = OrganisationFactory(name="Civic Trust", slug="civic-trust")
    url = reverse("admin:places_organisation_change", args=[organisation.pk])
    response = admin_client.post(url, {**_admin_form_data(admin_client.get(url)), "slug": "new"})
    assert response.status_code == 200
    assert "cannot be a slug: choose another" in response.content.decode()
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.slug, stored.version) == ("civic-trust", 1) and not AuditEntry.objects.exists()


def test_a_place_added_in_the_admin_is_created_by_the_service(admin_client):
    response = admin_client.post(
        reverse("admin:places_place_add"),
        {"name": "Kisumu", "slug": "kisumu", "kind": "city", "country": "KE", "region": "", "description": ""},
    )
    assert response.status_code == 302
    place = Place.objects.get(slug="kisumu")
    assert _audit("create") == [("admin", "Kisumu", None, "")]
    assert SearchEntry.objects.filter(object_id=place.pk, title="Kisumu").exists()
