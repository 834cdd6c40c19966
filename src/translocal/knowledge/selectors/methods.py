"""Reads for method pages."""

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from translocal.core.pagination import Page, keyset_page
from translocal.taxonomy.models import Term

from ..models import Case, Method, Reflection
from .common import PUBLISHED
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
