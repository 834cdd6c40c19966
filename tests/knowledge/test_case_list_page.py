"""The unfiltered case list reads its page, its cards and its total in one plain statement
(``_published_cases_page``): the same cases in the same order, the same cursors forward and
back, and the same total as the ORM's keyset page and count over the published cases, for
every sort, with ties in every ordering term; drafts and taken-down cases never appear nor
count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CaseFactory
from translocal.core.listing import with_relevance
from translocal.core.pagination import encode_cursor, keyset_page
from translocal.knowledge import selectors
from translocal.knowledge.models import Case, Completeness, Status
from translocal.knowledge.selectors.cases import _COMPLETENESS_RANK
from translocal.knowledge.selectors.common import PUBLISHED

pytestmark = pytest.mark.django_db

SORTS = [sort for sort in selectors.CASE_SORTS if not sort.needs_search]


def _data() -> set[int]:
    """Published cases with shared titles, publication times and completeness (ties broken by
    id), plus drafts and a taken-down case; the ids of the published ones."""
    moment = timezone.make_aware(dt.datetime(2024, 3, 1, 12, 0))  # noqa: DTZ001 - made aware
    published = set()
    for i in range(14):
        case = CaseFactory(
            title=["Alpha", "beta", "Alpha", "Ärla", "zeta"][i % 5],
            slug=f"case-{i}",
            completeness=list(Completeness)[i % 3],
            published_at=moment - dt.timedelta(hours=i // 3),
        )
        published.add(case.pk)
    CaseFactory(title="Alpha draft", slug="draft", status=Status.DRAFT, published_at=None)
    CaseFactory(title="Alpha taken down", slug="down", status=Status.UNPUBLISHED, published_at=moment)
    return published


def _orm(sort, cursor: str | None, size: int) -> tuple[list[int], str | None, str | None, int]:  # noqa: ANN001
    """What the list read before: the ORM's keyset page over the published cases, and a count."""
    keys = (
        with_relevance(Case.objects.filter(PUBLISHED), "", title="title")
        .annotate(completeness_rank=_COMPLETENESS_RANK)
        .only(*{term.lstrip("-") for term in sort.ordering} - {"relevance", "completeness_rank"})
    )
    page = keyset_page(keys, ordering=sort.ordering, cursor=cursor, size=size)
    total = Case.objects.filter(PUBLISHED).count()
    return [row.pk for row in page.items], page.next_cursor, page.previous_cursor, total


def _fast(sort, cursor: str | None, size: int) -> tuple[list[int], str | None, str | None, int]:  # noqa: ANN001
    result = selectors.case_list(filters={}, cursor=cursor, sort=sort, size=size)
    return [card.pk for card in result.page.items], result.page.next_cursor, result.page.previous_cursor, result.total


@pytest.mark.parametrize("sort", SORTS, ids=lambda sort: sort.value)
def test_every_page_forward_and_back_is_the_orms(sort):
    published = _data()
    seen: list[int] = []
    cursor = None
    while True:
        fast = _fast(sort, cursor, 4)
        assert fast == _orm(sort, cursor, 4), cursor
        seen += fast[0]
        if fast[2]:  # back from here: the page before, as the ORM reads it
            assert _fast(sort, fast[2], 4) == _orm(sort, fast[2], 4)
        if not fast[1]:
            break
        cursor = fast[1]
    assert sorted(seen) == sorted(published) and len(seen) == len(set(seen)) == 14
    assert fast[3] == 14


def test_a_page_past_the_end_still_counts_the_cases():
    _data()
    oldest = Case.objects.filter(PUBLISHED).order_by("published_at", "id").first()
    cursor = encode_cursor("after", [oldest.published_at, oldest.pk])  # after the last case, newest first
    result = selectors.case_list(filters={}, cursor=cursor, sort=SORTS[0])
    assert result.page.items == [] and result.total == 14 == _orm(SORTS[0], cursor, 24)[3]


def test_no_published_case_is_an_empty_page_of_none():
    CaseFactory(status=Status.DRAFT, published_at=None)
    result = selectors.case_list(filters={}, cursor=None)
    assert result.page.items == [] and result.total == 0 and not result.page.has_other_pages


def test_the_page_its_cards_and_the_total_are_one_statement():
    _data()
    selectors.case_list(filters={}, cursor=None, size=4)  # per-process statement texts built
    with CaptureQueriesContext(connection) as queries:
        result = selectors.case_list(filters={}, cursor=None, size=4)
        cards = [(card.display_title, card.place, list(card.general_issues.all())) for card in result.page.items]
    assert len(queries) == 2  # the stored facet counts, then the page
    assert len(cards) == 4


@pytest.mark.parametrize("sort", SORTS, ids=lambda sort: sort.value)
def test_a_filtered_lists_pages_forward_and_back_are_the_orms(sort):
    """A list filtered by a facet reads its page and cards in the same one statement, within
    the matching cases (the total from the facet statement): the ORM's pages over them."""
    published = _data()
    spanish = sorted(published)[::2]
    Case.objects.filter(pk__in=spanish).update(original_language="es")
    Case.objects.exclude(pk__in=spanish).update(original_language="en")
    matching = Case.objects.filter(PUBLISHED, original_language="es")

    def orm(cursor: str | None) -> tuple[list[int], str | None, str | None, int]:
        keys = (
            with_relevance(matching, "", title="title")
            .annotate(completeness_rank=_COMPLETENESS_RANK)
            .only(*{term.lstrip("-") for term in sort.ordering} - {"relevance", "completeness_rank"})
        )
        page = keyset_page(keys, ordering=sort.ordering, cursor=cursor, size=3)
        return [row.pk for row in page.items], page.next_cursor, page.previous_cursor, matching.count()

    def fast(cursor: str | None) -> tuple[list[int], str | None, str | None, int]:
        result = selectors.case_list(filters={"language": ["es"]}, cursor=cursor, sort=sort, size=3)
        page = result.page
        return [card.pk for card in page.items], page.next_cursor, page.previous_cursor, result.total

    seen: list[int] = []
    cursor = None
    while True:
        page = fast(cursor)
        assert page == orm(cursor), cursor
        seen += page[0]
        if page[2]:
            assert fast(page[2]) == orm(page[2])
        if not page[1]:
            break
        cursor = page[1]
    assert sorted(seen) == spanish and page[3] == len(spanish) == 7
