"""A place page's hubs and organisations and a hub page's organisations written in Python: the
same bytes as the ``hubs`` and ``organisations`` partials of ``places/place_detail.html`` and
the ``organisations`` partial of ``places/hub_detail.html`` in the active language, with the
same message ids (tests/places/test_place_html.py renders both ways in English, Spanish, Catalan
and Swedish, with rows and without). Two partials rendered through the template engine were
about half a millisecond of a cold place page. Values are escaped as ``{{ }}`` escapes them;
translations of literals are not, as ``{% translate %}`` of a literal does not escape its
translation; a member count is ``{% hub_members %}``'s marked text (places.membership_caching).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext

from translocal.core.template_values import escaped

from .membership_caching import member_count_html


def _hub_card(hub: Any) -> str:
    tagline = f'<p class="card__summary">{escaped(hub.tagline)}</p>' if hub.tagline else ""
    return (
        '\n    <li class="card">\n'
        f'      <h3 class="card__title"><a href="{escaped(hub.get_absolute_url())}">{escaped(hub.name)}</a></h3>\n'
        f'      <p class="card__meta meta">{member_count_html(hub.pk, hub.member_count)}</p>\n'
        f"      {tagline}\n    </li>\n    "
    )


def place_hubs_html(place: Any, hubs: Iterable[Any]) -> str:
    """The ``hubs`` partial of ``places/place_detail.html``: ``place``'s hubs (``name``,
    ``slug``, ``tagline``, ``member_count``) as cards, or a sentence when it has none."""
    name = escaped(place.name)
    cards = "".join(_hub_card(hub) for hub in hubs)
    if cards:
        body = f'\n  <ul class="card-list">\n    {cards}\n  </ul>\n  '
    else:
        body = f'<p class="empty">{gettext("There is no hub in %(place)s yet.") % {"place": name}}</p>'
    return (
        '\n<section aria-labelledby="hubs-title">\n'
        f'  <h2 id="hubs-title">{gettext("Hubs in %(place)s") % {"place": name}}</h2>\n  {body}\n</section>\n'
    )


def _organisation_items(organisations: Iterable[Any]) -> str:
    return "".join(
        f'<li><a href="{escaped(o.get_absolute_url())}" lang="{escaped(o.display_language)}">'
        f"{escaped(o.display_name)}</a></li>"
        for o in organisations
    )


def place_organisations_html(organisations: Iterable[Any]) -> str:
    """The ``organisations`` partial of ``places/place_detail.html``: links to ``organisations``
    (``slug``, ``display_name``, ``display_language``) under a heading, or nothing."""
    items = _organisation_items(organisations)
    if not items:
        return "\n\n"
    return f'\n\n<h2 class="aside-title">{gettext("Organisations")}</h2>\n<ul class="plain-list">\n  {items}\n</ul>\n\n'


def hub_organisations_html(organisations: Iterable[Any]) -> str:
    """The ``organisations`` partial of ``places/hub_detail.html``: as a place's, on fewer lines."""
    items = _organisation_items(organisations)
    if not items:
        return "\n\n"
    return f'\n\n<h2 class="aside-title">{gettext("Organisations")}</h2>\n<ul class="plain-list">{items}</ul>\n\n'
