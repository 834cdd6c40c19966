import pytest
from django.urls import reverse

from tests.factories import CaseFactory, MethodFactory, PlaceFactory, TermFactory
from translocal.intelligence.models import Embedding
from translocal.knowledge.models import Case, Method
from translocal.search.services import index_instances
from translocal.taxonomy.models import Vocabulary

URL = reverse("search:search")


def _index_cases(count: int) -> None:
    issue = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Planning")
    method = MethodFactory(title="Budgeting method", slug="budgeting-method")
    places = [PlaceFactory(country=c) for c in ("GB", "SE", "KE")]
    for n in range(count):
        case = CaseFactory(
            title=f"Budgeting case {n}", place=places[n % 3], body_html="<p>Residents decide.</p>"
        )
        case.general_issues.add(issue)
        case.methods.add(method)
    index_instances(Case.objects.all())
    index_instances(Method.objects.all())


def test_search_page_shows_highlighted_results_count_and_facets(client, db):
    _index_cases(3)

    response = client.get(URL, {"q": "budgeting"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "4 results for “budgeting”" in html
    assert "<mark>Budgeting</mark> case 0" in html
    assert '<form class="facets" method="get"' in html
    assert 'name="type" value="case"' in html and "Cases <span class=\"count\">(3)</span>" in html
    assert html.count("<h1") == 1


def test_search_page_applies_facet_filters_from_the_query_string(client, db):
    _index_cases(3)

    html = client.get(URL, {"q": "budgeting", "type": "case", "country": "SE"}).content.decode()

    assert "1 result for" in html
    assert 'value="SE" checked' in html


def test_empty_query_shows_a_clear_message(client, db):
    html = client.get(URL).content.decode()
    assert "Type a word or two to search" in html


def test_no_results_shows_the_empty_state(client, db):
    _index_cases(1)
    html = client.get(URL, {"q": "zeppelin"}).content.decode()
    assert 'class="empty"' in html and "No results for “zeppelin”" in html


def test_pagination_links_keep_the_query_and_filters(client, db):
    _index_cases(25)

    html = client.get(URL, {"q": "budgeting", "type": "case"}).content.decode()

    assert 'class="pagination"' in html
    assert 'href="?q=budgeting&amp;type=case&amp;page=2"' in html


def test_htmx_request_renders_only_the_results_partial(client, db):
    _index_cases(2)

    response = client.get(URL, {"q": "budgeting"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-body")

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-body"')
    assert "<html" not in html


@pytest.mark.parametrize("rows", [10, 200])
def test_search_page_query_budget(client, db, rows, django_assert_num_queries):
    _index_cases(rows)  # announced to the embedder: the cases get vectors
    assert Embedding.objects.filter(kind="case", is_public=True).count() == rows
    client.get(URL, {"q": "budgeting"})  # this process's vector index catches up (one query more, once)

    # 6, plus hybrid ranking's two: the embeddings version and the semantic candidates.
    with django_assert_num_queries(8):
        response = client.get(URL, {"q": "budgeting residents", "type": "case", "country": "GB"})

    assert response.status_code == 200
