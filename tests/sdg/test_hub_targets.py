import pytest
from django.urls import reverse

from tests.factories import HubFactory, HubMembershipFactory, UserFactory
from translocal.places.models import HubMembership
from translocal.sdg.models import IndicatorValue, LocalTarget
from translocal.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(sdg_terms):
    return HubFactory(name="Jam and Justice")


@pytest.fixture
def coordinator(hub):
    user = UserFactory()
    HubMembershipFactory(hub=hub, user=user, role=HubMembership.Role.COORDINATOR)
    return user


def url(hub):
    return reverse("sdg:hub-targets", kwargs={"slug": hub.slug})


def test_a_coordinator_adds_a_local_target_and_records_a_value(client, hub, coordinator):
    client.force_login(coordinator)
    target = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11.3")
    response = client.post(url(hub), {
        "form": "target", "target-target": target.pk, "target-code": "11.3.GM1",
        "target-title": "Neighbourhood plans co-produced", "target-description": "",
    })
    assert response.status_code == 302
    local = LocalTarget.objects.get(hub=hub, code="11.3.GM1")
    response = client.post(url(hub), {
        "form": "value", "value-local_target": local.pk, "value-value": "12.5", "value-unit": "%",
        "value-date": "2025-03-31", "value-source": "Council records",
    })
    assert response.status_code == 302
    value = IndicatorValue.objects.get(local_target=local)
    assert (str(value.value.normalize()), value.unit, value.hub_id) == ("12.5", "%", hub.pk)
    page = client.get(url(hub)).content.decode()
    assert "11.3.GM1" in page and "12.5 %" in page


def test_a_taken_code_is_shown_in_the_error_summary(client, hub, coordinator):
    client.force_login(coordinator)
    target = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11.3")
    data = {"form": "target", "target-target": target.pk, "target-code": "X1", "target-title": "First"}
    client.post(url(hub), data)
    response = client.post(url(hub), {**data, "target-title": "Second"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "This hub already has a local target with that code." in page
    assert LocalTarget.objects.filter(hub=hub).count() == 1


def test_members_who_do_not_coordinate_are_refused(client, hub):
    member = UserFactory()
    HubMembershipFactory(hub=hub, user=member)
    client.force_login(member)
    assert client.get(url(hub)).status_code == 403


def test_the_targets_page_has_a_fixed_number_of_queries(client, hub, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    target = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11.3")
    for n in range(3):
        data = {"form": "target", "target-target": target.pk, "target-code": f"C{n}", "target-title": "t"}
        client.post(url(hub), data)
    client.get(url(hub))
    # Session and user, the hub, the coordinator check, local targets and their values, and
    # the two forms' choices (official targets, the hub's local targets).
    with django_assert_num_queries(8):
        client.get(url(hub))
