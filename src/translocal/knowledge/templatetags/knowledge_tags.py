"""Permission predicates for templates: ``{% if user|can_edit:case %}``. The same functions
as views and services use, so a button is shown exactly when the action is allowed."""

from typing import Any

from django import template
from django.utils.html import format_html

from .. import permissions

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
    """A card's lead image (its thumbnail, lazy, with its alt text and size), only when the
    list's query joined it (``select_related("lead_image")``): a card never costs a query."""
    field = getattr(type(entry), "lead_image", None)
    if field is None or not hasattr(field, "is_cached") or not field.is_cached(entry):
        return ""
    image = entry.lead_image
    if image is None:
        return ""
    return format_html(
        '<img class="card__image" src="{}" alt="{}" width="{}" height="{}" loading="lazy" decoding="async">',
        image.thumb_url, image.alt_text, image.thumb_width, image.thumb_height,
    )
