"""Permission predicates for templates: ``{% if user|can_edit:case %}``. The same functions
as views and services use, so a button is shown exactly when the action is allowed."""

from typing import Any

from django import template

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

