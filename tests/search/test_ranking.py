"""Ranking on real Participedia text: "citizens assembly electoral reform" must put the
British Columbia Citizens' Assembly first, above the similar Ontario assembly, also once the
cases have vectors and search is hybrid (the full-text order is kept among full-text matches,
search.selectors.fuse; plain reciprocal rank fusion put Ontario first)."""


from translocal.intelligence.models import Embedding
from translocal.intelligence.selectors import semantic_hits
from translocal.knowledge.models import Case
from translocal.search.models import SearchEntry
from translocal.search.selectors import search
from translocal.search.services import index_instances

QUERY = "citizens assembly electoral reform"
BRITISH_COLUMBIA = "British Columbia Citizens' Assembly on Electoral Reform"


def _plain(title_html: str) -> str:
    return title_html.replace("<mark>", "").replace("</mark>", "").replace("&#x27;", "'")


def test_british_columbia_first_among_similar_real_cases(db, real_case):
    # BC (1), Ontario (46), other citizens' assemblies and electoral cases, a German
    # translation of BC (body mentions all terms, title none).
    for source_id in ("46", "1", "1863", "4228", "465", "1251", "850", "4241"):
        real_case(source_id)
    index_instances(Case.objects.all())  # announced to the embedder, like an import's cases
    _assert_hybrid()

    hits = search(query=QUERY, user=None).hits

    assert _plain(hits[0].title_html) == BRITISH_COLUMBIA
    assert _plain(hits[1].title_html) == "Ontario Citizens' Assembly on Electoral Reform"


def _assert_hybrid() -> None:
    """Every public case has its vector and the semantic ranker answers the query: the search
    fuses full-text and semantic results."""
    public_cases = SearchEntry.objects.filter(kind="case", is_public=True).count()
    assert public_cases and Embedding.objects.filter(kind="case", is_public=True).count() == public_cases
    assert semantic_hits(QUERY, 20)


def test_title_matches_outrank_body_matches(db, real_case):
    real_case("1")  # BC: every term in the title
    real_case("4241")  # Electoral District Forum: one term in the title
    real_case("1251")  # We the Citizens Ireland
    index_instances(Case.objects.all())

    titles = [_plain(h.title_html) for h in search(query="electoral reform", user=None).hits]

    assert titles[0] == BRITISH_COLUMBIA


def test_british_columbia_first_on_the_full_imported_data(db, shared_data):
    from translocal.knowledge.importers.participedia import import_participedia

    import_participedia(path=shared_data / "participedia")
    _assert_hybrid()

    hits = search(query=QUERY, user=None).hits

    assert _plain(hits[0].title_html) == BRITISH_COLUMBIA
    assert hits[0].kind == "case"
