"""Hybrid search: full-text results keep their order and results found by meaning alone are
inserted where reciprocal rank fusion puts them, inside the search service; facets kept, drafts
never found by meaning."""

import pytest
from django.contrib.auth.models import AnonymousUser

from translocal.search import selectors
from translocal.search.selectors import fuse, hybrid_order, rrf

pytestmark = pytest.mark.django_db


def test_rrf_rewards_agreement_between_rankings():
    # b is second in both lists, a first in one only: agreement wins.
    assert rrf([["a", "b", "c"], ["d", "b", "e"]])[0] == "b"
    assert rrf([["a", "b"], []]) == ["a", "b"]
    assert rrf([[1, 2, 3], [3, 2, 1]]) == [1, 3, 2]  # 1 and 3 tie (ahead of 2, twice in the middle): first seen first


def test_fusion_keeps_the_full_text_order_that_rrf_would_change():
    # The semantic ranker prefers the third and second full-text hits: plain RRF moves them up,
    # the fusion keeps the words' order.
    assert rrf([[1, 2, 3], [3, 2]]) == [3, 2, 1]
    assert fuse([1, 2, 3], [3, 2]) == [1, 2, 3]


def test_fusion_inserts_a_result_found_by_meaning_alone_where_rrf_puts_it():
    # 9 shares no word: first by meaning, it ties with the first full-text hit (1 / 61) and
    # comes after it; the full-text hits keep their order around it.
    assert rrf([[1, 2, 3, 4], [9]]) == [1, 9, 2, 3, 4]
    assert fuse([1, 2, 3, 4], [9]) == [1, 9, 2, 3, 4]
    # A full-text hit the ranker also likes (4) would jump to the top; its slot goes to the
    # full-text hits in their order, and what only meaning found (9, 8) keeps its RRF place.
    assert rrf([[1, 2, 3, 4], [4, 9, 8]]) == [4, 1, 2, 9, 3, 8]
    assert fuse([1, 2, 3, 4], [4, 9, 8]) == [1, 2, 3, 9, 4, 8]


def test_fusion_without_full_text_hits_is_the_semantic_order():
    assert fuse([], [7, 5, 6]) == [7, 5, 6]
    assert fuse([1, 2], []) == [1, 2]


def test_on_the_any_word_fallback_meaning_may_reorder_the_full_text_hits():
    # Every word matched: the words' order stands. Only some words matched (the search fell
    # back to "or"): a hit sharing one common word is weak evidence, and plain RRF decides.
    assert hybrid_order([1, 2, 3], [3, 2], every_word=True) == [1, 2, 3]
    assert hybrid_order([1, 2, 3], [3, 2], every_word=False) == [3, 2, 1]
    assert hybrid_order([1, 2], [9], every_word=False) == rrf([[1, 2], [9]])


@pytest.fixture
def corpus(make_case, place):
    return {
        "youth": make_case(
            "Teenagers redesign the streets of Rosengård",
            "A panel of pupils aged 13 to 17 chose benches, lighting and trees for the district.",
            place=place,
        ),
        "budget": make_case(
            "Participatory budgeting for housing repairs",
            "Tenants voted on how to spend the municipal housing fund.",
        ),
        "fuel": make_case("Customs duties on fuel imports", "The finance ministry reviewed tariffs."),
        "draft": make_case(
            "Kids plan the playground (draft)", "Children design a play area near the school.", publish=False
        ),
    }


def _search(query, **kwargs):
    return selectors.search(query=query, user=AnonymousUser(), **kwargs)


def _titles(results):
    return [hit.summary or str(hit.title_html) for hit in results.hits]


def test_a_query_sharing_no_word_finds_the_case_by_meaning(corpus, monkeypatch):
    query = "young people shaping their neighbourhood"
    results = _search(query)
    assert results.hits and results.hits[0].url == corpus["youth"].get_absolute_url()
    assert results.hits[0].by_meaning and results.by_meaning >= 1
    # Keyword search alone finds nothing: the case never uses these words.
    monkeypatch.setattr("translocal.search.semantic._ranker", None)
    assert _search(query).total == 0


def test_a_spanish_query_finds_the_english_case(corpus):
    results = _search("presupuesto participativo para la vivienda")
    assert results.hits[0].url == corpus["budget"].get_absolute_url()


def test_a_draft_is_never_found_by_meaning(corpus):
    results = _search("children designing a playground")
    assert corpus["draft"].get_absolute_url() not in [hit.url for hit in results.hits]


def test_facets_count_what_was_found_by_meaning(corpus):
    results = _search("young people shaping their neighbourhood")
    countries = {o.value: o.count for g in results.facets if g.name == "country" for o in g.options}
    assert countries.get("SE") == 1
    filtered = _search("young people shaping their neighbourhood", filters={"country": ["SE"]})
    assert [hit.url for hit in filtered.hits] == [corpus["youth"].get_absolute_url()]


def test_words_and_meaning_agreeing_rank_first(corpus):
    results = _search("housing budget")
    assert results.hits[0].url == corpus["budget"].get_absolute_url()
    assert not results.hits[0].by_meaning  # the words match too


def test_hybrid_search_query_count(corpus, django_assert_num_queries):
    _search("young people shaping their neighbourhood")  # the index loads
    # AND count, OR count (no word matches), embeddings version, semantic candidates, facets
    with django_assert_num_queries(5):
        _search("young people shaping their neighbourhood")


def test_the_search_page_says_what_was_found_by_meaning(client, corpus):
    html = client.get("/search/", {"q": "young people shaping their neighbourhood"}).content.decode()
    assert corpus["youth"].title in html
    assert "similar in meaning, no shared words" in html


def test_weak_neighbours_are_not_counted_as_matches(corpus):
    results = _search("presupuesto participativo para la vivienda")
    urls = [hit.url for hit in results.hits]
    assert corpus["fuel"].get_absolute_url() not in urls  # nothing to do with the query


def test_a_search_nothing_is_found_by_meaning_for_reads_one_page_of_hits(
    corpus, monkeypatch, django_assert_num_queries
):
    # No candidates (no vectors yet, or none this search may show): the fused order is the
    # full-text order, so the page is the one a search without a ranker shows, and only its
    # rows are ranked and highlighted (not the fusion window's FUSION_WINDOW).
    query = "housing budget"
    monkeypatch.setattr("translocal.search.semantic._ranker", None)
    expected = _search(query)
    monkeypatch.setattr("translocal.search.semantic._ranker", lambda text, limit: [])
    backend_class = type(selectors.get_backend())
    read = backend_class.search_page
    pages = []

    def page(self, match, **kwargs):  # noqa: ANN001, ANN003, ANN202
        pages.append((kwargs["offset"], kwargs["limit"]))
        return read(self, match, **kwargs)

    monkeypatch.setattr(backend_class, "search_page", page)
    # One: the page, its total and the facets are one statement (BaseBackend.search_page; they
    # were two, the page with its total and the facets).
    with django_assert_num_queries(1):
        found = _search(query)
    assert expected.total >= 1 and found.total == expected.total
    assert found.hits == expected.hits and found.facets == expected.facets
    assert pages == [(0, selectors.DEFAULT_SIZE)]  # one page of hits, not the fusion window
