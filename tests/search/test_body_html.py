"""The search page's facet checkboxes and result cards built in Python (search.body_html) are
the same bytes as their templates (``search/_facets.html``, ``search/_hits.html``), for results
in every shape (a link or none, a place, a country like or unlike it, a date of each meaning
and a year alone, found by meaning, a snippet or none, markup to escape; facets with selected
options and counts past a thousand), in English, Spanish, Catalan and Swedish; and the page
itself shows them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from translocal.core.dates import DateMeaning, LabelledDate
from translocal.search.body_html import facets_html, hits_html
from translocal.search.selectors import FacetGroup, FacetOption, SearchHit, SearchResults

LANGUAGES = ["en", "es", "ca", "sv"]


def _hit(n: int, **changes: object) -> SearchHit:
    values: dict[str, object] = {
        "kind": "case",
        "kind_label": "Case",
        "title_html": format_html("Participatory <mark>budgeting</mark> {}", n),
        "snippet_html": mark_safe("A city's <mark>budget</mark> & its people"),
        "url": f"/cases/case-{n}/",
        "summary": "",
        "place_name": "Porto Alegre",
        "country": "BR",
        "country_name": "Brazil",
        "language": "pt",
        "published_at": None,
        "score": 1.0,
    }
    values.update(changes)
    return SearchHit(**values)  # type: ignore[arg-type]


HITS = [
    _hit(1),
    _hit(2, url="", snippet_html=mark_safe("")),
    _hit(3, place_name="", country_name="Kenya", date=LabelledDate(DateMeaning.STARTED, dt.date(2019, 1, 1))),
    _hit(4, place_name="Singapore", country_name="Singapore", date=LabelledDate(DateMeaning.PUBLISHED, dt.date(2025, 3, 4))),  # noqa: E501
    _hit(5, place_name="", country_name="", by_meaning=True, date=LabelledDate(DateMeaning.ENDED, dt.date(2020, 6, 30))),  # noqa: E501
    _hit(6, kind_label="Method <&>", url="/m/?a=1&b=\"2\"", place_name="Cork & Kerry", by_meaning=True),
]

FACETS = [
    FacetGroup(
        name="type",
        label="Type",
        options=[FacetOption("case", "Cases", 1234567, False), FacetOption("method", "Methods", 12, True)],
    ),
    FacetGroup(
        name="country",
        label="Country <&>",
        options=[FacetOption(f"C{i}", f"Country \"{i}\" & <b>", 20 - i, i == 3) for i in range(13)],
    ),
    FacetGroup(name="language", label="Language", options=[FacetOption('x"y', "X'Y", 0, True)]),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("thousands", [False, True])
def test_the_facets_and_the_cards_are_their_templates(language, thousands):
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=thousands):
        for facets in (FACETS, FACETS[:1], []):
            expected = render_to_string("search/_facets.html", {"results": {"facets": facets}})
            assert facets_html(facets) == expected
        for hits in (HITS, HITS[4:], []):
            expected = render_to_string("search/_hits.html", {"results": {"hits": hits}})
            assert hits_html(hits) == expected
        assert "(1234567)" in facets_html(FACETS) or thousands
        assert "&lt;mark&gt;" not in hits_html(HITS) and "<mark>budgeting</mark>" in hits_html(HITS)


def test_the_page_shows_them(client, db):
    """What the page writes where the loops were: the body around them is the template's."""
    results = SearchResults(query="budgeting", terms=("budgeting",), filters={}, size=20)
    results.total, results.hits, results.facets = len(HITS), HITS, FACETS
    body = render_to_string(
        "search/search.html#search-body",
        {"results": results, "query": "budgeting", "facets_html": facets_html(FACETS), "hits_html": hits_html(HITS)},
    )
    assert '<input id="facet-country-4" type="checkbox" name="country" value="C3" checked>' in body
    assert body.count('<li class="card">') == len(HITS)
    assert '<a href="/cases/case-1/">Participatory <mark>budgeting</mark> 1</a>' in body
