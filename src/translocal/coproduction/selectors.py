"""Reads of co-production spaces, each shaped for one page with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from translocal.accounts.types import AnyUser
from translocal.core.pagination import Page, keyset_page
from translocal.places.models import HubMembership
from translocal.places.selectors import coordinated_hub_ids

from .models import Phase, Process, ProcessRole

PAGE_SIZE = 24
_CURRENT = "_current_phase"
_PHASES = "_phase_list"


def phases_of(process: Process) -> list[Phase]:
    """The phases of ``process`` in order: from ``prefetch_related("phases")`` when there, else one
    query, remembered on the instance."""
    cached = getattr(process, _PHASES, None)
    if cached is not None:
        return cached
    prefetched = getattr(process, "_prefetched_objects_cache", {}).get("phases")
    phases = sorted(prefetched, key=lambda p: p.position) if prefetched is not None else list(process.phases.all())
    setattr(process, _PHASES, phases)
    return phases


def current_phase(process: Process, *, now: dt.datetime | None = None) -> Phase | None:
    """The phase running now (started, not ended); when phases overlap, the one that started last.
    None between phases, before the first and after the last. Remembered on the instance for
    ``now`` omitted (one answer per request)."""
    if now is None and hasattr(process, _CURRENT):
        return getattr(process, _CURRENT)
    moment = now or timezone.now()
    running = [p for p in phases_of(process) if p.starts_at <= moment < p.ends_at]
    phase = max(running, key=lambda p: (p.starts_at, p.position)) if running else None
    if now is None:
        setattr(process, _CURRENT, phase)
    return phase


def forget_current_phase(process: Process) -> None:
    """Drop what was remembered (after phases change, or in tests that move the clock)."""
    for attr in (_CURRENT, _PHASES):
        if hasattr(process, attr):
            delattr(process, attr)


# --- Who is who in a process ------------------------------------------------------------------


def hub_role_of(user: AnyUser, hub_id: int) -> str | None:
    """The user's HubMembership role in hub ``hub_id`` (None: not a member), one query per hub,
    remembered on the user object."""
    if not user.is_authenticated:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_coproduction_hub_roles", {})
    if hub_id not in cache:
        if hub_id in coordinated_hub_ids(user):
            cache[hub_id] = HubMembership.Role.COORDINATOR
        else:
            cache[hub_id] = (
                HubMembership.objects.filter(hub_id=hub_id, user_id=user.pk).values_list("role", flat=True).first()
            )
    return cache[hub_id]


def process_role_of(user: AnyUser, process: Process) -> str | None:
    """The user's ProcessRole in ``process`` (None: none), one query, remembered on the user."""
    if not user.is_authenticated or process.pk is None:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_coproduction_process_roles", {})
    if process.pk not in cache:
        cache[process.pk] = (
            ProcessRole.objects.filter(process_id=process.pk, user_id=user.pk).values_list("role", flat=True).first()
        )
    return cache[process.pk]


def forget_roles(user: AnyUser) -> None:
    for attr in ("_coproduction_hub_roles", "_coproduction_process_roles", "_coordinated_hub_ids"):
        user.__dict__.pop(attr, None)


# --- Pages ------------------------------------------------------------------------------------


def visible_processes(user: AnyUser) -> QuerySet[Process]:
    """The processes ``user`` may see, as ``permissions.can_view_process`` decides one by one:
    published public ones for everyone; for a signed-in person also the published processes of
    their hubs and those they were invited to, the processes they moderate and everything in the
    hubs they coordinate, published or not; staff see all."""
    base = Process.objects.all()
    if user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser):
        return base
    public = Q(is_published=True, access=Process.Access.PUBLIC)
    if not (user.is_authenticated and user.is_active):
        return base.filter(public)
    member_hubs = HubMembership.objects.filter(user_id=user.pk).values("hub_id")
    invited = ProcessRole.objects.filter(user_id=user.pk).values("process_id")
    moderating = ProcessRole.objects.filter(user_id=user.pk, role=ProcessRole.Role.MODERATOR).values("process_id")
    return base.filter(
        public
        | Q(is_published=True, access=Process.Access.MEMBERS, hub_id__in=member_hubs)
        | Q(is_published=True, pk__in=invited)
        | Q(pk__in=moderating)
        | Q(hub_id__in=list(coordinated_hub_ids(user)))
    )


def _shaped(queryset: QuerySet[Process]) -> QuerySet[Process]:
    return queryset.select_related("hub", "hub__place", "place").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("position"))
    )


def process_page(*, user: AnyUser, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    """One page of the processes ``user`` may see, newest first (three queries)."""
    return keyset_page(
        _shaped(visible_processes(user)), ordering=("-created_at", "-id"), cursor=cursor, size=size
    )


def process_by_slug(*, slug: str) -> Process:
    """The process with its hub, place and phases (two queries); Http404 when there is none.
    Callers check ``permissions.can_view_process`` (or use ``permissions.get_process_for_view``)."""
    process = _shaped(Process.objects.filter(slug=slug)).first()
    if process is None:
        raise Http404("No such process")
    return process


def public_processes_in_hub(*, hub_id: int, limit: int = 10) -> list[Process]:
    """Published public processes of a hub, newest first, with their phases (two queries)."""
    return list(_shaped(Process.objects.filter(hub_id=hub_id, is_published=True, access=Process.Access.PUBLIC))[:limit])


def public_processes_in_place(*, place_id: int, limit: int = 10) -> list[Process]:
    """Published public processes about a place (or run by one of its hubs), newest first."""
    return list(
        _shaped(
            Process.objects.filter(
                Q(place_id=place_id) | Q(place__isnull=True, hub__place_id=place_id),
                is_published=True,
                access=Process.Access.PUBLIC,
            )
        )[:limit]
    )


def latest_public_processes(*, limit: int = 5) -> list[Process]:
    return list(_shaped(Process.objects.filter(is_published=True, access=Process.Access.PUBLIC))[:limit])
