"""Permission predicates for templates: ``{% if user|can_edit:case %}``. The same functions
as views and services use, so a button is shown exactly when the action is allowed."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from .. import permissions
from ..cards import case_cards_html, lead_thumbnail_html

register = template.Library()


@register.filter
def can_view(user: Any, entry: Any) -> bool:
    return permissions.can_view(user, entry)


@register.filter
def can_edit(user: Any, entry: Any) -> bool:
    return permissions.can_edit(user, entry)


@register.filter
def can_publish(user: Any, entry: Any) -> bool:
    return permissions.can_publish(user, entry)


@register.filter
def can_unpublish(user: Any, entry: Any) -> bool:
    return permissions.can_unpublish(user, entry)


@register.filter
def can_lift_moderation(user: Any, entry: Any) -> bool:
    return permissions.can_lift_moderation(user, entry)


@register.filter
def can_moderate(user: Any, entry: Any) -> bool:
    return permissions.can_moderate(user, entry)


@register.filter
def can_edit_series(user: Any, series: Any) -> bool:
    return permissions.can_edit_series(user, series)



@register.simple_tag
def lead_thumbnail(entry: Any) -> str:
    """A card's lead image (knowledge.cards.lead_thumbnail_html): never a query."""
    return lead_thumbnail_html(entry)


@register.simple_tag
def case_cards(cases: Iterable[Any], level: int = 2, show_issues: bool = False) -> SafeString:
    """The cards of ``cases`` as ``{% for case in cases %}{% include "knowledge/_case_card.html"
    with case=case level=... show_issues=... %}{% endfor %}`` writes them, built in Python
    (knowledge.cards: the same bytes, without 50 includes on a case list)."""
    return case_cards_html(cases, level=level, show_issues=show_issues)
