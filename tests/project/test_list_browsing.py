"""Every list page browses the same way (issue 15, core.listing): the number of results, a
search box, a sort kept in the URL, filters whose chips each remove one, "Clear all filters",
and exact query counts that do not grow with the rows, filters and search applied.

Cases have their own tests (tests/knowledge/test_case_list_browsing.py)."""

import html
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import (
    HubFactory,
    MethodFactory,
    OrganisationFactory,
    PlaceFactory,
    ReflectionFactory,
    SeriesFactory,
    TermFactory,
    UserFactory,
)
from translocal.places.models import Organisation, Place
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


def _titles(content: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', content)]


def _chips(content: str) -> dict[str, str]:
    found = re.findall(r'<a class="chip" href="([^"]+)">(.*?)</a>', content)
    return {
        re.sub(r"<[^>]+>", "", html.unescape(text)).replace("×", "").strip(): html.unescape(href)
        for href, text in found
    }


def _count(content: str) -> str:
    return re.search(r"data-list-count>([^<]+)</h2>", content).group(1)


# --- Methods ------------------------------------------------------------------------------------


def _methods(n: int) -> dict:
    deliberative = TermFactory(vocabulary=Vocabulary.METHOD_TYPE, label="Deliberative", slug="deliberative")
    voting = TermFactory(vocabulary=Vocabulary.METHOD_TYPE, label="Voting", slug="voting")
    learn = TermFactory(vocabulary=Vocabulary.PURPOSE, label="Learning", slug="learning")
    assembly = MethodFactory(title="Citizens' assembly", summary="Randomly chosen residents deliberate.")
    assembly.method_types.add(deliberative)
    assembly.purposes.add(learn)
    budget = MethodFactory(title="Participatory budgeting", summary="Residents vote on a budget; an assembly ranks.")
    budget.method_types.add(voting)
    for method in MethodFactory.create_batch(n):
        method.method_types.add(deliberative if method.pk % 2 else voting)
        method.purposes.add(learn)
    return {"assembly": assembly, "budget": budget}


def test_the_method_list_is_searchable_filterable_and_counted(client):
    _methods(3)
    url = reverse("knowledge:method-list")
    content = client.get(url).content.decode()
    assert _count(content) == "5 methods"
    assert 'id="list-q" name="q"' in content and "<legend>Type of method</legend>" in content
    found = client.get(url, {"q": "assembly"}).content.decode()
    assert _titles(found) == ["Citizens' assembly", "Participatory budgeting"]  # title match first
    assert _count(found) == "2 methods"
    both = client.get(url, {"q": "assembly", "type": "voting"}).content.decode()
    assert _titles(both) == ["Participatory budgeting"]
    chips = _chips(both)
    assert chips["Remove this filter: Type of method: Voting"] == f"{url}?q=assembly"
    assert chips["Remove this filter: Search: “assembly”"] == f"{url}?type=voting"
    assert f'<a href="{url}">Clear all filters</a>' in both
    newest = client.get(url, {"sort": "newest"}).content.decode()
    assert _titles(newest)[-2:] == ["Participatory budgeting", "Citizens' assembly"]


# --- Reflections and series ---------------------------------------------------------------------


def test_reflections_and_series_are_searchable(client):
    series = SeriesFactory(title="Trans-local learning", description="Posts on learning between cities.")
    SeriesFactory(title="Budget diaries")
    ReflectionFactory(title="What Porto Alegre taught us", summary="Budgets and trust.")
    ReflectionFactory(title="Trust first", summary="On Porto Alegre.", series=series, series_position=1)
    ReflectionFactory(title="Gardens")
    reflections = reverse("knowledge:reflection-list")
    found = client.get(reflections, {"q": "porto alegre"}).content.decode()
    assert _titles(found) == ["What Porto Alegre taught us", "Trust first"] and _count(found) == "2 reflections"
    assert _count(client.get(reflections).content.decode()) == "3 reflections"
    by_title = client.get(reflections, {"sort": "title"}).content.decode()
    assert _titles(by_title) == ["Gardens", "Trust first", "What Porto Alegre taught us"]
    series_url = reverse("knowledge:series-list")
    assert _count(client.get(series_url).content.decode()) == "2 series"
    found = client.get(series_url, {"q": "learning"}).content.decode()
    assert _titles(found) == ["Trans-local learning"] and _count(found) == "1 series"


# --- Places and organisations -------------------------------------------------------------------


def test_places_filter_by_country_type_and_hub_and_search_by_name_or_region(client):
    goteborg = PlaceFactory(name="Göteborg", country="SE", region="Västra Götaland", alternative_names="Gothenburg")
    PlaceFactory(name="Malmö", country="SE")
    PlaceFactory(name="Catalonia", country="ES", kind=Place.Kind.REGION)
    barcelona = PlaceFactory(name="Barcelona", country="ES", region="Catalonia")
    HubFactory(place=goteborg)
    HubFactory(place=barcelona)
    url = reverse("places:place-list")
    content = client.get(url).content.decode()
    assert _count(content) == "4 places"
    assert "<legend>Country</legend>" in content and "<legend>Type of place</legend>" in content
    sweden = client.get(url, {"country": "SE"}).content.decode()
    assert _titles(sweden) == ["Göteborg", "Malmö"]
    assert 'value="SE" checked><label for="f-country-2">Sweden <span class="count">(2)</span>' in sweden
    with_hub = client.get(url, {"country": ["SE", "ES"], "hub": "yes"}).content.decode()
    assert _titles(with_hub) == ["Barcelona", "Göteborg"]
    chips = _chips(with_hub)
    assert chips["Remove this filter: Hubs: Has a hub"] == f"{url}?country=SE&country=ES"
    assert chips["Remove this filter: Country: Spain"] == f"{url}?country=SE&hub=yes"
    catalonia = client.get(url, {"q": "catalonia"}).content.decode()
    assert _titles(catalonia) == ["Catalonia", "Barcelona"]  # the name first, then the region
    assert _titles(client.get(url, {"q": "gothenburg"}).content.decode()) == ["Göteborg"]  # another name
    regions = client.get(url, {"kind": "region"}).content.decode()
    assert _titles(regions) == ["Catalonia"] and _count(regions) == "1 place"


def test_organisations_filter_by_kind_and_country(client):
    OrganisationFactory(name="City of Malmö", kind=Organisation.Kind.PUBLIC, place=PlaceFactory(country="SE"))
    OrganisationFactory(
        name="Malmö youth forum", kind=Organisation.Kind.CIVIL_SOCIETY, place=PlaceFactory(country="SE")
    )
    OrganisationFactory(name="Barcelona council", kind=Organisation.Kind.PUBLIC, place=PlaceFactory(country="ES"))
    OrganisationFactory(name="Hidden", is_published=False)
    url = reverse("places:organisation-list")
    assert _count(client.get(url).content.decode()) == "3 organisations"
    public = client.get(url, {"kind": "public"}).content.decode()
    assert _titles(public) == ["Barcelona council", "City of Malmö"]
    assert _titles(client.get(url, {"kind": "public", "country": "SE"}).content.decode()) == ["City of Malmö"]
    found = client.get(url, {"q": "malmö"}).content.decode()
    assert _titles(found) == ["Malmö youth forum", "City of Malmö"]  # starts with the text first
    assert "Hidden" not in client.get(url, {"q": "hidden"}).content.decode()


# --- People -------------------------------------------------------------------------------------


def test_people_are_searchable_by_name_and_expertise_and_filter_by_roles(client):
    researcher = TermFactory(vocabulary=Vocabulary.ROLE, label="Researcher", slug="researcher")
    official = TermFactory(vocabulary=Vocabulary.ROLE, label="Public official", slug="official")
    energy = TermFactory(vocabulary=Vocabulary.THEME, label="Community energy", slug="community-energy")
    amina = UserFactory(display_name="Amina Diallo")
    amina.roles.add(researcher)
    amina.expertise.add(energy)
    jordi = UserFactory(display_name="Jordi Puig")
    jordi.roles.add(official)
    UserFactory(display_name="Eva Energy")
    url = reverse("accounts:people-list")
    assert _count(client.get(url).content.decode()) == "3 people"
    found = client.get(url, {"q": "energy"}).content.decode()
    assert _titles(found) == ["Eva Energy", "Amina Diallo"]  # the name first, then the expertise
    both = client.get(url, {"role": ["researcher", "official"]}).content.decode()
    assert _titles(both) == ["Amina Diallo", "Jordi Puig"] and _count(both) == "2 people"
    chips = _chips(both)
    assert chips["Remove this filter: Role: Researcher"] == f"{url}?role=official"


# --- Query counts -------------------------------------------------------------------------------


def _build(name: str, n: int) -> tuple[str, dict]:
    if name == "methods":
        _methods(n)
        return reverse("knowledge:method-list"), {"q": "a", "type": "voting", "purpose": "learning", "sort": "title"}
    if name == "reflections":
        ReflectionFactory.create_batch(n)
        return reverse("knowledge:reflection-list"), {"q": "reflection", "sort": "relevance"}
    if name == "series":
        SeriesFactory.create_batch(n)
        return reverse("knowledge:series-list"), {"q": "series", "sort": "newest"}
    if name == "places":
        places = [PlaceFactory(country=("SE", "ES", "KE")[i % 3]) for i in range(n)]
        for place in places[::2]:
            HubFactory(place=place)
        return reverse("places:place-list"), {"q": "town", "country": ["SE", "ES"], "hub": "yes"}
    if name == "organisations":
        for i in range(n):
            OrganisationFactory(kind=("public", "academic")[i % 2], place=PlaceFactory(country=("SE", "ES")[i % 2]))
        return reverse("places:organisation-list"), {"q": "organisation", "kind": "public", "country": "SE"}
    role = TermFactory(vocabulary=Vocabulary.ROLE, label="Resident", slug="resident")
    for person in UserFactory.create_batch(n):
        person.roles.add(role)
    return reverse("accounts:people-list"), {"q": "person", "role": "resident", "sort": "newest"}


# Anonymous, cold cache, exact: the content version (one read keys both the page cache and the
# list's cached fragment), then each selector's own queries (its docstring lists them).
# methods: version, 2 facets, total, page, types = 6; reflections: version, total, page,
# authors = 4; series: version, total, page = 3; places: version, 3 facets, total, page = 6;
# organisations: version, 2 facets, total, page = 5; people (not page-cached): role counts,
# total, page, roles = 4.
EXACT = {"methods": 6, "reflections": 4, "series": 3, "places": 6, "organisations": 5, "people": 4}


@pytest.mark.parametrize("rows", [10, 60])
@pytest.mark.parametrize("name", list(EXACT))
def test_a_filtered_searched_sorted_list_costs_the_same_at_any_size(client, django_assert_num_queries, name, rows):
    url, query = _build(name, rows)
    cache.clear()
    with django_assert_num_queries(EXACT[name]):
        response = client.get(url, query)
    assert response.status_code == 200
    content = response.content.decode()
    assert "data-list-count" in content and 'class="chip"' in content


# --- The Nu HTML Checker ------------------------------------------------------------------------


def test_every_list_with_filters_chips_and_sort_is_valid_html(client, tmp_path):
    """The lists with a search, filters (so chips and Clear all) and a sort, as the crawl of
    tests/project/test_html_validity.py does not tick boxes."""
    import shutil

    from tests.project.test_html_validity import VNU, _vnu_errors

    if shutil.which("java") is None or not VNU.exists():
        pytest.skip("the Nu HTML Checker needs Java and vnu.jar (npm ci)")
    pages = {}
    for name in EXACT:
        url, query = _build(name, 3)
        pages[name] = client.get(url, query).content.decode()
    pages["cases"] = client.get(reverse("knowledge:case-list"), {"q": "case", "sort": "title"}).content.decode()
    files = []
    for name, body in pages.items():
        assert 'class="chip"' in body, name
        path = tmp_path / f"{name}.html"
        path.write_text(body, encoding="utf-8")
        files.append(path)
    errors = _vnu_errors(files)
    assert not errors, [(e.get("url", "").rsplit("/", 1)[-1], e.get("message"), e.get("extract")) for e in errors]
