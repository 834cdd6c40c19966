"""Reads for SDG reports (translocal.sdg): the published entries of a place or a hub that
carry an SDG tag, with their tags."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from translocal.taxonomy.models import Term

from ..models import Case, Method, Reflection
from .common import PUBLISHED


def _tagged(qs: QuerySet) -> QuerySet:
    return (
        qs.filter(PUBLISHED, sdgs__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("sdgs", queryset=Term.objects.order_by("position", "slug")))
        .only("pk", "title", "slug", "summary", "published_at")
        .order_by("title", "pk")
    )


def sdg_tagged_entries(*, place: Any = None, hub: Any = None) -> dict[str, list[Any]]:
    """Search kind ("case", "method", "reflection") -> the published entries tagged with a
    goal or target: for a place, cases located there, reflections about it and entries its
    hubs look after; for a hub, the entries it looks after. Six queries (one and its tags'
    prefetch per kind), whatever the number of entries."""
    if (place is None) == (hub is None):
        raise ValueError("Give a place or a hub.")
    if place is not None:
        cases = Case.objects.filter(Q(place=place) | Q(hub__place=place))
        reflections = Reflection.objects.filter(Q(places=place) | Q(hub__place=place))
        methods = Method.objects.filter(hub__place=place)
    else:
        cases = Case.objects.filter(hub=hub)
        reflections = Reflection.objects.filter(hub=hub)
        methods = Method.objects.filter(hub=hub)
    return {
        "case": list(_tagged(cases)),
        "method": list(_tagged(methods)),
        "reflection": list(_tagged(reflections)),
    }
