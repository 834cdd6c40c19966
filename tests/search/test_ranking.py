"""Ranking on real Participedia text: "citizens assembly electoral reform" must put the
British Columbia Citizens' Assembly first, above the similar Ontario assembly."""


from translocal.knowledge.models import Case
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
    index_instances(Case.objects.all())

    hits = search(query=QUERY, user=None).hits

    assert _plain(hits[0].title_html) == BRITISH_COLUMBIA
    assert _plain(hits[1].title_html) == "Ontario Citizens' Assembly on Electoral Reform"


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

    hits = search(query=QUERY, user=None).hits

    assert _plain(hits[0].title_html) == BRITISH_COLUMBIA
    assert hits[0].kind == "case"
