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

#: The pages that ask "Who else tried this?" (the places behind similar cases, with reasons).
PEER_PAGES = ("case", "process", "commitment")


def _own_place_id(kind: str, subject: Any) -> int | None:
    """The place a case, process or commitment is in (a process's own, else its hub's; a
    commitment's hub's), left out of "who elsewhere". Their pages load the hub already."""
    place_id = getattr(subject, "place_id", None)
    if place_id is None and kind in ("process", "commitment") and subject.hub_id is not None:
        place_id = subject.hub.place_id
    return place_id


def _subject_text(subject: Any) -> str:
    """The subject's own words, to say what a match shares with it (no query)."""
    parts = [getattr(subject, name, "") for name in ("title", "summary", "description", "body")]
    return " ".join(part for part in parts if isinstance(part, str) and part)


def related_context(subject: Any, viewer: Any) -> dict[str, Any] | None:
    """The entries nearest to the page's entry; None (no section) without any. Shared: it shows
    only public entries, rendered for everyone alike. A process's and a commitment's pages ask
    "Who else tried this?" with the same matching service as a case's."""
    registration = registration_for(subject) if subject is not None else None
    if registration is None or subject.pk is None:
        return None
    if not getattr(subject, "is_published", True):
        return None  # a draft or taken-down entry has no public vector: spare the queries
    kind = registration.kind
    kinds = selectors.RELATED_KINDS if kind in selectors.RELATED_KINDS else selectors.PRACTICE_KINDS
    entries = selectors.related_entries(kind=kind, object_id=subject.pk, kinds=kinds)
    if not entries:
        return None  # no public vector (or nothing public near it): no peers either
    peers = None
    if kind in PEER_PAGES:
        peers = selectors.peers(
            kind=kind, object_id=subject.pk, own_place_id=_own_place_id(kind, subject), text=_subject_text(subject)
        )
    return {"related_entries": entries, "peers": peers, "semantic": get_embedder().semantic}


for _page in (*RELATED_PAGES, "process", "commitment"):
    register_section(
        _page,
        key="intelligence-related",
        template="intelligence/sections/related.html",
        context=related_context,
        order=50,
        slot="aside",
    )

register_nav(_("Who else tried this?"), "intelligence:challenge", order=88, prefixes=("challenge",))
