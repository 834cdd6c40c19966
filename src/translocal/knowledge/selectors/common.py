"""Reads shared by the entry types: what a person may see, their drafts, counts."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ..models import Authorship, Case, Method, Reflection, Series, Status

PUBLISHED = Q(status=Status.PUBLISHED)


def published(model: type[Case] | type[Method] | type[Reflection]) -> QuerySet:
    return model.objects.filter(PUBLISHED)


def authorships_with_users() -> Prefetch:
    """Authors of reflections, with their user rows, in byline order."""
    return Prefetch(
        "authorships",
        queryset=Authorship.objects.select_related("user").order_by("position", "id"),
    )


def _authored_by(model: type, user: Any) -> Q:
    q = Q(created_by=user)
    if model is Reflection:
        q |= Q(pk__in=Authorship.objects.filter(user=user).values("reflection_id"))
    return q


def drafts_for(*, user: Any, model: type, limit: int = 10) -> list:
    """The signed-in person's own entries that are not published (drafts and taken-down ones),
    newest change first, for the "Your drafts" panels."""
    if not user.is_authenticated:
        return []
    qs = model.objects.filter(_authored_by(model, user)).exclude(PUBLISHED).order_by("-updated_at", "-id")
    return list(qs.only("id", "title", "slug", "status", "updated_at")[:limit])


def entries_by_author(*, author: Any, viewer: Any, limit: int = 20) -> dict[str, list]:
    """What `viewer` may see of `author`'s reflections, cases and methods (drafts only when the
    viewer is the author), newest first. Three queries, plus one for reflection bylines."""
    own = viewer.is_authenticated and viewer.pk == author.pk
    result: dict[str, list] = {}
    for key, model in (("reflections", Reflection), ("cases", Case), ("methods", Method)):
        qs = model.objects.filter(_authored_by(model, author))
        if not own:
            qs = qs.filter(PUBLISHED)
        qs = qs.order_by("-published_at", "-updated_at", "-id")
        if model is Reflection:
            qs = qs.select_related("series").prefetch_related(authorships_with_users())
        elif model is Case:
            qs = qs.select_related("place")
        result[key] = list(qs[:limit])
    return result


def published_counts() -> dict[str, int]:
    """Counts of published entries per type, for the home page."""
    return {
        "cases": published(Case).count(),
        "methods": published(Method).count(),
        "reflections": published(Reflection).count(),
        "series": Series.objects.filter(reflections__status=Status.PUBLISHED).distinct().count(),
    }
