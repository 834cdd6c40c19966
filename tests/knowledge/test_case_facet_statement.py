"""The case list's facet counts and total in one statement (case_facet_counts_and_total) equal
each facet's own grouped query (``kind.counts``) over the cases matching the other chosen facets,
and the number of cases matching all of them, for many filter combinations, with ties, labels in
another language, unpublished methods, and filters nothing matches."""

import random

import pytest
from django.db.models import Q
from django.utils import translation

from tests.factories import CaseFactory, MethodFactory, PlaceFactory, TermFactory, UserFactory
from translocal.core.listing import search_filter
from translocal.knowledge.models import Case, Method, Status
from translocal.knowledge.selectors.cases import (
    CASE_FACETS,
    CASE_SEARCH_FIELDS,
    case_facet_counts_and_total,
    grouped_case_facet_counts,
    stored_case_facet_counts,
)
from translocal.knowledge.selectors.common import PUBLISHED
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

FIELDS = {
    "general_issues": Vocabulary.GENERAL_ISSUE,
    "scope_of_influence": Vocabulary.SCOPE,
    "decision_methods": Vocabulary.DECISION_METHOD,
}


@pytest.fixture
def cases():
    """40 cases over 4 terms a field (two with the same count by construction), 3 methods (one
    a draft), 4 countries and 3 languages (and none), a quarter of them drafts."""
    rng = random.Random(7)
    terms = {
        field: [
            TermFactory(vocabulary=vocabulary, label=f"{field} {i}", labels={"es": f"es {field} {4 - i}"})
            for i in range(4)
        ]
        for field, vocabulary in FIELDS.items()
    }
    methods = [MethodFactory(status=status) for status in (Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT)]
    places = [PlaceFactory(country=country) for country in ("GB", "KE", "SE", "KE", "ES")]
    author = UserFactory()
    for i in range(40):
        case = CaseFactory(
            created_by=author,
            title=f"{'Budget' if i % 3 else 'Assembly'} case {i}",
            place=rng.choice([*places, None]),
            original_language=rng.choice(["en", "es", "sv", ""]),
            status=Status.DRAFT if i % 4 == 3 else Status.PUBLISHED,
        )
        for field in FIELDS:
            getattr(case, field).set(rng.sample(terms[field], rng.randint(0, 2)))
        case.methods.set(rng.sample(methods, rng.randint(0, 2)))
    return terms


def _per_facet(base, conditions):
    """Each facet's own grouped query over the cases matching the other conditions, and the
    number matching all of them: what one statement must equal."""
    counts = {}
    for kind in CASE_FACETS:
        others = [q for name, q in conditions.items() if name != kind.name]
        counts[kind.name] = kind.counts(base.filter(*others).order_by())
    return counts, base.filter(*conditions.values()).count()


def _combinations(terms):
    issue, scope = terms["general_issues"][0].slug, terms["scope_of_influence"][1].slug
    method = Method.objects.filter(status=Status.PUBLISHED).order_by("pk").first().slug
    draft_method = Method.objects.filter(status=Status.DRAFT).get().slug
    return [
        {"issue": [issue]},
        {"country": ["KE"]},
        {"language": ["es", "sv"]},
        {"method": [method]},
        {"issue": [issue], "country": ["KE", "GB"]},
        {"issue": [issue], "scope": [scope], "language": ["en"]},
        {"country": ["KE"], "language": ["es"], "method": [method]},
        {"issue": ["no-such-issue"]},  # nothing matches
        {"method": [draft_method]},  # a draft method: no published case counts under it
        {"country": ["ZZ"], "issue": [issue]},
    ]


def _conditions(filters):
    return {kind.name: kind.q(filters[kind.name]) for kind in CASE_FACETS if kind.name in filters}


@pytest.mark.parametrize("language", ["en", "es"])
def test_one_statement_equals_each_facets_own_query(cases, language):
    published = Case.objects.filter(PUBLISHED)
    with translation.override(language):
        for filters in _combinations(cases):
            conditions = _conditions(filters)
            expected, expected_total = _per_facet(published, conditions)
            assert case_facet_counts_and_total(published, conditions) == (expected, expected_total), filters
            assert grouped_case_facet_counts(published, conditions) == expected, filters


def test_one_statement_equals_each_facets_own_query_while_searching(cases):
    for text in ("budget", "assembly case", "nothing like this"):
        base = search_filter(Case.objects.filter(PUBLISHED), text, fields=CASE_SEARCH_FIELDS)
        for filters in [{}, *_combinations(cases)[:6]]:
            conditions = _conditions(filters)
            assert case_facet_counts_and_total(base, conditions) == _per_facet(base, conditions), (text, filters)


@pytest.mark.parametrize("chosen", ["country", "issue", "language"])
def test_a_facet_no_other_narrows_reads_the_stored_counts(cases, django_assert_num_queries, chosen):
    """One chosen facet: its own counts from the stored table (one query), every other facet and
    the total in one statement (whichever kind of facet comes first in it)."""
    published = Case.objects.filter(PUBLISHED)
    values = {"country": ["KE"], "issue": [cases["general_issues"][1].slug], "language": ["es"]}
    conditions = _conditions({chosen: values[chosen]})
    expected, total = _per_facet(published, conditions)
    with django_assert_num_queries(2):
        counts, matching = case_facet_counts_and_total(published, conditions, stored=stored_case_facet_counts)
    assert (counts, matching) == (expected, total)


def test_ties_are_ordered_by_label_as_each_facets_query_orders_them():
    """Two terms and two countries with the same count: the label (the code) breaks the tie."""
    author = UserFactory()
    b, a = (TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label=label) for label in ("Beta", "Alpha"))
    for country in ("SE", "GB"):
        for term in (a, b):
            case = CaseFactory(created_by=author, status=Status.PUBLISHED, place=PlaceFactory(country=country))
            case.general_issues.set([term])
    published = Case.objects.filter(PUBLISHED)
    conditions = {"language": Q(original_language__in=["en", "es", "sv", ""]) | Q(pk__gt=0)}
    counts, total = case_facet_counts_and_total(published, conditions)
    assert [row[1:] for row in counts["issue"]] == [("Alpha", 2), ("Beta", 2)]
    assert [(code, n) for code, _label, n in counts["country"]] == [("GB", 2), ("SE", 2)]
    assert total == 4
    assert (counts, total) == _per_facet(published, conditions)


def test_no_case_at_all_gives_empty_counts_and_zero():
    counts, total = case_facet_counts_and_total(Case.objects.filter(PUBLISHED), _conditions({"country": ["KE"]}))
    assert counts == {kind.name: [] for kind in CASE_FACETS}
    assert total == 0


@pytest.mark.parametrize("names", [["issue"], ["country"], ["method"], ["language", "scope"], []])
def test_the_stored_counts_of_some_facets_are_those_of_all(cases, names):
    everything = stored_case_facet_counts()
    with translation.override("es"):
        assert stored_case_facet_counts(names) == {
            name: rows for name, rows in stored_case_facet_counts().items() if name in names
        }
    assert stored_case_facet_counts(names) == {name: everything[name] for name in names}
