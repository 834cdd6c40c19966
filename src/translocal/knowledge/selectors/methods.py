"""Reads for method pages."""

import functools
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from translocal.core.listing import SortOption, facet, relevance_sort, search_filter, with_relevance
from translocal.core.pagination import Page, keyset_page, parse_cursor
from translocal.taxonomy.models import Term
from translocal.taxonomy.selectors import term_labels

from ..models import Case, Method, Reflection
from .common import PUBLISHED, Browse, term_facet_rows, through_filter
from .translations import with_translated_titles

METHOD_ORDERING: tuple[str, ...] = ("title", "id")
METHOD_TERM_FIELDS: tuple[str, ...] = (
    "method_types",
    "purposes",
    "scope_of_influence",
    "participant_numbers",
    "interactions",
    "decision_methods",
    "voting_methods",
    "themes",
    "sdgs",
)


def method_list(*, cursor: str | None, size: int | None = None) -> Page:
    """Published methods A to Z, each card with its method types (one query for all cards)."""
    qs = (
        Method.objects.filter(PUBLISHED)
        .prefetch_related(
            Prefetch("method_types", queryset=Term.objects.only("id", "slug", "label", "labels", "position"))
        )
        .defer("body", "body_html")
    )
    qs = with_translated_titles(qs)
    return keyset_page(qs, ordering=METHOD_ORDERING, cursor=cursor, size=size or settings.PAGE_SIZE)


def method_header_queryset() -> QuerySet:
    """What a method page needs before its (cached) body: the header fields and what the
    permission checks read."""
    return Method.objects.only(
        "id", "slug", "title", "summary", "status", "published_at", "original_language", "created_by_id",
        "hub_id", "moderation_hub_id",
    )


def method_detail_queryset() -> QuerySet:
    return Method.objects.select_related(
        "public_spectrum", "recruitment_method", "hub", "created_by"
    ).prefetch_related(
        *METHOD_TERM_FIELDS,
        Prefetch(
            "reflections",
            queryset=with_translated_titles(Reflection.objects.filter(PUBLISHED)).order_by("-published_at", "-id")[:20],
            to_attr="published_reflections",
        ),
    )


def cases_using_method(*, method: Method, limit: int = 12) -> list[Case]:
    return list(
        with_translated_titles(Case.objects.filter(PUBLISHED, methods=method))
        .select_related("place")
        .order_by("-published_at", "-id")[:limit]
    )


def count_cases_using_method(*, method: Method) -> int:
    return Case.objects.filter(PUBLISHED, methods=method).count()


METHOD_SORTS: tuple[SortOption, ...] = (
    relevance_sort(*METHOD_ORDERING),
    SortOption("title", _("Title"), METHOD_ORDERING),
    SortOption("newest", _("Newest"), ("-published_at", "-id")),
)
#: The method list's filters: query-string name -> (label, vocabulary field of Method).
METHOD_FILTERS: dict[str, tuple[str | Promise, str]] = {
    "type": (_("Type of method"), "method_types"),
    "purpose": (_("Purpose"), "purposes"),
}
METHOD_SEARCH_FIELDS: tuple[str, ...] = ("title", "summary")


def method_browse(
    *, search: str, filters: Mapping[str, Sequence[str]], sort: SortOption, cursor: str | None, size: int | None = None
) -> Browse:
    """Published methods matching the search text (title or summary) and the filters (type
    of method, purpose; the values of one are alternatives, the two combine), each facet
    counted over the methods matching the other. Queries: one per facet (2), the total, the
    page, the cards' types: 5 whatever the number of methods. Raises InvalidCursor (a 400)
    before any of them."""
    if cursor:
        parse_cursor(cursor, model=Method, ordering=sort.ordering)
    base = search_filter(Method.objects.filter(PUBLISHED), search, fields=METHOD_SEARCH_FIELDS)
    conditions: dict[str, Q] = {
        name: through_filter(getattr(Method, field).through, "method", filters[name])
        for name, (_label, field) in METHOD_FILTERS.items()
        if filters.get(name)
    }
    facets = []
    for name, (label, field) in METHOD_FILTERS.items():
        others = [q for key, q in conditions.items() if key != name]
        rows = term_facet_rows(getattr(Method, field).through, "method", base.filter(*others))
        vocabulary = getattr(Method, field).field.remote_field.limit_choices_to["vocabulary"]
        labels = functools.partial(term_labels, vocabulary)
        facets.append(facet(name, label, rows, filters.get(name, []), labels=labels))
    matching = base.filter(*conditions.values())
    total = matching.count()
    qs = (
        matching.prefetch_related(
            Prefetch("method_types", queryset=Term.objects.only("id", "slug", "label", "labels", "position"))
        )
        .defer("body", "body_html")
    )
    qs = with_relevance(with_translated_titles(qs), search, title="title")
    page = keyset_page(qs, ordering=sort.ordering, cursor=cursor, size=size or settings.PAGE_SIZE)
    return Browse(page, facets, total)
