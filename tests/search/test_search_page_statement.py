"""A search's page, total and facet counts in one statement (``BaseBackend.search_page``) equal
what the separate reads gave before it: ``one_per_object`` + ``page_and_total`` for the page and
the total, ``_facet_counts`` for the counts (still the hybrid path's reads), on data with
several facets, an object in two languages (an original and its translation: one result, one
count per value) and a private entry, for its owner, another person and an anonymous reader,
in English and Spanish, with and without filters, on every page and past the last one."""

import math

import pytest
from django.utils import translation

from tests.factories import UserFactory
from translocal.search import selectors
from translocal.search.backends import MatchQuery, get_backend
from translocal.search.registry import FacetValue, SearchDocument

ISSUES = [("housing", "Housing", {"es": "Vivienda"}), ("health", "Health", {"es": "Salud"}), ("energy", "Energy", {})]


def _document(n: int, *, language: str = "en", group: str = "", **kwargs) -> SearchDocument:  # noqa: ANN003
    slug, label, labels = ISSUES[n % len(ISSUES)]
    words = ["river", "garden", "budget"][: 1 + n % 3]
    return SearchDocument(
        title=f"{' '.join(words).title()} council {n}",
        url=f"/x/{n}/{language}/",
        summary=f"Neighbours and the council {n}",
        body=" ".join(["council", *words, "assembly"] * (1 + n % 4)),
        language=language,
        country=["SE", "KE", "GB"][n % 3],
        boost=(n % 5) / 10,
        group=group,
        facets={"general_issue": [FacetValue(slug, label, labels)]},
        **kwargs,
    )


@pytest.fixture
def index(db, monkeypatch):  # noqa: ANN001, ANN201
    # The full-text path: no semantic ranker (this process's vector index may still hold an
    # earlier test's vectors, whose ids these entries can reuse).
    monkeypatch.setattr(selectors.semantic, "ranker", lambda: None)
    owner = UserFactory()
    backend = get_backend()
    backend.index("case", {n: _document(n, is_public=True) for n in range(1, 26)})
    backend.index("method", {n: _document(n + 30, is_public=True) for n in range(1, 6)})
    # Cases 1 and 2 in Spanish too: one result each, in the reader's language when it has one.
    backend.index(
        "case-translation",
        {n: _document(n, language="es", group=f"case:{n}", is_public=True) for n in (1, 2)},
    )
    backend.index("case", {900: _document(900, is_public=False, owner_id=owner.pk)})
    return owner


def _old_search(query: str, user, filters: dict, page: int, size: int) -> selectors.SearchResults:  # noqa: ANN001
    """search() as it read before the one statement (selectors at 471b27e, no ranker)."""
    filters = selectors.clean_filters(filters)
    terms = selectors.parse_terms(query)
    results = selectors.SearchResults(query=query.strip(), terms=terms, filters=filters, size=size)
    backend = get_backend()
    visible = selectors.visible_entries(user)
    filtered = selectors._apply_filters(visible, filters)
    for mode in ("and", "or"):
        match = MatchQuery(terms, mode)
        matching = selectors._matching(backend, match, selectors.one_per_object(backend, match, filtered))
        number = min(max(1, page), selectors.MAX_PAGE)
        rows, total = backend.page_and_total(match, matching, offset=(number - 1) * size, limit=size)
        if not rows and number > 1:
            total = matching.count()
            number = min(number, max(1, math.ceil(total / size)))
            rows = backend.page(match, matching, offset=(number - 1) * size, limit=size) if total else []
        if total or len(terms) == 1:
            break
    results.total, results.page, results.mode = total, number, match.mode
    results.hits = [selectors._hit(row) for row in rows]
    if results.total or filters:
        results.facets = selectors._facet_counts(backend, match, visible, filters)
    return results


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "filters",
    [{}, {"type": ["case"]}, {"general_issue": ["housing", "energy"], "country": ["SE"]}, {"language": ["es"]}],
)
def test_one_statement_returns_what_the_separate_reads_did(index, language, filters):
    owner = index
    readers = [owner, UserFactory(), None]
    queries = ["council", "garden council", "budget river", "garden zzqxv", "zzqxv", "assembly"]
    with translation.override(language):
        for user in readers:
            for query in queries:
                for page in (1, 2, 3, 9):
                    new = selectors.search(query=query, user=user, filters=filters, page=page, size=4)
                    old = _old_search(query, user, filters, page, 4)
                    assert new == old, (query, user, filters, page)


def test_the_private_entry_counts_for_its_owner_only(index):
    owner = index

    mine = selectors.search(query="council", user=owner, size=50)
    theirs = selectors.search(query="council", user=UserFactory(), size=50)

    assert mine.total == theirs.total + 1 == 31
    assert "/x/900/en/" in {hit.url for hit in mine.hits}
    assert "/x/900/en/" not in {hit.url for hit in theirs.hits}
    # The translated cases are one result each, in Spanish for a Spanish reader.
    with translation.override("es"):
        spanish = selectors.search(query="council", user=None, size=50)
    assert {"/x/1/es/", "/x/2/es/"} <= {hit.url for hit in spanish.hits}
    assert not {"/x/1/en/", "/x/2/en/"} & {hit.url for hit in spanish.hits}
    languages = {o.value: o.count for g in spanish.facets if g.name == "language" for o in g.options}
    assert languages == {"en": 30, "es": 2}
