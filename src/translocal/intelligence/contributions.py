"""What intelligence adds to pages it does not own: "Related across the network" on the pages
of the embedded entries, and the challenge box in the main navigation (core.contributions)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from translocal.core.contributions import register_nav, register_section
from translocal.search.registry import registration_for

from . import selectors
from .embedders import get_embedder
from .services import RELATED_PAGES


def related_context(subject: Any, viewer: Any) -> dict[str, Any] | None:
    """The entries nearest to the page's entry; None (no section) without any. Shared: it shows
    only public entries, rendered for everyone alike."""
    registration = registration_for(subject) if subject is not None else None
    if registration is None or subject.pk is None:
        return None
    if not getattr(subject, "is_published", True):
        return None  # a draft or taken-down entry has no public vector: spare the queries
    entries = selectors.related_entries(kind=registration.kind, object_id=subject.pk)
    if not entries:
        return None
    peers = None
    if registration.kind == "case":
        peers = selectors.peers(kind="case", object_id=subject.pk, own_place_id=getattr(subject, "place_id", None))
    return {"related_entries": entries, "peers": peers, "semantic": get_embedder().semantic}


for _page in RELATED_PAGES:
    register_section(
        _page,
        key="intelligence-related",
        template="intelligence/sections/related.html",
        context=related_context,
        order=50,
        slot="aside",
    )

register_nav(_("Who else tried this?"), "intelligence:challenge", order=88, prefixes=("challenge",))
