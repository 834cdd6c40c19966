"""Exact query counts of the hot read pages for a signed-in member (one who belongs to a hub
and has drafts of a case and of a reflection), cold (empty cache) and warm (the same request
again), at two sizes of every section: the count does not grow with the rows.

Signed-in readers never get the anonymous page cache. Warm is a view rendered with the
fragment caches filled: the session, the user and the content versions in one statement (1:
the page cache asks for the person and the versions at once, and this process knows whom the
session signed in since the cold view, accounts.sessions and accounts.backends), and whatever
is personal to them (drafts panel, membership, permission checks). The pages marked for it then
come from the member's own page cache (core.page_cache, ``signed_in=True``): that one
statement, which is what a member pays on every view after the first. The cold view reads the
session alone first (2). An exact count (not a maximum) shows a query that appeared and one
that vanished alike.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    MethodFactory,
    PlaceFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from translocal.knowledge.models import Status
from translocal.search.services import index_instances

pytestmark = pytest.mark.django_db


@dataclass
class Site:
    member: object
    urls: dict[str, str]


def _site(rows: int) -> Site:
    place = PlaceFactory()
    hub = HubFactory(place=place)
    member = UserFactory(place=place)
    HubMembershipFactory(hub=hub, user=member)
    HubMembershipFactory.create_batch(rows, hub=hub)
    HubMembershipFactory(hub=hub, role="coordinator")
    # The member's drafts: the lists show them in "Your drafts".
    CaseFactory(created_by=member, status=Status.DRAFT, published_at=None, title="Draft of a street assembly")
    ReflectionFactory(created_by=member, status=Status.DRAFT, published_at=None)
    own = CaseFactory(created_by=member, place=place, title="Own assembly case", featured=True)
    cases = CaseFactory.create_batch(rows, place=place, featured=True)
    MethodFactory.create_batch(rows)
    series = SeriesFactory()
    reflections = []
    for i in range(rows):
        reflection = ReflectionFactory(series=series, series_position=i + 1)
        AuthorshipFactory(reflection=reflection, user=reflection.created_by)
        reflection.places.add(place)
        reflections.append(reflection)
    index_instances([own, *cases])
    index_instances(reflections)
    other = cases[0].created_by
    return Site(
        member=member,
        urls={
            "home": "/",
            "case list": "/cases/",
            "case detail": cases[0].get_absolute_url(),
            "own case detail": own.get_absolute_url(),
            "search": "/search/?q=case",
            "reflection": reflections[0].get_absolute_url(),
            "place": place.get_absolute_url(),
            "hub": hub.get_absolute_url(),
            "profile": other.get_absolute_url(),
            "own profile": member.get_absolute_url(),
        },
    )


# page: (cold, warm, again). Again is what a signed-in member pays on every later view: the
# member's own cached page (core.page_cache, signed_in=True), which every page here is.
# The cases and reflections have vectors (bulk indexing announces them to the embedder, as a
# write does), so cold includes this process's vector index catching up on them and the
# entries it finds: related entries and peers on a case (10 and 11 without vectors), related
# entries on a reflection (15), the semantic candidates of search (6).
# Home, place and hub fill their member counts live (places.membership_caching) when they are
# served from the page cache or from a cached fragment that shows counts, so a join or a leave
# elsewhere leaves them cached. The counts come from one query, kept in the cache until a join,
# a leave or a site write moves the versions: the first view that fills them pays it (home and
# place: warm, from their cached sections; hub: later, its warm view rendered its count).
COUNTS: dict[str, tuple[int, int, int]] = {
    "home": (12, 2, 1),  # the three published counts in one statement
    # Its facet counts from one stored table (614bf77); its page, cards and total in one statement.
    "case list": (5, 2, 1),
    # The case with its place and translation in one statement, its relations in two
    # (knowledge.selectors.case_page), its related cases in one.
    "case detail": (10, 2, 1),
    # The author may decide the entry's suggested goals: a live per-viewer section (1 query).
    "own case detail": (11, 3, 1),
    "search": (8, 1, 1),
    # The body's relations in two statements, its authors those the header read, the series'
    # position and neighbours in one (knowledge.selectors.reflection_page, series_nav).
    "reflection": (11, 3, 1),
    # A place's and a hub's reflections are a list of entries: no bylines to read.
    "place": (11, 3, 1),
    "hub": (12, 4, 2),
    # The person's roles, expertise and languages in one statement (taxonomy.selectors.fill_terms).
    "profile": (9, 6, 1),
    "own profile": (11, 8, 1),
}


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("page", list(COUNTS))
def test_signed_in_member_query_count_is_exact(client, django_assert_num_queries, page, rows):
    site = _site(rows)
    client.force_login(site.member)
    # Cold sets the CSRF cookie (a page that did is never stored); warm renders with the
    # fragment caches filled and is stored; the third view is served as a member's next views are.
    cold, warm, later = COUNTS[page]
    cache.clear()
    with django_assert_num_queries(cold):
        response = client.get(site.urls[page])
    assert response.status_code == 200
    assert site.member.name in response.content.decode()  # the personal header is there
    with django_assert_num_queries(warm):
        again = client.get(site.urls[page])
    assert again.status_code == 200
    with django_assert_num_queries(later):
        third = client.get(site.urls[page])
    assert third.content == again.content  # served from the member's page cache
