"""What both full-text backends share: writing entries and facets in bulk, and the shape of a
query. A backend adds only the vendor's full-text structure (keeping it in step, explicitly,
in the same transaction) and the ranked, highlighted page query."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from translocal.core.dates import LabelledDate
from translocal.core.locales import country_name, language_name
from translocal.search.models import SearchEntry, SearchFacet
from translocal.search.registry import SearchDocument

# Snippet markers: control characters that are stripped from all indexed text, so they can
# never collide with content; the view escapes the snippet, then turns them into <mark>.
MARK_START = "\x02"
MARK_END = "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

ENTRY_FIELDS = (
    "title", "summary", "body", "keywords", "url", "language", "country", "place_id", "place_name",
    "published_at", "date", "date_meaning", "updated_at", "boost", "is_public", "owner_id", "group_key",
)
WRITE_BATCH = 500


def clean_text(text: str, limit: int | None = None) -> str:
    text = _CONTROL.sub(" ", text or "")
    return text[:limit] if limit else text


@dataclass(frozen=True)
class MatchQuery:
    """Sanitised query terms and how to combine them ("and" first, then "or")."""

    terms: tuple[str, ...]
    mode: str = "and"


@dataclass
class HitRow:
    id: int
    kind: str
    object_id: int
    title: str
    title_marked: str
    snippet_marked: str
    summary: str
    url: str
    language: str
    country: str
    place_name: str
    published_at: Any
    score: float
    date: Any = None
    date_meaning: str = ""


class BaseBackend:
    vendor = ""
    #: Whether a search finds its matches by testing each entry row (``row_matches_sql`` on the
    #: row's own columns, an index answering it), rather than through ``match_ids_sql``'s list.
    matches_by_row = False
    #: Whether facet counts group by (value, object), then by value, instead of counting the
    #: distinct objects of each value in one grouping (search.selectors._facet_counts): the
    #: distinct count makes PostgreSQL sort every facet row of the matches by its text, where
    #: two hash aggregates need no sort; SQLite sorts for both, and the one grouping is cheaper
    #: (bench, 3,579 matches: 31 against 50 ms of CPU).
    facet_counts_in_two_groupings = False

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    @property
    def connection(self):  # noqa: ANN201
        return connections[self.alias]

    # --- writing ----------------------------------------------------------------------------
    def index(self, kind: str, documents: dict[int, SearchDocument | None]) -> int:
        """Bring the entries of ``kind`` for these object ids in line with ``documents``: an
        indexable document is upserted, ``None`` or a non-public document without an owner is
        removed. Returns how many public entries were written."""
        keep = {
            oid: doc for oid, doc in documents.items() if doc is not None and (doc.is_public or doc.owner_id)
        }
        drop = [oid for oid in documents if oid not in keep]
        if drop:
            self.remove(kind, drop)
        if not keep:
            return 0
        object_ids = list(keep)
        existing = dict(
            SearchEntry.objects.using(self.alias)
            .filter(kind=kind, object_id__in=object_ids)
            .values_list("object_id", "id")
        )
        if existing:
            self.before_change(list(existing.values()))
        now = timezone.now()
        rows = [self._entry(kind, oid, doc, now) for oid, doc in keep.items()]
        SearchEntry.objects.using(self.alias).bulk_create(
            rows,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=list(ENTRY_FIELDS),
        )
        ids = dict(
            SearchEntry.objects.using(self.alias)
            .filter(kind=kind, object_id__in=object_ids)
            .values_list("object_id", "id")
        )
        entry_ids = list(ids.values())
        self.after_change(entry_ids)
        SearchFacet.objects.using(self.alias).filter(entry_id__in=entry_ids).delete()
        facets = [
            SearchFacet(
                entry_id=ids[oid], name=name, value=str(v.value)[:200], label=str(v.label)[:300],
                labels={str(k): str(text)[:300] for k, text in (v.labels or {}).items()},
            )
            for oid, doc in keep.items()
            for name, values in self._facets(kind, doc).items()
            for v in values
        ]
        SearchFacet.objects.using(self.alias).bulk_create(
            facets, batch_size=WRITE_BATCH, ignore_conflicts=True
        )
        return sum(1 for doc in keep.values() if doc.is_public)

    def remove(self, kind: str, object_ids: Sequence[int]) -> int:
        entry_ids = list(
            SearchEntry.objects.using(self.alias)
            .filter(kind=kind, object_id__in=list(object_ids))
            .values_list("id", flat=True)
        )
        return self._delete(entry_ids)

    def clear(self, kind: str | None = None) -> int:
        qs = SearchEntry.objects.using(self.alias)
        if kind is not None:
            qs = qs.filter(kind=kind)
        return self._delete(list(qs.values_list("id", flat=True)))

    def _delete(self, entry_ids: list[int]) -> int:
        if not entry_ids:
            return 0
        self.before_change(entry_ids)
        SearchFacet.objects.using(self.alias).filter(entry_id__in=entry_ids).delete()
        SearchEntry.objects.using(self.alias).filter(id__in=entry_ids)._raw_delete(self.alias)
        return len(entry_ids)

    @staticmethod
    def _entry(kind: str, object_id: int, doc: SearchDocument, now) -> SearchEntry:  # noqa: ANN001
        return SearchEntry(
            kind=kind,
            object_id=object_id,
            title=clean_text(doc.title, 400),
            summary=clean_text(doc.summary),
            body=clean_text(doc.body),
            keywords=clean_text(doc.keywords),
            url=doc.url[:500],
            language=(doc.language or "")[:12],
            country=(doc.country or "")[:2].upper(),
            place_id=doc.place_id,
            place_name=clean_text(doc.place_name, 200),
            published_at=doc.published_at,
            date=doc.date.date if isinstance(doc.date, LabelledDate) else None,
            date_meaning=doc.date.meaning if isinstance(doc.date, LabelledDate) else "",
            updated_at=now,
            boost=float(doc.boost or 0.0),
            is_public=bool(doc.is_public),
            owner_id=doc.owner_id,
            group_key=(doc.group or f"{kind}:{object_id}")[:80],
        )

    @staticmethod
    def _facets(kind: str, doc: SearchDocument) -> dict:
        from translocal.search.registry import FacetValue, registration_for_kind

        registration = registration_for_kind(kind)
        facets = dict(doc.facets)
        facets.setdefault("type", [FacetValue(kind, str(registration.plural) if registration else kind)])
        if doc.country and "country" not in facets:
            facets["country"] = [FacetValue(doc.country.upper(), country_name(doc.country.upper()))]
        if doc.language and "language" not in facets:
            facets["language"] = [FacetValue(doc.language, language_name(doc.language))]
        return facets

    # --- hooks for the vendor's full-text structure -----------------------------------------
    def before_change(self, entry_ids: list[int]) -> None:
        """Called while the entries still hold their old text (before update or delete)."""

    def after_change(self, entry_ids: list[int]) -> None:
        """Called once the entries hold their new text."""

    def rebuild(self) -> None:
        """Rebuild the full-text structure from the entries table (repair)."""

    def optimize(self) -> None:
        """Tidy the full-text structure after a bulk load."""

    # --- querying -----------------------------------------------------------------------------
    def match_ids_sql(self, match: MatchQuery) -> tuple[str, list[Any]]:
        """SQL selecting the ids of entries matching ``match`` (for ORM ``id__in=RawSQL``)."""
        raise NotImplementedError

    def row_matches_sql(self, match: MatchQuery, id_column: str) -> tuple[str, list[Any]]:
        """SQL true when the entry whose id is the column ``id_column`` (compiled SQL, no
        parameters) matches ``match``: the test a correlated subquery makes per row. By default
        membership in ``match_ids_sql``; a backend overrides it where a per-row test is cheaper
        than a list its engine may build again for every outer row."""
        sql, params = self.match_ids_sql(match)
        return f"{id_column} IN ({sql})", params

    def page(self, match: MatchQuery, entries: QuerySet, *, offset: int, limit: int) -> list[HitRow]:
        """The ranked, highlighted hits among ``entries`` (a filtered SearchEntry queryset of
        matches, search.selectors._matching)."""
        return self._page(match, entries, offset=offset, limit=limit, count_all=False)[0]

    def page_and_total(
        self, match: MatchQuery, entries: QuerySet, *, offset: int, limit: int
    ) -> tuple[list[HitRow], int]:
        """``page``'s hits and how many ``entries`` there are, counted by the same statement
        (``COUNT(*) OVER ()`` before the LIMIT). The total is 0 when the page is empty: past the
        last page, it is unknown (count ``entries``)."""
        return self._page(match, entries, offset=offset, limit=limit, count_all=True)

    def _page(
        self, match: MatchQuery, entries: QuerySet, *, offset: int, limit: int, count_all: bool
    ) -> tuple[list[HitRow], int]:
        raise NotImplementedError

    @staticmethod
    def _filter_sql(entries: QuerySet) -> tuple[str, list[Any]]:
        sql, params = entries.values("id").query.sql_with_params()
        return sql, list(params)

