"""What places, hubs and organisations add to the home page and the main navigation
(discovered by core, see core.contributions)."""

from django.utils.translation import gettext_lazy as _

from translocal.core.contributions import register_nav, register_section
from translocal.core.page_cache import register_live_parts, register_page_scope

from . import selectors
from .apps import MEMBERSHIPS_AREA
from .home_html import network_figures_html, places_with_hubs_html
from .membership_caching import RANKING_VERSION, fill_member_counts

register_nav(_("Places"), "places:place-list", order=60, prefixes=("place",))
register_nav(_("Hubs"), "places:hub-list", order=70, prefixes=("hub",))

register_section(
    "home",
    key="network-figures",
    slot="figures",
    order=50,
    template="places/sections/home_figures.html",
    context=lambda subject, viewer: {"network": selectors.network_totals()},
    html=network_figures_html,
)
register_section(
    "home",
    key="places-and-hubs",
    slot="wide",
    order=50,
    template="places/sections/home_places.html",
    context=lambda subject, viewer: {"places": selectors.places_with_hubs()},
    html=places_with_hubs_html,
    scoped=True,  # its order (busiest first) follows RANKING_VERSION, registered below
)

# Joins and leaves leave the home page cached: its member counts are filled in live, and its
# order of places and hubs (busiest first) is keyed on the ranking's version, which a join or a
# leave moves only when it changes that order (places.membership_caching): then the page and
# that one section are rendered again, the page's other sections stay cached (``scoped``).
register_live_parts(fill_member_counts)
register_page_scope("home", unkeyed_areas=[MEMBERSHIPS_AREA], versions=lambda request: [RANKING_VERSION])
# Search shows what the index holds, which joins and leaves do not change (no member counts).
register_page_scope("search", unkeyed_areas=[MEMBERSHIPS_AREA])
