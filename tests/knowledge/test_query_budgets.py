"""Every list page and detail page costs the same number of queries at 10 and at 200
rows: the budgets below are constants, asserted at both sizes."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    MethodFactory,
    PlaceFactory,
    ReflectionFactory,
    SeriesFactory,
    TermFactory,
    UserFactory,
)
from translocal.knowledge.models import Case, Method, Status
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

SIZES = [10, 200]
# Signed-in budgets include the session, the user and the "Your drafts" panel. Pages with a
# cached fragment have a cold budget (first request: the content version read + the fragment's
# queries) and a warm one (the same page again, served from the fragment cache). On pages cached
# per person (case and reflection lists and pages, method pages) the versions are read in the
# user's statement, and from the second view on the session too (accounts.backends).
# The case list counts its results (core.listing): one query more than before issue 15; and
# one more when a chosen filter value matches nothing, to name it in its chip (its label).
# Exact: the unfiltered list reads its six facets' counts in one query (knowledge.facet_counts,
# was five grouped queries); a filtered one groups the matching cases of every facet and counts
# them in one statement (selectors.cases.case_facet_counts_and_total: was one a facet and the total),
# and reads its page with its cards in one more, as the unfiltered list does (no search text).
# The unfiltered list reads its page, the cards and the total in one statement
# (selectors.cases._published_cases_page): two for the list itself.
CASE_LIST_QUERIES = 5
CASE_LIST_WARM_QUERIES = 2
FILTERED_CASE_LIST_QUERIES = 6
CASE_LIST_SECOND_PAGE_QUERIES = 3
# Exact. Signed in, cold: the session, the user with the content versions, the case with its
# place and translation (one statement), its terms and its other relations (two,
# knowledge.selectors.case_page), the vector index's version (related entries across the
# network), its related cases; warm: the first three (the body from the fragment cache).
CASE_DETAIL_QUERIES = 7
CASE_DETAIL_WARM_QUERIES = 2
# The method list counts its two facets (type, purpose) and its total; the reflection and
# series lists their total (issue 15, core.listing).
METHOD_LIST_BUDGET = 9
METHOD_LIST_WARM_BUDGET = 4
METHOD_DETAIL_BUDGET = 19
METHOD_DETAIL_WARM_BUDGET = 4
REFLECTION_LIST_BUDGET = 7
REFLECTION_LIST_WARM_BUDGET = 4
REFLECTION_DETAIL_BUDGET = 17
REFLECTION_DETAIL_WARM_BUDGET = 5
SERIES_LIST_BUDGET = 5
SERIES_LIST_WARM_BUDGET = 3
SERIES_DETAIL_BUDGET = 7
SERIES_DETAIL_WARM_BUDGET = 4


def _without_csrf(response) -> str:
    """The page without its per-request (masked) CSRF tokens."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _cold_then_warm(client, django_assert_max_num_queries, url, cold, warm, data=None):
    """The first request within the cold budget, the same request again within the warm one
    and with the same page (the cached fragments are exactly what was rendered)."""
    with django_assert_max_num_queries(cold):
        response = client.get(url, data)
    assert response.status_code == 200
    with django_assert_max_num_queries(warm):
        again = client.get(url, data)
    assert _without_csrf(again) == _without_csrf(response)
    return response


@pytest.fixture
def member(client):
    user = UserFactory(username="reader")
    client.force_login(user)
    return user


def _terms(vocabulary, count):
    return [TermFactory(vocabulary=vocabulary, label=f"{vocabulary} {i}") for i in range(count)]


def _cases(n):
    """n published cases spread over places, countries, languages, issues and methods."""
    issues = _terms(Vocabulary.GENERAL_ISSUE, 12)
    scopes = _terms(Vocabulary.SCOPE, 4)
    decisions = _terms(Vocabulary.DECISION_METHOD, 5)
    methods = MethodFactory.create_batch(6)
    places = [PlaceFactory(country=c) for c in ("GB", "KE", "ZA", "SE", "ES")]
    author = UserFactory()
    cases = [
        CaseFactory(place=places[i % 5], created_by=author, original_language=("en", "es", "sv")[i % 3])
        for i in range(n)
    ]
    rows = {"general_issues": [], "scope_of_influence": [], "decision_methods": [], "methods": []}
    for i, case in enumerate(cases):
        rows["general_issues"] += [(case.pk, issues[i % 12].pk), (case.pk, issues[(i + 5) % 12].pk)]
        rows["scope_of_influence"].append((case.pk, scopes[i % 4].pk))
        rows["decision_methods"].append((case.pk, decisions[i % 5].pk))
        rows["methods"].append((case.pk, methods[i % 6].pk))
    for name, pairs in rows.items():
        through = getattr(Case, name).through
        other = "method_id" if name == "methods" else "term_id"
        through.objects.bulk_create([through(case_id=c, **{other: t}) for c, t in pairs])
    return cases, issues, methods


@pytest.mark.parametrize("n", SIZES)
def test_case_list_queries(client, member, django_assert_num_queries, n):
    """Signed in, cold: session, user with the content versions, drafts panel, the stored facet counts
    (one query for the six facets, knowledge.facet_counts), the page with its cards and the total."""
    _cases(n)
    CaseFactory(created_by=member, status=Status.DRAFT, published_at=None)
    with django_assert_num_queries(CASE_LIST_QUERIES):
        response = client.get(reverse("knowledge:case-list"))
    assert response.status_code == 200
    with django_assert_num_queries(CASE_LIST_WARM_QUERIES):
        warm = client.get(reverse("knowledge:case-list"))
    assert _without_csrf(warm) == _without_csrf(response)


@pytest.mark.parametrize("n", SIZES)
def test_filtered_case_list_queries(client, member, django_assert_num_queries, n):
    """A filter groups the matching cases instead: every facet's counts and the total in one
    statement (here three facets are chosen, so four sets of cases are grouped in it)."""
    _, issues, methods = _cases(n)
    query = {"issue": [issues[0].slug, issues[3].slug], "country": ["GB", "KE"], "method": [methods[0].slug]}
    with django_assert_num_queries(FILTERED_CASE_LIST_QUERIES):
        response = client.get(reverse("knowledge:case-list"), query)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [30, 200])  # both with a second page (24 a page)
def test_case_list_second_page_queries(client, django_assert_num_queries, n):
    """Anonymous, cold: the content version, the stored facet counts, the page with its cards and total."""
    _cases(n)
    first = client.get(reverse("knowledge:case-list")).content.decode()
    cursor = re.search(r'rel="next" href="\?cursor=([^"&]+)"', first).group(1)
    with django_assert_num_queries(CASE_LIST_SECOND_PAGE_QUERIES):
        assert client.get(reverse("knowledge:case-list"), {"cursor": cursor}).status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_case_detail_queries(client, member, django_assert_num_queries, n):
    cases, _, _ = _cases(n)
    case = cases[0]
    for reflection in ReflectionFactory.create_batch(3):
        reflection.cases.add(case)
    with django_assert_num_queries(CASE_DETAIL_QUERIES):
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert 'id="related-title"' in response.content.decode()
    assert 'class="card-list card-list--compact"' in response.content.decode()  # related cases shown
    with django_assert_num_queries(CASE_DETAIL_WARM_QUERIES):
        warm = client.get(case.get_absolute_url())
    assert _without_csrf(warm) == _without_csrf(response)


@pytest.mark.parametrize("n", SIZES)
def test_method_list_budget(client, member, django_assert_max_num_queries, n):
    types = _terms(Vocabulary.METHOD_TYPE, 3)
    methods = MethodFactory.create_batch(n, created_by=UserFactory())
    through = Method.method_types.through
    through.objects.bulk_create(
        [through(method_id=m.pk, term_id=types[i % 3].pk) for i, m in enumerate(methods)]
    )
    MethodFactory(created_by=member, status=Status.DRAFT, published_at=None)
    response = _cold_then_warm(
        client,
        django_assert_max_num_queries,
        reverse("knowledge:method-list"),
        METHOD_LIST_BUDGET,
        METHOD_LIST_WARM_BUDGET,
    )
    assert 'id="your-drafts"' in response.content.decode()


@pytest.mark.parametrize("n", SIZES)
def test_method_detail_budget(client, member, django_assert_max_num_queries, n):
    cases, _, methods = _cases(n)
    for reflection in ReflectionFactory.create_batch(3):
        reflection.methods.add(methods[0])
    response = _cold_then_warm(
        client,
        django_assert_max_num_queries,
        methods[0].get_absolute_url(),
        METHOD_DETAIL_BUDGET,
        METHOD_DETAIL_WARM_BUDGET,
    )
    assert 'id="cases-title"' in response.content.decode()


def _reflections(n, series=None):
    writer, co_writer = UserFactory(), UserFactory()
    reflections = ReflectionFactory.create_batch(n, created_by=writer, series=None)
    if series is not None:
        for i, reflection in enumerate(reflections, 1):
            reflection.series, reflection.series_position = series, i
            reflection.save(update_fields=["series", "series_position"])
    for reflection in reflections:
        AuthorshipFactory(reflection=reflection, user=writer)
        AuthorshipFactory(reflection=reflection, user=co_writer)
        AuthorshipFactory(
            reflection=reflection, user=None, guest_name="Guest Author", guest_affiliation="Uni"
        )
    return reflections


@pytest.mark.parametrize("n", SIZES)
def test_reflection_list_budget(client, member, django_assert_max_num_queries, n):
    _reflections(n, series=SeriesFactory())
    ReflectionFactory(created_by=member, status=Status.DRAFT, published_at=None)
    _cold_then_warm(
        client,
        django_assert_max_num_queries,
        reverse("knowledge:reflection-list"),
        REFLECTION_LIST_BUDGET,
        REFLECTION_LIST_WARM_BUDGET,
    )


@pytest.mark.parametrize("n", SIZES)
def test_reflection_detail_budget(client, member, django_assert_max_num_queries, n):
    reflections = _reflections(n, series=SeriesFactory())
    reflection = reflections[n // 2]
    reflection.cases.add(CaseFactory())
    response = _cold_then_warm(
        client,
        django_assert_max_num_queries,
        reflection.get_absolute_url(),
        REFLECTION_DETAIL_BUDGET,
        REFLECTION_DETAIL_WARM_BUDGET,
    )
    content = response.content.decode()
    assert f"Post {n // 2 + 1} of {n} in the series" in content
    assert 'rel="prev"' in content and 'rel="next"' in content


@pytest.mark.parametrize("n", SIZES)
def test_series_list_budget(client, member, django_assert_max_num_queries, n):
    series = SeriesFactory.create_batch(n)
    writer = UserFactory()
    for s in series[:10]:
        ReflectionFactory(series=s, series_position=1, created_by=writer)
        ReflectionFactory(series=s, series_position=2, created_by=writer)
    _cold_then_warm(
        client,
        django_assert_max_num_queries,
        reverse("knowledge:series-list"),
        SERIES_LIST_BUDGET,
        SERIES_LIST_WARM_BUDGET,
    )


@pytest.mark.parametrize("n", SIZES)
def test_series_detail_budget(client, member, django_assert_max_num_queries, n):
    series = SeriesFactory()
    _reflections(n, series=series)
    response = _cold_then_warm(
        client,
        django_assert_max_num_queries,
        series.get_absolute_url(),
        SERIES_DETAIL_BUDGET,
        SERIES_DETAIL_WARM_BUDGET,
    )
    assert f"A series of {n} published posts." in response.content.decode()
