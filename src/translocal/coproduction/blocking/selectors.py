"""Reads for the blocking page."""

from __future__ import annotations

from django.http import Http404

from translocal.accounts.models import User
from translocal.places.models import Hub

from .models import HubBlock


def hub_by_slug(*, slug: str) -> Hub:
    hub = Hub.objects.filter(slug=slug).first()
    if hub is None:
        raise Http404("No such hub")
    return hub


def blocks_in_hub(*, hub: Hub) -> list[HubBlock]:
    """Who is blocked in ``hub``, newest first, with who blocked them (one query)."""
    return list(HubBlock.objects.filter(hub=hub).select_related("user", "blocked_by").order_by("-created_at", "-id"))


def person_by_username(*, username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip(), is_active=True).first()
