"""A chosen filter value that nothing matches any more (a search narrowed the list to none of
it) keeps its box and its chip under its own label, in the reader's language: "Country:
United Kingdom", "General issue: Economics", never the raw "GB" or "economics" of the URL.
Found on the case list by the page audit (bench/page_audit.py); the same holds on every list
that uses core.listing's facets."""

import html
import re

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, MethodFactory, OrganisationFactory, PlaceFactory, TermFactory, UserFactory
from translocal.places.models import Organisation, Place
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

NOTHING = "zzzqqq"  # a search no title or summary holds


def _chips(content: str) -> list[str]:
    found = re.findall(r'<a class="chip" href="[^"]+">(.*?)</a>', content, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.unescape(t)).replace("×", "")).strip() for t in found]


def _get(client, name: str, params: dict, language: str = "en") -> list[str]:
    response = client.get(reverse(name), params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return _chips(response.content.decode())


def test_case_list_chips_name_the_chosen_values_nothing_matches(client):
    economics = TermFactory(
        vocabulary=Vocabulary.GENERAL_ISSUE, label="Economics", slug="economics", labels={"es": "Economía"}
    )
    method = MethodFactory(title="World café")
    case = CaseFactory(title="A budget forum", place=PlaceFactory(country="GB"))
    case.general_issues.add(economics)
    case.methods.add(method)
    params = {"q": NOTHING, "issue": "economics", "country": "GB", "method": method.slug, "language": "en"}
    chips = " | ".join(_get(client, "knowledge:case-list", params))
    for expected in ("Economics", "United Kingdom", "World café", "English"):
        assert expected in chips, chips
    assert "economics" not in chips and ": GB" not in chips
    spanish = " | ".join(_get(client, "knowledge:case-list", params, "es"))
    assert "Economía" in spanish and "Reino Unido" in spanish, spanish


def test_method_place_organisation_and_people_chips_name_their_values(client):
    deliberative = TermFactory(vocabulary=Vocabulary.METHOD_TYPE, label="Deliberative", slug="deliberative")
    MethodFactory(title="Citizens' assembly").method_types.add(deliberative)
    assert "Deliberative" in " | ".join(_get(client, "knowledge:method-list", {"q": NOTHING, "type": "deliberative"}))

    PlaceFactory(name="Kisumu", country="KE", kind=Place.Kind.CITY)
    places = " | ".join(_get(client, "places:place-list", {"q": NOTHING, "country": "KE", "kind": Place.Kind.CITY}))
    assert "Kenya" in places and str(Place.Kind.CITY.label) in places, places

    OrganisationFactory(name="Lakeside hub", kind=Organisation.Kind.CIVIL_SOCIETY, place=PlaceFactory(country="KE"))
    params = {"q": NOTHING, "country": "KE", "kind": Organisation.Kind.CIVIL_SOCIETY}
    organisations = " | ".join(_get(client, "places:organisation-list", params))
    assert "Kenya" in organisations and str(Organisation.Kind.CIVIL_SOCIETY.label) in organisations, organisations

    UserFactory(display_name="Amina").roles.add(
        TermFactory(vocabulary=Vocabulary.ROLE, label="Researcher", slug="researcher")
    )
    assert "Researcher" in " | ".join(_get(client, "accounts:people-list", {"q": NOTHING, "role": "researcher"}))
