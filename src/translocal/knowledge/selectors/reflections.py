"""Reads for reflection and series pages, and the reflection panels of other pages."""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from translocal.core import raw_rows
from translocal.core.listing import SortOption, relevance_sort, search_filter, with_relevance
from translocal.core.meta import column
from translocal.core.pagination import Page, keyset_page, parse_cursor
from translocal.core.prepared import PreparedQuery

from ..models import Case, Method, Reflection, Series, SeriesProposal, Status
from .common import ENTRY_LIST_FIELDS, PUBLISHED, Browse, authorships_with_users
from .translations import with_translated_titles

REFLECTION_ORDERING: tuple[str, ...] = ("-published_at", "-id")
SERIES_ORDERING: tuple[str, ...] = ("title", "id")
POST_ORDERING: tuple[str, ...] = ("series_position", "id")
_PUBLISHED_POST = Q(reflections__status=Status.PUBLISHED)


def published_rank() -> Subquery:
    """A published post's public number in its series: how many published posts of the same
    series sit at or before its position (1-based; None outside a series). Drafts and posts a
    moderator took down hold a position but no public number, so "post N" on a card agrees with
    the series page, its count and the previous/next links. One correlated subquery, served by
    the unique (series, series_position) index."""
    rank = (
        Reflection.objects.filter(
            PUBLISHED, series_id=OuterRef("series_id"), series_position__lte=OuterRef("series_position")
        )
        .order_by()
        .values("series_id")
        .annotate(n=Count("*"))
        .values("n")[:1]
    )
    return Subquery(rank, output_field=IntegerField())


def _reflection_cards(qs: QuerySet) -> QuerySet:
    """Reflection cards: series, lead image (joined), authors and the public number in the
    series (published_rank)."""
    return (
        with_translated_titles(qs).select_related("series", "lead_image")
        .prefetch_related(authorships_with_users())
        .defer("body", "body_html")
        .annotate(published_rank=published_rank())
    )


def reflection_list(*, cursor: str | None, size: int | None = None) -> Page:
    qs = _reflection_cards(Reflection.objects.filter(PUBLISHED))
    return keyset_page(qs, ordering=REFLECTION_ORDERING, cursor=cursor, size=size or settings.PAGE_SIZE)


def reflection_header_queryset() -> QuerySet:
    """What a reflection page needs before its (cached) body: the header fields, the series
    for the breadcrumbs, and the authors for the byline and the permission checks."""
    return (
        Reflection.objects.select_related("series")
        .prefetch_related(authorships_with_users())
        .defer("body", "body_html")
    )


def reflection_detail_queryset() -> QuerySet:
    return Reflection.objects.select_related("series", "hub", "created_by", "exchange", "lead_image").prefetch_related(
        authorships_with_users(),
        Prefetch(  # the page links them: title and address in the reader's language
            "cases",
            queryset=with_translated_titles(Case.objects.filter(PUBLISHED))
            .order_by("title")
            .only("id", "slug", "title", "original_language"),
        ),
        Prefetch(
            "methods",
            queryset=with_translated_titles(Method.objects.filter(PUBLISHED))
            .order_by("title")
            .only("id", "slug", "title", "original_language"),
        ),
        "places",
        "themes",
        "sdgs",
    )


@dataclass
class SeriesNav:
    """Where a post sits among the *published* posts of its series. For a post that is not
    published (its authors' draft, or one a moderator took down) ``provisional`` is true and
    ``number`` of ``total`` is where it would stand if it were published now."""

    series: Series
    number: int
    total: int
    previous: Reflection | None
    next: Reflection | None
    provisional: bool = False


def series_nav(*, reflection: Reflection) -> SeriesNav | None:
    """ "Post N of M" and the neighbouring published posts (id, slug, title, series_position),
    in one statement (the count, the post before and the post after, each served by the unique
    (series, series_position) index)."""
    series = reflection.series  # None without a query when series_id is None
    if series is None or reflection.series_position is None:
        return None
    position = reflection.series_position
    published = Status.PUBLISHED.value
    using = router.db_for_read(Reflection)
    params: list[Any] = [position, published, series.pk, published, series.pk, position, published, series.pk, position]
    with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
        cursor.execute(_series_nav_sql(using), params)
        rows = cursor.fetchall()
    total = before = 0
    neighbours: dict[int, Reflection] = {}
    for kind, first, second, slug, title in rows:
        if kind == 0:
            total, before = int(first), int(second or 0)
        else:
            neighbours[kind] = raw_rows.instance(Reflection, (first, title, slug, second), 0, using, _NAV_FIELDS)
    provisional = reflection.status != Status.PUBLISHED
    total += 1 if provisional else 0
    return SeriesNav(series, before + 1, total, neighbours.get(1), neighbours.get(2), provisional)


#: What the previous and next links read of a post (in the model's field order).
_NAV_FIELDS: tuple[str, ...] = ("id", "title", "slug", "series_position")


@cache
def _series_nav_sql(using: str) -> str:
    """Three rows at most: (0, published posts, those before the position, NULL, NULL), then
    (1, id, position, slug, title) of the post before and (2, ...) of the post after."""
    qn = connections[using].ops.quote_name
    table, pk, position = qn(Reflection._meta.db_table), qn("id"), qn(column(Reflection, "series_position"))
    where = f"{qn('status')} = %s AND {qn(column(Reflection, 'series'))} = %s"
    columns = f"{pk}, {position}, {qn('slug')}, {qn('title')}"
    return (
        f"SELECT 0, COUNT(*), COUNT(CASE WHEN {position} < %s THEN 1 END), NULL, NULL "  # noqa: S608 - model names
        f"FROM {table} WHERE {where} "
        f"UNION ALL SELECT * FROM (SELECT 1, {columns} FROM {table} WHERE {where} AND {position} < %s "  # noqa: S608
        f"ORDER BY {position} DESC LIMIT 1) b "
        f"UNION ALL SELECT * FROM (SELECT 2, {columns} FROM {table} WHERE {where} AND {position} > %s "  # noqa: S608
        f"ORDER BY {position} LIMIT 1) a"
    )


def latest_reflections(*, limit: int = 6) -> list[Reflection]:
    """Newest published reflections with their series and authors (two queries: the cards,
    prepared once per process and language by core.prepared, then the authors)."""
    return _latest_reflections(limit=limit)


_latest_reflections = PreparedQuery(
    Reflection,
    lambda *, limit: _reflection_cards(Reflection.objects.filter(PUBLISHED)).order_by(*REFLECTION_ORDERING)[:limit],
)


def reflections_for_place(*, place: Any, limit: int = 10) -> list[Reflection]:
    """The newest published reflections about ``place`` with what a place or hub page's list of
    entries shows (ENTRY_LIST_FIELDS, titles in the reader's language): one query, prepared once
    per process and language (core.prepared); no series, image or authors, which the list does
    not show."""
    return _reflections_about(place.pk, limit=limit)


def _published_reflections_about(place_id: int, *, limit: int) -> QuerySet[Reflection]:
    published_here = Reflection.objects.filter(PUBLISHED, places__id=place_id).only(*ENTRY_LIST_FIELDS)
    return with_translated_titles(published_here).order_by(*REFLECTION_ORDERING)[:limit]


_reflections_about = PreparedQuery(Reflection, _published_reflections_about)


def _series_with_counts() -> QuerySet:
    return Series.objects.annotate(
        published_count=Count("reflections", filter=_PUBLISHED_POST),
        latest_published_at=Max("reflections__published_at", filter=_PUBLISHED_POST),
    )


def series_list(*, cursor: str | None, size: int | None = None) -> Page:
    """All series A to Z, each with its number of published posts (one query)."""
    return keyset_page(
        _series_with_counts(), ordering=SERIES_ORDERING, cursor=cursor, size=size or settings.PAGE_SIZE
    )


def series_overview(*, limit: int = 6) -> list[Series]:
    """Series with published posts, the most recently added to first, for the home page, each
    with ``published_count`` and ``latest_published_at``: what ``_series_with_counts()`` filtered
    on ``published_count > 0`` and ordered by the latest post gives, in one plain statement that
    groups the published posts first (from ``reflection_series_posts_idx`` alone), keeps the
    ``limit`` series with the latest posts and only then reads those series. Joining every series
    to every post first, as the ORM's statement does, read the whole reflection table on
    PostgreSQL (1.7 ms against 0.4, EXPLAIN ANALYZE on the bench data)."""
    using = router.db_for_read(Series)
    with raw_rows.prepared_cursor(using) as cursor:
        cursor.execute(_series_overview_sql(using, int(limit)), [Status.PUBLISHED.value])
        rows = cursor.fetchall()
    at = raw_rows.width(Series)
    overview = []
    for row in rows:
        series = raw_rows.instance(Series, row, 0, using)
        series.published_count = int(row[at])  # type: ignore[attr-defined]
        series.latest_published_at = raw_rows.value(Reflection, "published_at", row[at + 1], using)  # type: ignore[attr-defined]
        overview.append(series)
    return overview


@cache
def _series_overview_sql(using: str, limit: int) -> str:
    """The series overview's statement (see ``series_overview``): a series' columns, then its
    published posts and the latest one's date."""
    qn = connections[using].ops.quote_name
    series_id, status, published_at = (qn(column(Reflection, name)) for name in ("series", "status", "published_at"))
    pk = qn("id")
    return (
        f"SELECT {raw_rows.columns(Series, 's', using)}, top.n, top.latest FROM ("  # noqa: S608 - model names
        f"SELECT r.{series_id} AS series_id, COUNT(*) AS n, MAX(r.{published_at}) AS latest "
        f"FROM {qn(Reflection._meta.db_table)} r WHERE r.{status} = %s AND r.{series_id} IS NOT NULL "
        f"GROUP BY r.{series_id} ORDER BY latest DESC, r.{series_id} DESC LIMIT {limit}) top "
        f"INNER JOIN {qn(Series._meta.db_table)} s ON s.{pk} = top.series_id ORDER BY top.latest DESC, s.{pk} DESC"
    )


def series_posts(*, series: Series, cursor: str | None, size: int | None = None) -> Page:
    """The published posts of a series in order, with their authors, each numbered among the
    published posts (``published_rank``) so drafts in between leave no gaps on any page."""
    qs = _reflection_cards(Reflection.objects.filter(PUBLISHED, series=series))
    return keyset_page(qs, ordering=POST_ORDERING, cursor=cursor, size=size or settings.PAGE_SIZE)


def count_series_posts(*, series: Series) -> int:
    return Reflection.objects.filter(PUBLISHED, series=series).count()


#: How many of the newest posts a feed carries.
FEED_SIZE = 30


def reflections_for_feed(
    *, series: Series | None = None, exchange_id: int | None = None, limit: int = FEED_SIZE
) -> list[Reflection]:
    """The newest published reflections (of ``series``, or on the exchange ``exchange_id``)
    with their series and authors, for the RSS and Atom feeds. Drafts and posts a moderator
    took down are never in it. Two queries."""
    qs = Reflection.objects.filter(PUBLISHED)
    if series is not None:
        qs = qs.filter(series=series)
    if exchange_id is not None:
        qs = qs.filter(exchange_id=exchange_id)
    return list(
        qs.select_related("series").prefetch_related(authorships_with_users()).order_by(*REFLECTION_ORDERING)[:limit]
    )


def pending_series_proposals(*, series: Series) -> list[SeriesProposal]:
    """Posts proposed for `series`, waiting for its editors: published ones (an editor can read
    them), oldest first, with who proposed them."""
    return list(
        SeriesProposal.objects.filter(
            series=series, status=SeriesProposal.Status.PENDING, reflection__status=Status.PUBLISHED
        ).select_related("reflection", "proposed_by")
    )


def pending_series_proposal_of(*, reflection_id: int | None) -> SeriesProposal | None:
    """The reflection's proposal waiting for a series' editors, if any."""
    if reflection_id is None:
        return None
    return (
        SeriesProposal.objects.filter(reflection_id=reflection_id, status=SeriesProposal.Status.PENDING)
        .select_related("series").first()
    )


REFLECTION_SORTS: tuple[SortOption, ...] = (
    relevance_sort(*REFLECTION_ORDERING),
    SortOption("newest", _("Newest"), REFLECTION_ORDERING),
    SortOption("title", _("Title"), ("title", "id")),
)
SERIES_SORTS: tuple[SortOption, ...] = (
    relevance_sort(*SERIES_ORDERING),
    SortOption("title", _("Title"), SERIES_ORDERING),
    SortOption("newest", _("Newest"), ("-created_at", "-id")),
)


def reflection_browse(*, search: str, sort: SortOption, cursor: str | None, size: int | None = None) -> Browse:
    """Published reflections with every word of ``search`` in the title or summary, in
    ``sort``. Queries: the total, the page, the cards' authors: 3."""
    if cursor:
        parse_cursor(cursor, model=Reflection, ordering=sort.ordering)
    matching = search_filter(Reflection.objects.filter(PUBLISHED), search, fields=("title", "summary"))
    total = matching.count()
    qs = with_relevance(_reflection_cards(matching), search, title="title")
    page = keyset_page(qs, ordering=sort.ordering, cursor=cursor, size=size or settings.PAGE_SIZE)
    return Browse(page, [], total)


def series_browse(*, search: str, sort: SortOption, cursor: str | None, size: int | None = None) -> Browse:
    """Series with every word of ``search`` in the title or description, each with its number
    of published posts, in ``sort``. Queries: the total, the page: 2."""
    if cursor:
        parse_cursor(cursor, model=Series, ordering=sort.ordering)
    matching = search_filter(Series.objects.all(), search, fields=("title", "description"))
    total = matching.count()
    qs = with_relevance(_series_with_counts().filter(pk__in=matching.values("pk")), search, title="title")
    page = keyset_page(qs, ordering=sort.ordering, cursor=cursor, size=size or settings.PAGE_SIZE)
    return Browse(page, [], total)
