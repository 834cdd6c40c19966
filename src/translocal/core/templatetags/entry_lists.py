"""``{% entry_list %}``: a list of entries' cards (core.entry_lists), as
``{% include "core/_entry_list.html" %}`` writes it."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from translocal.core.entry_lists import entry_list_html

register = template.Library()


@register.simple_tag
def entry_list(
    entries: Iterable[Any], heading_level: int | str = 2, empty: str = "", show_status: bool = False
) -> SafeString:
    """``{% entry_list entries heading_level=3 empty=empty show_status=own %}``: the same bytes
    as the include with the same arguments, built in Python (core.entry_lists)."""
    return entry_list_html(entries, heading_level=heading_level, empty=empty, show_status=show_status)
