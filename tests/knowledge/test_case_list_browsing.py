"""Browsing the case list (issue 15): the number of results, the search box, the sort kept in
the URL, a chip per chosen filter that removes it alone, and "Clear all filters"."""

import html
import re
import urllib.parse

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import CaseFactory, PlaceFactory, TermFactory
from translocal.knowledge.models import Completeness
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


def _titles(content: str) -> list[str]:
    return re.findall(r'class="card__title"><a href="/cases/[^"]+"[^>]*>([^<]+)</a>', content)


def _chips(content: str) -> list[tuple[str, str]]:
    """(href, text) of each chip, the hidden prefix included."""
    found = re.findall(r'<a class="chip" href="([^"]+)">(.*?)</a>', content)
    return [(html.unescape(href), re.sub(r"<[^>]+>", "", text).replace("×", "").strip()) for href, text in found]


@pytest.fixture
def cases():
    energy = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Energy", slug="energy")
    health = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Health", slug="health")
    kenya, sweden = PlaceFactory(country="KE"), PlaceFactory(country="SE")
    solar = CaseFactory(title="Solar cooperative", place=kenya, completeness=Completeness.PARTIAL)
    solar.general_issues.add(energy)
    clinic = CaseFactory(title="Clinic budget", place=sweden, completeness=Completeness.COMPLETE)
    clinic.general_issues.add(health)
    wind = CaseFactory(title="Wind and solar assembly", place=sweden, completeness=Completeness.STUB)
    wind.general_issues.add(energy)
    return {"solar": solar, "clinic": clinic, "wind": wind}


def test_the_list_says_how_many_cases_match(client, cases):
    content = client.get(reverse("knowledge:case-list")).content.decode()
    assert '<h2 id="results" class="list-controls__count" tabindex="-1" data-list-count>3 cases</h2>' in content
    content = client.get(reverse("knowledge:case-list"), {"issue": "energy", "country": "KE"}).content.decode()
    assert ">1 case</h2>" in content and _titles(content) == ["Solar cooperative"]


def test_the_count_groups_thousands_in_the_readers_language(rf):
    from django.utils import translation
    from django.utils.translation import ngettext

    from translocal.core.listing import count_text

    def text() -> str:
        return count_text(1234, ngettext("%(count)s case", "%(count)s cases", 1234))

    assert text() == "1,234 cases"
    with translation.override("es"):
        assert text() == "1\xa0234 casos"  # Spanish groups with a no-break space


def test_each_chip_removes_its_filter_alone_and_clear_all_removes_every_one(client, cases):
    url = reverse("knowledge:case-list")
    content = client.get(url, {"issue": ["energy", "health"], "country": "SE", "sort": "title"}).content.decode()
    chips = dict((text, href) for href, text in _chips(content))
    assert set(chips) == {
        "Remove this filter: General issue: Energy",
        "Remove this filter: General issue: Health",
        "Remove this filter: Country: Sweden",
    }
    assert chips["Remove this filter: General issue: Energy"] == f"{url}?issue=health&country=SE&sort=title"
    assert chips["Remove this filter: Country: Sweden"] == f"{url}?issue=energy&issue=health&sort=title"
    # Following a chip: the other filters stay, that one is gone.
    after = client.get(chips["Remove this filter: General issue: Energy"]).content.decode()
    assert _titles(after) == ["Clinic budget"]
    # "Clear all filters" keeps the sort only.
    assert f'<a href="{url}?sort=title">Clear all filters</a>' in content


def test_no_chips_and_no_clear_all_without_filters(client, cases):
    content = client.get(reverse("knowledge:case-list")).content.decode()
    assert 'class="chip"' not in content and "Clear all filters" not in content


def test_the_search_box_finds_words_in_the_title_or_summary_and_is_a_chip(client, cases):
    cases["clinic"].summary = "A solar roof for the clinic"
    cases["clinic"].save()
    url = reverse("knowledge:case-list")
    content = client.get(url, {"q": "  Solar  "}).content.decode()
    # Relevance by default while searching: the title starting with the text first.
    assert _titles(content) == ["Solar cooperative", "Wind and solar assembly", "Clinic budget"]
    assert ">3 cases</h2>" in content
    assert ("/cases/", "Remove this filter: Search: “Solar”") in _chips(content)
    assert 'id="list-q" name="q" value="Solar"' in content
    assert _titles(client.get(url, {"q": "solar clinic"}).content.decode()) == ["Clinic budget"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Wind and solar assembly", "Clinic budget", "Solar cooperative"]),
        ("title", ["Clinic budget", "Solar cooperative", "Wind and solar assembly"]),
        ("complete", ["Clinic budget", "Solar cooperative", "Wind and solar assembly"]),
        ("nonsense", ["Wind and solar assembly", "Clinic budget", "Solar cooperative"]),
        ("relevance", ["Wind and solar assembly", "Clinic budget", "Solar cooperative"]),  # not searching
    ],
)
def test_the_sort_is_in_the_url_and_falls_back_to_newest(client, cases, sort, expected):
    content = client.get(reverse("knowledge:case-list"), {"sort": sort}).content.decode()
    assert _titles(content) == expected
    chosen = sort if sort in ("newest", "title", "complete") else "newest"
    assert f'<option value="{chosen}" selected>' in content
    assert '<option value="relevance"' not in content  # only offered while searching


def test_the_sort_is_stable_across_pages(client, settings):
    settings.PAGE_SIZE = 2
    for i, title in enumerate(("Same", "Same", "Same", "Other", "Same")):
        CaseFactory(title=title, slug=f"case-{i}")
    url = reverse("knowledge:case-list")
    seen, query = [], {"sort": "title"}
    while True:
        content = client.get(url, query).content.decode()
        seen += re.findall(r'class="card__title"><a href="/cases/([^/"]+)/"', content)
        cursor = _next_cursor(content)
        if not cursor:
            break
        query = {"sort": "title", "cursor": cursor}
    assert len(seen) == len(set(seen)) == 5


def _next_cursor(content: str) -> str | None:
    """The cursor of the page's "Next" link, if it has one."""
    found = re.search(r'rel="next" href="\?[^"]*?cursor=([^"&]+)', content)
    return urllib.parse.unquote(found.group(1)) if found else None


def test_the_sort_form_carries_the_filters_and_the_filter_form_the_sort(client, cases):
    query = {"issue": "energy", "q": "solar", "sort": "title"}
    content = client.get(reverse("knowledge:case-list"), query).content.decode()
    start = content.index('class="sort-form"')
    sort_form = content[start : content.index("</form>", start)]
    assert '<input type="hidden" name="issue" value="energy">' in sort_form
    assert '<input type="hidden" name="q" value="solar">' in sort_form
    assert 'name="sort"' in sort_form and "cursor" not in sort_form
    start = content.index("data-list-filters")
    filter_form = content[start : content.index("</form>", start)]
    assert '<input type="hidden" name="sort" value="title">' in filter_form


def test_the_filters_have_a_skip_link_to_the_results_and_a_disclosure(client, cases):
    content = client.get(reverse("knowledge:case-list")).content.decode()
    aside = content[content.index('<aside class="layout-aside filter-panel"') :]
    assert aside.index('<a class="skip-to-results" href="#results">Skip to results</a>') < aside.index("<form")
    assert '<details class="filter-panel__details" open data-filter-panel>' in aside
    assert 'id="results"' in content


def test_the_anonymous_page_cache_keys_on_the_query_string(client, cases):
    cache.clear()
    url = reverse("knowledge:case-list")
    by_title = _titles(client.get(url, {"sort": "title"}).content.decode())
    newest = _titles(client.get(url, {"sort": "newest"}).content.decode())
    assert by_title != newest
    assert _titles(client.get(url, {"sort": "title"}).content.decode()) == by_title  # from the cache
    assert ">1 case</h2>" in client.get(url, {"q": "clinic"}).content.decode()
