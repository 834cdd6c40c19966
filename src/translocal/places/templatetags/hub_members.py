"""Member counts marked for the anonymous page cache (places.membership_caching)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from ..membership_caching import member_count_html, member_number_html, memberships_total_html, more_members_html

register = template.Library()


@register.simple_tag
def hub_members(hub: Any) -> SafeString:
    """``{% hub_members hub %}``: "N members", marked so that a page served from the cache shows
    the count as it is now."""
    return member_count_html(hub.pk, hub.member_count)


@register.simple_tag
def hub_member_number(hub: Any) -> SafeString:
    """``{% hub_member_number hub %}``: the bare number of members, marked the same way."""
    return member_number_html(hub.pk, hub.member_count)


@register.simple_tag
def hub_memberships_total(total: int) -> SafeString:
    """``{% hub_memberships_total network.members %}``: "1,234 hub memberships" on the home page."""
    return memberships_total_html(total)


@register.simple_tag
def hub_more_members(hub: Any, listed: int) -> SafeString:
    """``{% hub_more_members hub listed %}``: "And N more members." (N = members - ``listed``)."""
    return more_members_html(hub.pk, listed, hub.member_count)
