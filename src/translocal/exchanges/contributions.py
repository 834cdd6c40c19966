"""What exchanges add to pages they do not own, and to the main navigation (core.contributions).

Shared sections are rendered for an anonymous viewer, so they list published public exchanges
only; the profile section is per viewer and shows a person their own registrations."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from translocal.core.contributions import register_nav, register_section

from . import network_selectors, selectors
from .home_html import upcoming_exchanges_html
from .place_html import hub_exchanges_html, place_exchanges_html

HOME_SECTION_LIMIT = 5
PAGE_SECTION_LIMIT = 10
PROFILE_SECTION_LIMIT = 10

register_nav(
    _("Exchanges"),
    "exchanges:exchange-list",
    order=45,
    prefixes=("exchange", "registration", "programme", "session", "my-"),
)

register_section(
    "home",
    key="upcoming-exchanges",
    slot="aside",
    order=20,
    template="exchanges/sections/home_exchanges.html",
    context=lambda subject, viewer: {"exchanges": selectors.upcoming_public_exchanges(limit=HOME_SECTION_LIMIT)},
    html=upcoming_exchanges_html,
)
register_section(
    "place",
    key="exchanges",
    slot="aside",
    order=30,
    template="exchanges/sections/place_exchanges.html",
    context=lambda place, viewer: {
        "exchanges": selectors.public_exchanges_for_place(place=place, limit=PAGE_SECTION_LIMIT),
        "attended": network_selectors.public_exchanges_attended_from_place(place=place, limit=PAGE_SECTION_LIMIT),
        "lessons": network_selectors.public_lessons_from_place(place=place, limit=PAGE_SECTION_LIMIT),
    },
    html=place_exchanges_html,
)
register_section(
    "hub",
    key="exchanges",
    slot="aside",
    order=30,
    template="exchanges/sections/hub_exchanges.html",
    context=lambda hub, viewer: {
        "hub": hub,
        "exchanges": selectors.public_exchanges_for_hub(hub=hub, limit=PAGE_SECTION_LIMIT),
    },
    html=hub_exchanges_html,
)


def _own_registrations(person: Any, viewer: Any) -> dict[str, Any] | None:
    """Only on one's own profile: the exchanges one is registered for."""
    if not (viewer.is_authenticated and viewer.pk == person.pk):
        return None
    return {"registrations": selectors.registrations_of(user=viewer, limit=PROFILE_SECTION_LIMIT)}


register_section(
    "profile",
    key="exchange-registrations",
    order=30,
    per_viewer=True,  # a person's registrations are theirs
    template="exchanges/sections/profile_registrations.html",
    context=_own_registrations,
)
