"""What the knowledge commons adds to pages it does not own, and to the main navigation.

Discovered by core (see core.contributions). Every section reads through this app's selectors;
shared sections show published entries only, and the profile sections ask the selectors for
what the viewer may see of the person's work.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from translocal.core.contributions import register_nav, register_section
from translocal.places.map_counts import PlaceCount, register_place_count

from . import selectors
from .home_html import featured_cases_html, figures_html, latest_reflections_html, series_html
from .place_html import place_entries_html

HOME_SECTION_LIMIT = 6
PAGE_SECTION_LIMIT = 10
PROFILE_SECTION_LIMIT = 20

register_nav(_("Cases"), "knowledge:case-list", order=20, prefixes=("case",))
register_nav(_("Methods"), "knowledge:method-list", order=30, prefixes=("method",))
register_nav(_("Reflections"), "knowledge:reflection-list", order=40, prefixes=("reflection",))
register_nav(_("Series"), "knowledge:series-list", order=50, prefixes=("series",))


# --- Home -------------------------------------------------------------------------------------

register_section(
    "home",
    key="knowledge-figures",
    slot="figures",
    order=10,
    template="knowledge/sections/home_figures.html",
    context=lambda subject, viewer: {"counts": selectors.published_counts()},
    html=figures_html,
)
register_section(
    "home",
    key="latest-reflections",
    slot="main",
    order=10,
    template="knowledge/sections/home_reflections.html",
    context=lambda subject, viewer: {"reflections": selectors.latest_reflections(limit=HOME_SECTION_LIMIT)},
    html=latest_reflections_html,
)
register_section(
    "home",
    key="series",
    slot="aside",
    order=10,
    template="knowledge/sections/home_series.html",
    context=lambda subject, viewer: {"series_list": selectors.series_overview(limit=HOME_SECTION_LIMIT)},
    html=series_html,
)
register_section(
    "home",
    key="featured-cases",
    slot="wide",
    order=10,
    template="knowledge/sections/home_cases.html",
    context=lambda subject, viewer: {"cases": selectors.featured_cases(limit=HOME_SECTION_LIMIT)},
    html=featured_cases_html,
)


# --- Place and hub ----------------------------------------------------------------------------

register_place_count(
    PlaceCount(
        key="cases",
        heading=_("Cases"),
        describe=lambda n: ngettext("%(count)s case", "%(count)s cases", n) % {"count": n},
        count=selectors.published_case_counts_by_place,
        order=10,
    )
)


def _place_entries(place: Any) -> dict[str, Any]:
    return {
        "place": place,
        "cases": selectors.cases_for_place(place=place, limit=PAGE_SECTION_LIMIT),
        "reflections": selectors.reflections_for_place(place=place, limit=PAGE_SECTION_LIMIT),
    }


register_section(
    "place",
    key="knowledge",
    order=20,
    template="knowledge/sections/place_entries.html",
    context=lambda place, viewer: _place_entries(place),
    html=place_entries_html,
)
register_section(
    "hub",
    key="knowledge",
    order=20,
    template="knowledge/sections/place_entries.html",
    context=lambda hub, viewer: _place_entries(hub.place),
    html=place_entries_html,
)


# --- Organisation -----------------------------------------------------------------------------

register_section(
    "organisation",
    key="organised-cases",
    order=20,
    template="knowledge/sections/organisation_cases.html",
    context=lambda organisation, viewer: {
        "organisation": organisation,
        "cases": selectors.cases_for_organisation(organisation=organisation, limit=PAGE_SECTION_LIMIT),
    },
)


# --- Profile ----------------------------------------------------------------------------------


def _profile_entries(person: Any, viewer: Any) -> dict[str, Any]:
    own = bool(viewer.is_authenticated and viewer.pk == person.pk)
    return {
        "entries": selectors.entries_by_author(author=person, viewer=viewer, limit=PROFILE_SECTION_LIMIT),
        "own": own,
    }


register_section(
    "profile",
    key="knowledge",
    order=20,
    per_viewer=True,  # the person sees their own drafts
    template="knowledge/sections/profile_entries.html",
    context=_profile_entries,
)


def _authorship_requests(person: Any, viewer: Any) -> dict[str, Any]:
    """Only on one's own profile: the requests to be named as an author waiting for an answer."""
    own = bool(viewer.is_authenticated and viewer.pk == person.pk)
    return {"requests": selectors.pending_authorships_for(user=viewer, limit=5) if own else []}


register_section(
    "profile",
    key="authorship-requests",
    order=10,
    per_viewer=True,  # the person's own pending requests
    template="knowledge/sections/profile_authorship_requests.html",
    context=_authorship_requests,
)
