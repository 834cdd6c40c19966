"""What SDG localisation adds to pages it does not own: the suggested goals on an entry's
page (for those who may confirm them), and a link to the local report on place and hub pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from translocal.core.contributions import register_nav, register_section
from translocal.search.registry import registration_for

from . import permissions, selectors


def suggestions_context(subject: Any, viewer: Any) -> dict[str, Any] | None:
    """Pending suggestions, only for a viewer who may confirm them (one query then; none for
    anyone else)."""
    registration = registration_for(subject) if subject is not None else None
    if registration is None or subject.pk is None or not viewer.is_authenticated:
        return None
    if not permissions.can_decide_suggestions(viewer, registration.kind, subject):
        return None
    suggestions = selectors.pending_suggestions(kind=registration.kind, object_id=subject.pk)
    if not suggestions:
        return None
    return {"suggestions": suggestions, "next_url": subject.get_absolute_url()}


def tags_context(subject: Any, viewer: Any) -> dict[str, Any] | None:
    """The confirmed (public) goals and targets of a process, result or commitment, in order
    (one query, none when its page prefetched them)."""
    if subject is None or subject.pk is None:
        return None
    terms = sorted(subject.sdgs.all(), key=lambda term: (term.position, term.slug))
    return {"terms": terms} if terms else None


def report_link_context(subject: Any, viewer: Any) -> dict[str, Any] | None:
    if subject is None or not getattr(subject, "slug", None):
        return None
    name = "sdg:place-report" if subject._meta.model_name == "place" else "sdg:hub-report"
    return {"report_url": reverse(name, kwargs={"slug": subject.slug})}


for _page in ("process", "result", "commitment"):
    register_section(
        _page, key="sdg-tags", template="sdg/sections/tags.html", context=tags_context, order=35, slot="aside",
    )

for _page in ("case", "method", "reflection", "process", "result", "commitment"):
    register_section(
        _page,
        key="sdg-suggestions",
        template="sdg/sections/suggestions.html",
        context=suggestions_context,
        order=40,
        slot="aside",
        per_viewer=True,
    )

for _page in ("place", "hub"):
    register_section(
        _page, key="sdg-report", template="sdg/sections/report_link.html", context=report_link_context,
        order=90, slot="aside",
    )

register_nav(_("Goals"), "sdg:goal-list", order=85, prefixes=("goal",))
