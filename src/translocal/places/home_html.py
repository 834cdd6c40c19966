"""The home page's places and their hubs, and the network's figures, written in Python: the same
bytes as ``places/sections/home_places.html`` and ``home_figures.html`` in the active language,
with the same message ids (tests/core/test_home_page_reads.py renders both ways in English,
Spanish and Swedish).
Twelve places and their hubs were some 150 variable look-ups and a tag per hub: about a sixth
of a cold home page's CPU. Values are escaped as ``{{ }}`` escapes them; translations of
literals are not, as ``{% translate %}`` of a literal does not escape its translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, npgettext

from translocal.core.contributions import section_frame_html
from translocal.core.template_values import escaped
from translocal.core.templatetags.translocal import link

from .membership_caching import member_count_html, memberships_total_html


def _place_html(place: Any) -> str:
    hubs = "".join(
        f'<li><a href="{escaped(hub.get_absolute_url())}">{escaped(hub.name)}</a> '
        f'<span class="count">{member_count_html(hub.pk, hub.member_count)}</span></li>'
        for hub in place.hub_list
    )
    return (
        '\n    <li class="place-hubs__place">\n      <h3 class="place-hubs__name">'
        f'<a href="{escaped(place.get_absolute_url())}">{escaped(place.name)}</a> '
        f'<span class="meta">{escaped(place.country_name)}</span></h3>\n'
        f'      <ul class="place-hubs__hubs">\n        {hubs}\n      </ul>\n    </li>\n    '
    )


def places_with_hubs_html(context: Mapping[str, Any]) -> SafeString:
    """``places/sections/home_places.html`` for ``context["places"]`` (as
    ``selectors.places_with_hubs`` gives them: each with its ``hub_list``); each hub's count
    marked for the page cache as ``{% hub_members %}`` marks it."""
    places = context["places"]
    if places:
        items = "".join(_place_html(place) for place in places)
        body = f'\n  <ul class="place-hubs">\n    {items}\n  </ul>\n  '
    else:
        body = f'<p class="empty">{gettext("No hubs yet.")}</p>'
    all_link = f'<a href="{escaped(link("places:place-list"))}">{gettext("All places")}</a>'
    return section_frame_html("places-title", gettext("Places and their hubs"), all_link, body)


def network_figures_html(context: Mapping[str, Any]) -> SafeString:
    """``places/sections/home_figures.html`` for ``context["network"]`` (as
    ``selectors.network_totals`` gives it): the hubs and the places they are in, and the hub
    memberships marked for the page cache as ``{% hub_memberships_total %}`` marks them."""
    network = context["network"]
    hubs, places = network["hubs"], network["places"]
    in_places = ngettext("in %(places)s place", "in %(places)s places", places) % {
        "places": escaped(intcomma(places))
    }
    return mark_safe(  # noqa: S308 - every value is escaped
        f'\n<li><a href="{escaped(link("places:hub-list"))}"><span class="stats__number">{escaped(intcomma(hubs))}'
        f'</span> {npgettext("home page figure, after the number", "hub", "hubs", hubs)} {in_places}</a></li>\n'
        f'<li><a href="{escaped(link("accounts:people-list"))}">{memberships_total_html(network["members"])}</a></li>\n'
    )
