"""Reads shared by the entry types: what a person may see, their drafts, counts."""

from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Prefetch, Q, QuerySet

from translocal.accounts.models import User
from translocal.accounts.types import AnyUser

from ..models import Authorship, Case, Method, Reflection, Series, Status
from ..models.base import Entry

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


def _authored_by(model: type[Entry], user: User) -> Q:
    q = Q(created_by=user)
    if model is Reflection:
        q |= Q(pk__in=Authorship.objects.filter(user=user).values("reflection_id"))
    return q


def drafts_for(*, user: AnyUser, model: type[Entry], limit: int = 10) -> list[Entry]:
    """The signed-in person's own entries that are not published (drafts and taken-down ones),
    newest change first, for the "Your drafts" panels."""
    if not user.is_authenticated:
        return []
    qs = model._default_manager.filter(_authored_by(model, user)).exclude(PUBLISHED).order_by("-updated_at", "-id")
    return list(qs.only("id", "title", "slug", "status", "updated_at")[:limit])


def entries_by_author(*, author: User, viewer: AnyUser, limit: int = 20) -> dict[str, Sequence[Entry]]:
    """What `viewer` may see of `author`'s reflections, cases and methods (drafts only when the
    viewer is the author), newest first. Three queries, plus one for reflection bylines."""
    own = viewer.is_authenticated and viewer.pk == author.pk

    def authored(model: type[E]) -> QuerySet[E]:
        qs = model._default_manager.filter(_authored_by(model, author))
        if not own:
            qs = qs.filter(PUBLISHED)
        return qs.order_by("-published_at", "-updated_at", "-id")

    reflections = authored(Reflection).select_related("series").prefetch_related(authorships_with_users())
    return {
        "reflections": list(reflections[:limit]),
        "cases": list(authored(Case).select_related("place")[:limit]),
        "methods": list(authored(Method)[:limit]),
    }


def published_counts() -> dict[str, int]:
    """Counts of published entries per type, for the home page."""
    return {
        "cases": published(Case).count(),
        "methods": published(Method).count(),
        "reflections": published(Reflection).count(),
        "series": Series.objects.filter(reflections__status=Status.PUBLISHED).distinct().count(),
    }
