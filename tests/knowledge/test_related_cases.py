"""`related_cases`: published cases ranked by how many general issues and methods they share
with a case (then newest first), the case itself and drafts left out, six at most."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone, translation

from tests.factories import CaseFactory, MethodFactory, ReflectionFactory, TermFactory
from translocal.knowledge import selectors
from translocal.knowledge.models import Case, CaseTranslation, Status
from translocal.knowledge.selectors.cases import PAGE_REFLECTIONS, _related_sql
from translocal.knowledge.selectors.translations import with_translated_titles
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def terms():
    return [TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label=f"Issue {i}") for i in range(4)]


def _case(issues=(), methods=(), **kwargs):
    case = CaseFactory(**kwargs)
    case.general_issues.add(*issues)
    case.methods.add(*methods)
    return case


def _related(case, **kwargs):
    return selectors.related_cases(case=selectors.case_detail_queryset().get(pk=case.pk), **kwargs)


def test_issues_and_methods_both_count_towards_the_rank(terms):
    method = MethodFactory()
    case = _case(terms[:2], [method])
    by_method = _case(methods=[method], published_at=_ago(3))
    by_issue_and_method = _case(terms[:1], [method], published_at=_ago(9))
    by_issue = _case(terms[1:2], published_at=_ago(1))
    related = _related(case)
    assert related[0] == by_issue_and_method and related[0].shared == 2
    assert {(c.pk, c.shared) for c in related[1:]} == {(by_method.pk, 1), (by_issue.pk, 1)}


def test_ties_are_broken_by_newest_first(terms):
    case = _case(terms[:1])
    older, newest, middle = (_case(terms[:1], published_at=_ago(d)) for d in (9, 1, 5))
    assert _related(case) == [newest, middle, older]


def test_more_shared_terms_beat_recency(terms):
    case = _case(terms[:3])
    new_one = _case(terms[:1], published_at=_ago(1))
    old_three = _case(terms[:3], published_at=_ago(99))
    assert _related(case) == [old_three, new_one]
    assert [c.shared for c in _related(case)] == [3, 1]


def test_drafts_and_unpublished_cases_are_left_out(terms):
    case = _case(terms[:2])
    _case(terms[:2], status=Status.DRAFT, published_at=None)
    _case(terms[:2], status=Status.UNPUBLISHED)
    published = _case(terms[:1])
    assert _related(case) == [published]


def test_the_case_itself_is_left_out(terms):
    case = _case(terms[:2])
    assert _related(case) == []


def test_cases_sharing_nothing_are_left_out(terms):
    case = _case(terms[:1])
    _case(terms[1:3])
    assert _related(case) == []


def test_a_case_with_no_issues_or_methods_has_no_related_cases(terms):
    _case(terms[:1])
    assert _related(_case()) == []


def test_unpublished_methods_of_the_case_do_not_count():
    draft_method = MethodFactory(status=Status.DRAFT, published_at=None)
    case = _case(methods=[draft_method])
    _case(methods=[draft_method])
    assert _related(case) == []


def test_at_most_six_by_default_and_the_limit_keeps_the_best(terms):
    case = _case(terms[:2])
    best = _case(terms[:2], published_at=_ago(50))
    for days in range(1, 9):
        _case(terms[:1], published_at=_ago(days))
    assert len(_related(case)) == 6
    assert _related(case, limit=1) == [best]


def _expected(case, limit):
    """The ranking by its definition, in Python: every published case but `case` sharing at
    least one of its issues or published methods, most shared first, then newest, then id."""
    issues = set(case.general_issues.values_list("pk", flat=True))
    methods = set(case.methods.filter(status=Status.PUBLISHED).values_list("pk", flat=True))
    ranked = []
    for other in Case.objects.filter(status=Status.PUBLISHED).exclude(pk=case.pk):
        shared = len(issues & set(other.general_issues.values_list("pk", flat=True)))
        shared += len(methods & set(other.methods.values_list("pk", flat=True)))
        if shared:
            ranked.append((-shared, -other.published_at.timestamp(), -other.pk, other.pk))
    return [pk for *_, pk in sorted(ranked)[:limit]]


def test_the_ranking_is_exact_whether_or_not_enough_cases_share_two(terms):
    """The statement joins only the candidates sharing two or more to the cases when at least
    `limit` published ones do, else all of them: drafts and the case itself sharing two must not
    make it skip the cases sharing one. Checked against the ranking's definition for every limit
    from 1 to 9, below, at and above the number of published cases sharing two."""
    method = MethodFactory()
    case = _case(terms[:3], [method])
    for days in range(4):
        _case(terms[: 2 + days % 2], published_at=_ago(days + 20))  # share 2 or 3
    _case(terms[:3], [method], status=Status.DRAFT, published_at=None)  # shares 4, a draft
    _case(terms[1:3], status=Status.UNPUBLISHED)  # shares 2, unpublished
    for days in range(5):
        _case(terms[2:3] if days % 2 else [], [] if days % 2 else [method], published_at=_ago(days))  # share 1
    _case(terms[3:], published_at=_ago(0))  # shares nothing
    loaded = selectors.case_detail_queryset().get(pk=case.pk)
    for limit in range(1, 10):
        related = selectors.related_cases(case=loaded, limit=limit)
        assert [c.pk for c in related] == _expected(case, limit), limit
    assert [c.shared for c in selectors.related_cases(case=loaded, limit=9)] == [3, 3, 2, 2, 1, 1, 1, 1, 1]


def test_ranking_and_cards_take_one_query(django_assert_num_queries, terms):
    method = MethodFactory()
    case = _case(terms[:2], [method])
    for i in range(10):
        _case(terms[: 1 + i % 2], [method] if i % 3 else [])
    loaded = selectors.case_detail_queryset().get(pk=case.pk)
    with django_assert_num_queries(1):
        related = selectors.related_cases(case=loaded)
        assert [c.place.name for c in related]
    shared = [c.shared for c in related]
    assert len(related) == 6 and shared == sorted(shared, reverse=True)


def test_cards_match_what_the_orm_would_load(terms):
    """The ranking and cards are plain SQL: each card is the case as ``with_translated_titles``
    and ``select_related("place")`` would give it, with a place or without."""
    case = _case(terms[:1])
    with_place = _case(terms[:1], published_at=_ago(1))
    without_place = _case(terms[:1], published_at=_ago(2), place=None, location_name="Somewhere")
    CaseTranslation.objects.create(
        entry=with_place, language="es", title="Presupuestos", summary="Resumen", source_version=1, source_hash="x"
    )
    for language in ("en", "es"):
        with translation.override(language):
            related = _related(case)
            expected = list(
                with_translated_titles(Case.objects.filter(pk__in=[with_place.pk, without_place.pk]))
                .select_related("place").order_by("-published_at")
            )
        assert related == expected
        for card, orm in zip(related, expected, strict=True):
            assert (card.display_title, card.display_summary, card.display_language) == (
                orm.display_title, orm.display_summary, orm.display_language
            )
            assert (card.place and card.place.name, card.location_name, card.start_date, card.completeness) == (
                orm.place and orm.place.name, orm.location_name, orm.start_date, orm.completeness
            )
    assert related[0].display_title == "Presupuestos" and related[1].place is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_ranking_reads_indexes_only(terms):
    """The ranking reads the through tables and each candidate's status and date from covering
    indexes (migration knowledge 0011), never the cases' wide rows."""
    case = _case(terms[:2], [MethodFactory()])
    sql, params = _related_sql(
        case=case,
        shared={Case.general_issues.through: [t.pk for t in terms[:2]], Case.methods.through: [1]},
        limit=6,
        language="en",
        using="default",
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX case_gi_term_case_idx" in plan
    assert "COVERING INDEX case_methods_method_case_idx" in plan
    assert "COVERING INDEX case_id_status_pub_idx" in plan


def test_a_case_page_lists_its_newest_published_reflections(django_assert_num_queries):
    """case_detail_queryset: the newest PAGE_REFLECTIONS published reflections about the case,
    drafts left out, in one query of their own: the case, its methods, organisations,
    components, vocabulary rows (none here, so no terms) and reflections."""
    case = CaseFactory()
    published = [ReflectionFactory(published_at=_ago(i)) for i in range(PAGE_REFLECTIONS + 2)]
    draft = ReflectionFactory(status=Status.DRAFT, published_at=None)
    for reflection in [*published, draft]:
        reflection.cases.add(case)
    ReflectionFactory(published_at=_ago(0))  # about another case
    with django_assert_num_queries(6):
        loaded = selectors.case_detail_queryset().get(pk=case.pk)
    assert loaded.published_reflections == published[:PAGE_REFLECTIONS]
