"""What co-production spaces add to pages they do not own, and to the main navigation.

Shared sections show published public processes only (they are rendered for an anonymous
viewer and cached with the page)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from translocal.core.contributions import register_nav, register_section
from translocal.core.page_cache import register_live_parts

from . import selectors
from .accountability import selectors as result_selectors
from .live_counts import fill_support_counts
from .sections_html import processes_html

SECTION_LIMIT = 5

register_nav(_("Processes"), "coproduction:process-list", order=60, prefixes=("process", "proposal"))

register_section(
    "hub",
    key="coproduction-processes",
    order=15,
    template="coproduction/sections/processes.html",
    html=processes_html,
    context=lambda hub, viewer: {
        "processes": selectors.public_processes_in_hub(hub_id=hub.pk, limit=SECTION_LIMIT),
        "calendar_hub": hub,
    },
)
register_section(
    "hub",
    key="coproduction-feed-links",
    slot="head",
    template="coproduction/sections/hub_feed_links.html",
    context=lambda hub, viewer: {},
)
register_section(
    "place",
    key="coproduction-processes",
    order=15,
    template="coproduction/sections/processes.html",
    html=processes_html,
    context=lambda place, viewer: {
        "processes": selectors.public_processes_in_place(place_id=place.pk, limit=SECTION_LIMIT)
    },
)
register_section(
    "home",
    key="coproduction-processes",
    slot="aside",
    order=20,
    template="coproduction/sections/processes.html",
    html=processes_html,
    context=lambda subject, viewer: {"processes": selectors.latest_public_processes(limit=SECTION_LIMIT)},
)


def _profile_proposals(person: Any, viewer: Any) -> dict[str, Any]:
    """What happened to the person's proposals: status, supports and answer of each, and the
    results they became with their progress. The person sees all of theirs; others what is
    public."""
    own = bool(viewer.is_authenticated and viewer.pk == person.pk)
    proposals = selectors.proposals_of_author(author=person, viewer=viewer, limit=20)
    return {"proposals": result_selectors.with_results(proposals), "own": own}


# The profile's proposals show their support counts live: the cached anonymous profile page
# (accounts.views.profile, cache_for_anonymous(live=True)) outlives supports.
register_live_parts(fill_support_counts)

register_section(
    "profile",
    key="coproduction-proposals",
    order=30,
    per_viewer=True,  # the person sees their proposals in processes others may not see
    template="coproduction/sections/profile_proposals.html",
    context=_profile_proposals,
)
