"""Reads shared by the entry types: what a person may see, their drafts, counts."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Count, Prefetch, Q, QuerySet

from translocal.accounts.models import User
from translocal.accounts.types import AnyUser
from translocal.core import raw_rows
from translocal.core.expressions import InSubquery
from translocal.core.listing import Facet
from translocal.core.locales import in_language
from translocal.core.meta import column
from translocal.core.models import Image
from translocal.core.pagination import Page
from translocal.core.prepared import PreparedQuery

from .. import facet_counts
from ..image_kinds import owner_kind
from ..models import Authorship, Case, CaseFacetCount, Method, Reflection, Status
from ..models.base import Entry
from .translations import with_translated_titles

E = TypeVar("E", bound=Entry)

PUBLISHED = Q(status=Status.PUBLISHED)


def published(model: type[Case] | type[Method] | type[Reflection]) -> QuerySet:
    return model.objects.filter(PUBLISHED)


def authorships_with_users() -> Prefetch:
    """Authors of reflections, with their user rows, in byline order."""
    return Prefetch(
        "authorships",
        queryset=Authorship.objects.select_related("user").order_by("position", "id"),
    )


def _authored_by(model: type[Entry], user_id: int) -> Q | InSubquery:
    """Entries the person with id `user_id` created or, for reflections, accepted being named an
    author of (a pending or declined authorship never puts a reflection on someone's profile).
    A reflection's two ways are one ``IN (… UNION ALL …)`` of ids: as ``created_by = x OR id IN
    (…)`` PostgreSQL tested every published reflection (0.85 ms for a profile, EXPLAIN ANALYZE
    on the bench data's 1,917) instead of looking up the person's."""
    if model is not Reflection:
        return Q(created_by_id=user_id)
    created = Reflection.objects.filter(created_by_id=user_id).order_by().values("pk")
    accepted = Authorship.objects.filter(user_id=user_id, status=Authorship.Status.ACCEPTED).order_by()
    return InSubquery("pk", created.union(accepted.values("reflection_id"), all=True))


def pending_authorships_for(*, user: AnyUser, limit: int = 50) -> list[Authorship]:
    """The requests to be named as an author that `user` has not answered, newest first, with
    the reflection and who asked (one query; none for anonymous visitors)."""
    if not user.is_authenticated:
        return []
    qs = (
        Authorship.objects.filter(user=user, status=Authorship.Status.PENDING)
        .select_related("reflection", "invited_by")
        .only(
            "id", "status", "position", "user_id", "reflection__id", "reflection__slug", "reflection__title",
            "reflection__status", "invited_by__id", "invited_by__username", "invited_by__display_name",
            "invited_by__first_name", "invited_by__last_name",
        )
        .order_by("-id")
    )
    return list(qs[:limit])


def drafts_for(*, user: AnyUser, model: type[Entry], limit: int = 10) -> list[Entry]:
    """The signed-in person's own entries that are not published (drafts and taken-down ones),
    newest change first, for the "Your drafts" panels."""
    if not user.is_authenticated:
        return []
    qs = model._default_manager.filter(_authored_by(model, user.pk)).exclude(PUBLISHED).order_by("-updated_at", "-id")
    return list(qs.only("id", "title", "slug", "status", "updated_at")[:limit])


#: What a profile's lists of entries show (core/_entry_list.html): title, address, date or
#: status, summary, in the reader's language. Not the bodies.
ENTRY_LIST_FIELDS: tuple[str, ...] = (
    "id", "slug", "title", "summary", "status", "original_language", "published_at", "updated_at",
)


def entries_by_author(*, author: User, viewer: AnyUser, limit: int = 20) -> dict[str, Sequence[Entry]]:
    """What `viewer` may see of `author`'s reflections, cases and methods (drafts only when the
    viewer is the author), newest first, with what the lists show (ENTRY_LIST_FIELDS, and a
    case's start date): three queries, each prepared once per process and language
    (core.prepared)."""
    own = bool(viewer.is_authenticated and viewer.pk == author.pk)
    return {kind: prepared(author.pk, own=own, limit=limit) for kind, prepared in _AUTHORED.items()}


def _authored(model: type[E], *fields: str) -> PreparedQuery[E]:
    def build(author_id: int, *, own: bool, limit: int) -> QuerySet[E]:
        qs = model._default_manager.filter(_authored_by(model, author_id))
        if not own:
            qs = qs.filter(PUBLISHED)
        ordered = with_translated_titles(qs.only(*ENTRY_LIST_FIELDS, *fields))
        return ordered.order_by("-published_at", "-updated_at", "-id")[:limit]

    return PreparedQuery(model, build)


_AUTHORED: dict[str, PreparedQuery[Any]] = {
    "reflections": _authored(Reflection),
    "cases": _authored(Case, "start_date"),
    "methods": _authored(Method),
}


def published_counts() -> dict[str, int]:
    """Counts of published entries per type, for the home page: {"cases": n, "methods": n,
    "reflections": n}, in one statement. The cases' is the stored total (``CaseFacetCount``'s
    ``facet_counts.TOTAL`` row, kept by triggers) instead of counting 10,000 index entries (most
    of the statement's 0.95 ms on PostgreSQL, EXPLAIN ANALYZE on the bench data); the others
    read the (status, ...) index only."""
    using = router.db_for_read(Case)
    qn = connections[using].ops.quote_name
    kinds = {"methods": Method, "reflections": Reflection}
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM {qn(model._meta.db_table)} WHERE {qn('status')} = %s)"  # noqa: S608 - model names
        for model in kinds.values()
    )
    stored = (
        f"(SELECT COALESCE(SUM({qn(column(CaseFacetCount, 'n'))}), 0) FROM {qn(CaseFacetCount._meta.db_table)} "  # noqa: S608
        f"WHERE {qn(column(CaseFacetCount, 'facet'))} = %s AND {qn(column(CaseFacetCount, 'ref'))} = 0 "
        f"AND {qn(column(CaseFacetCount, 'value'))} = '')"
    )
    with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
        cursor.execute(f"SELECT {stored}, {counts}", [facet_counts.TOTAL, *[Status.PUBLISHED.value] * len(kinds)])
        cases, *others = cursor.fetchone()
    return {"cases": int(cases), **dict(zip(kinds, others, strict=True))}


@dataclass(frozen=True)
class Takedown:
    """A moderator's takedown of an entry as its authors and moderators see it. ``hub_name``
    is empty when staff took it down outside any hub."""

    at: dt.datetime
    reason: str
    hub_name: str
    moderator_name: str


def takedown_of(entry: Any) -> Takedown | None:
    """The takedown record of an entry a moderator unpublished (one query), else None (none)."""
    if entry.status != Status.UNPUBLISHED:
        return None
    row = (
        type(entry)
        .objects.filter(pk=entry.pk)
        .select_related("moderation_hub", "moderated_by")
        .only("moderated_at", "moderation_reason", "moderation_hub__name", "moderated_by")
        .first()
    )
    if row is None or row.moderated_at is None:
        return None
    moderator = row.moderated_by
    return Takedown(
        at=row.moderated_at,
        reason=row.moderation_reason,
        hub_name=row.moderation_hub.name if row.moderation_hub_id else "",
        moderator_name=moderator.name if moderator else "",
    )


def published_entries_for_choice(
    *, kind: str, ids: Iterable[int] | None = None, place: Any = None, limit: int = 300
) -> list[Case] | list[Method]:
    """Published cases or methods (``kind`` "case" or "method") to choose from in another
    pillar's form: those with the given ids, or of ``place`` (cases), or all, by title, at most
    ``limit``. One query; only id, title and slug are loaded."""
    model: type[Case] | type[Method] = Case if kind == "case" else Method
    qs = published(model).only("id", "title", "slug")
    filters = Q()
    if ids is not None:
        filters |= Q(pk__in=list(ids))
    if place is not None and model is Case:
        filters |= Q(place=place)
    if ids is not None or place is not None:
        qs = qs.filter(filters)
    return list(qs.order_by("title", "id")[:limit])


def entry_images(*, entry: Any) -> list[Image]:
    """The images of a case or reflection, oldest first (one query)."""
    return list(Image.objects.filter(owner_kind=owner_kind(entry), owner_id=entry.pk).order_by("created_at", "id"))


@dataclass
class Browse:
    """One page of a list with its facets and the number of entries matching (all pages)."""

    page: Page
    facets: list[Facet]
    total: int


def term_facet_rows(through: Any, owner: str, owners: QuerySet) -> list[tuple[str, str, int]]:
    """(slug, label in the reader's language, count) of the terms tagging ``owners`` through
    the many-to-many table ``through`` (whose foreign key to them is ``owner``), commonest
    first: one query."""
    rows = (
        through.objects.filter(**{f"{owner}__in": owners.order_by().values("pk")})
        .values("term__slug", "term__label", "term__labels")
        .annotate(n=Count("*"))
        .order_by("-n", "term__label")
    )
    return [(r["term__slug"], in_language(r["term__labels"], r["term__label"]), r["n"]) for r in rows]


def through_filter(through: Any, owner: str, slugs: Sequence[str]) -> Q:
    """Entries tagged with any of the terms ``slugs`` through ``through``."""
    return Q(pk__in=through.objects.filter(term__slug__in=slugs).values(f"{owner}_id"))
