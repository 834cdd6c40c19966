import datetime as dt
import re

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from tests.factories import HubFactory, HubMembershipFactory, PlaceFactory, UserFactory
from translocal.places.models import HubMembership
from translocal.sdg import services
from translocal.sdg.forms import LocalTargetForm
from translocal.sdg.labels import GOAL_LABELS, TARGET_LABELS, concise_label, target_label
from translocal.sdg.models import Indicator
from translocal.taxonomy.models import Term, Vocabulary


def official_target_codes(shared_data):
    data = yaml.safe_load((shared_data / "sdg" / "en" / "global_targets.yml").read_text(encoding="utf-8"))
    return {
        f"{m[1]}.{m[2]}" for key in data if (m := re.match(r"^(\d{1,2})-([0-9a-z]{1,2})-title$", str(key)))
    }


def test_every_official_target_and_goal_has_a_concise_label_of_ours(shared_data):
    codes = official_target_codes(shared_data)
    assert len(codes) == 169
    assert set(TARGET_LABELS) == codes
    assert set(GOAL_LABELS) == set(range(1, 18))
    for code, label in TARGET_LABELS.items():
        assert 0 < len(str(label)) <= 60, code  # concise: a few words, not the official paragraph
    assert target_label("11.3") == "11.3 Inclusive, participatory planning"
    assert concise_label("11") == "11 Inclusive, safe cities"


@pytest.mark.parametrize("language", ["es", "ca", "sv"])
def test_the_concise_labels_are_translated(language):
    with translation.override("en"):
        english = {code: str(label) for code, label in TARGET_LABELS.items()}
        english_goals = {number: str(label) for number, label in GOAL_LABELS.items()}
    with translation.override(language):
        assert [code for code, label in TARGET_LABELS.items() if str(label) == english[code]] == []
        assert [n for n, label in GOAL_LABELS.items() if str(label) == english_goals[n]] == []
        assert target_label("11.3") != "11.3 Inclusive, participatory planning"
    with translation.override("es"):
        assert target_label("11.3") == "11.3 Planificación inclusiva y participativa"


@pytest.fixture
def hub_with_values(sdg_terms):
    place = PlaceFactory(name="Greater Manchester")
    hub = HubFactory(name="Jam and Justice", place=place)
    coordinator = UserFactory()
    HubMembershipFactory(hub=hub, user=coordinator, role=HubMembership.Role.COORDINATOR)
    target = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11.3")
    local = services.create_local_target(
        acting_user=coordinator, hub=hub, target=target, code="11.3.GM1",
        title="Half of neighbourhood plans co-produced with residents",
    )
    for value, year in (("12", 2024), ("31.5", 2025)):
        services.record_indicator_value(
            acting_user=coordinator, local_target=local, value=value, unit="%", date=dt.date(year, 1, 1), source="GMCA"
        )
    indicator = Indicator.objects.create(
        code="11.3.2", target=target, titles={"en": "Civil society participation", "es": "Participación cívica"}
    )
    services.record_indicator_value(
        acting_user=UserFactory(is_staff=True), indicator=indicator, place=place, value="0.4",
        date=dt.date(2025, 6, 1), source="ONS",
    )
    Indicator.objects.create(code="16.7.1", target=Term.objects.get(vocabulary=Vocabulary.SDG, slug="16.7"),
                             titles={"en": "Positions in public institutions"})
    return hub


def test_the_goals_page_lists_the_17_goals_with_our_labels_and_the_official_titles(
    client, sdg_terms, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the content version (page cache), the goals
        response = client.get(reverse("sdg:goal-list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="card"') == 17
    assert "Goal 11: Inclusive, safe cities" in page
    assert Term.objects.get(vocabulary=Vocabulary.SDG, slug="11").display_label in page
    assert "10 targets" in page
    assert f'href="{reverse("sdg:goal-detail", kwargs={"number": 11})}"' in page
    assert f'href="{reverse("sdg:goal-list")}" aria-current="page">Goals' in page  # in the navigation


def test_a_goal_page_shows_targets_indicators_local_targets_and_values(
    client, hub_with_values, django_assert_num_queries
):
    url = reverse("sdg:goal-detail", kwargs={"number": 11})
    # The content version (page cache), the goal, its targets, their indicators, the local
    # targets with their hubs, the values.
    with django_assert_num_queries(6):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Goal 11: Inclusive, safe cities</h1>" in page
    assert page.count('class="sdg-target"') == 10
    section = page.split('id="target-11-3"')[1].split("</section>")[0]
    assert "11.3 Inclusive, participatory planning" in section
    assert "enhance inclusive and sustainable urbanization" in section  # the official title
    assert "11.3.2</strong> Civil society participation" in section
    assert "Greater Manchester" in section and "0.4" in section  # the value recorded for the place
    assert "Jam and Justice" in section and "11.3.GM1" in section and "31.5 %" in section
    assert "Positions in public institutions" not in page  # another goal's indicator
    assert client.get(reverse("sdg:goal-detail", kwargs={"number": 18})).status_code == 404


def test_a_goal_page_in_spanish_has_the_official_spanish_titles(client, hub_with_values):
    response = client.get(reverse("sdg:goal-detail", kwargs={"number": 11}), HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    with translation.override("es"):
        official = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11.3").display_description
        assert official and official in page
        assert target_label("11.3") in page
    assert "Participación cívica" in page


def test_the_order_of_targets_puts_numbers_before_letters(client, sdg_terms):
    page = client.get(reverse("sdg:goal-detail", kwargs={"number": 16})).content.decode()
    positions = [page.index(f'id="target-{code.replace(".", "-")}"') for code in ("16.1", "16.2", "16.10", "16.a")]
    assert positions == sorted(positions)


def test_the_local_target_picker_offers_our_concise_labels(sdg_terms):
    choices = [label for _value, label in LocalTargetForm().fields["target"].choices]
    assert "11.3 Inclusive, participatory planning" in choices
    assert len(choices) == 170  # the empty choice and 169 targets
