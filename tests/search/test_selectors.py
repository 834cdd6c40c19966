import pytest

from tests.factories import CaseFactory, MethodFactory, PlaceFactory, TermFactory, UserFactory
from translocal.knowledge.models import Case, Method
from translocal.search.backends import get_backend
from translocal.search.query import marked_to_html, parse_terms
from translocal.search.registry import SearchDocument
from translocal.search.selectors import search
from translocal.search.services import index_instance, index_instances
from translocal.taxonomy.models import Vocabulary


def _facet(results, name: str) -> dict[str, int]:
    group = next((g for g in results.facets if g.name == name), None)
    return {o.value: o.count for o in group.options} if group else {}


def test_snippet_is_html_escaped_and_marked(db):
    case = CaseFactory(
        title="Budget night",
        body_html="<p>&lt;script&gt;alert(1)&lt;/script&gt; residents voted on the budget &amp; more</p>",
    )
    index_instance(case)

    hit = search(query="budget", user=None).hits[0]

    unmarked = hit.snippet_html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in unmarked and ">" not in unmarked  # PostgreSQL drops tag-like text, SQLite escapes it
    assert "<mark>budget</mark> &amp; more" in hit.snippet_html
    assert hit.title_html == "<mark>Budget</mark> night"


def test_marked_to_html_escapes_text_and_balances_marks():
    assert marked_to_html("a<b>\x02x\x03 \x02y") == "a&lt;b&gt;<mark>x</mark> <mark>y</mark>"


@pytest.mark.parametrize(
    "query",
    [
        'AND OR NOT " * ( ) NEAR', 'budget" OR title:*', "NEAR(budget park, 2)", "{title}: budget",
        "-budget ^park", "budget AND", "'; DROP TABLE search_searchentry; --", "\x02budget\x03", "é" * 500,
    ],
)
def test_query_syntax_is_never_interpreted(db, query):
    index_instance(CaseFactory(title="Park budget"))

    results = search(query=query, user=None)

    assert results.total in {0, 1}


def test_operator_words_are_dropped_and_quoted_terms_kept():
    assert parse_terms('budget" AND (park*) NEAR title:x') == ("budget", "park", "title", "x")
    assert parse_terms("the") == ("the",)
    assert parse_terms("the citizens' assembly") == ("citizens", "assembly")


def test_all_terms_are_required_before_falling_back_to_any(db):
    index_instances([CaseFactory(title="Harbour budget"), CaseFactory(title="Harbour walk")])

    both = search(query="harbour budget", user=None)
    fallback = search(query="harbour zeppelin", user=None)

    # The words: only the case with both terms matches. The cases have vectors (bulk indexing
    # announces them), and the suite's lexical embedder finds "Harbour walk" near the query: it
    # comes after the full-text match, found by meaning (the hybrid half), not by the words.
    assert (both.mode, both.total - both.by_meaning) == ("and", 1)
    assert [(h.title_html, h.by_meaning) for h in both.hits] == [
        ("<mark>Harbour</mark> <mark>budget</mark>", False),
        ("Harbour walk", True),
    ]
    assert (fallback.mode, fallback.total, fallback.by_meaning) == ("or", 2, 0)


def test_empty_query_returns_nothing_and_says_so(db):
    index_instance(CaseFactory(title="Anything"))
    results = search(query="  ", user=None)
    assert results.is_empty_query and results.total == 0 and results.hits == []


def test_facets_count_the_whole_result_set_not_the_page(db):
    education = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Education")
    health = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Health")
    sweden = PlaceFactory(name="Malmö", country="SE")
    for n in range(5):
        case = CaseFactory(title=f"Youth council {n}", place=sweden if n < 3 else PlaceFactory())
        case.general_issues.add(education if n < 4 else health)
    MethodFactory(title="Youth council method")
    index_instances(Case.objects.all())
    index_instances(Method.objects.all())

    results = search(query="youth council", user=None, size=2)

    assert results.total == 6 and len(results.hits) == 2
    assert _facet(results, "type") == {"case": 5, "method": 1}
    assert _facet(results, "general_issue") == {education.slug: 4, health.slug: 1}
    assert _facet(results, "country") == {"SE": 3, "GB": 2}


def test_filters_and_across_facets_or_within_one(db):
    education = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Education")
    sweden = PlaceFactory(name="Umeå", country="SE")
    kenya = PlaceFactory(name="Kisumu", country="KE")
    a = CaseFactory(title="Youth forum A", place=sweden)
    a.general_issues.add(education)
    CaseFactory(title="Youth forum B", place=kenya)
    CaseFactory(title="Youth forum C", place=PlaceFactory(country="GB"))
    MethodFactory(title="Youth forum method")
    index_instances(Case.objects.all())
    index_instances(Method.objects.all())

    by_country = search(query="youth forum", user=None, filters={"country": ["SE", "KE"]})
    both = search(
        query="youth forum", user=None, filters={"country": ["SE", "KE"], "general_issue": [education.slug]}
    )
    cases = search(query="youth forum", user=None, filters={"type": ["case"]})

    assert by_country.total == 2
    # The selected facet keeps counting its other values (what adding them would give).
    assert _facet(by_country, "country") == {"SE": 1, "KE": 1, "GB": 1}
    assert [h.title_html for h in both.hits] == ["<mark>Youth</mark> <mark>forum</mark> A"]
    assert cases.total == 3
    assert search(query="youth forum", user=None, filters={"nonsense": ["x"]}).total == 4


def test_pages_cover_all_hits_once(db):
    index_instances([CaseFactory(title=f"Garden {n}") for n in range(7)])

    pages = [search(query="garden", user=None, page=p, size=3) for p in (1, 2, 3)]

    assert [len(p.hits) for p in pages] == [3, 3, 1]
    assert len({h.url for p in pages for h in p.hits}) == 7
    # Past the last page: the last page, with the total (the page statement counts only the
    # rows it ranks, so a page past the last one counts them on its own).
    past = search(query="garden", user=None, page=99, size=3)
    assert (past.page, past.total, past.hits) == (3, 7, pages[2].hits)
    fallback = search(query="garden zzqxv", user=None, page=99, size=3)
    assert (fallback.mode, fallback.page, fallback.total, len(fallback.hits)) == ("or", 3, 7, 1)
    nothing = search(query="zzqxv budgeting", user=None, page=2, size=3)
    assert (nothing.mode, nothing.page, nothing.total, nothing.hits) == ("or", 1, 0, [])


def test_private_entry_is_found_only_by_its_owner(db):
    owner, other = UserFactory(), UserFactory()
    get_backend().index(
        "case",
        {999: SearchDocument(title="Private notebook", url="/x/", is_public=False, owner_id=owner.pk)},
    )

    assert search(query="notebook", user=owner).total == 1
    assert search(query="notebook", user=other).total == 0
    assert search(query="notebook", user=None).total == 0


def test_accents_are_ignored(db):
    index_instance(PlaceFactory(name="Malmö", country="SE"))
    assert search(query="malmo", user=None).total == 1
