"""What places, hubs and organisations add to the home page and the main navigation
(discovered by core, see core.contributions)."""

from django.utils.translation import gettext_lazy as _

from translocal.core.contributions import register_nav, register_section

from . import selectors

HOME_PLACES_LIMIT = 12

register_nav(_("Places"), "places:place-list", order=60, prefixes=("place",))
register_nav(_("Hubs"), "places:hub-list", order=70, prefixes=("hub",))

register_section(
    "home",
    key="network-figures",
    slot="figures",
    order=50,
    template="places/sections/home_figures.html",
    context=lambda subject, viewer: {"network": selectors.network_totals()},
)
register_section(
    "home",
    key="places-and-hubs",
    slot="wide",
    order=50,
    template="places/sections/home_places.html",
    context=lambda subject, viewer: {"places": selectors.places_with_hubs(limit=HOME_PLACES_LIMIT)},
)
