"""Joins and leaves re-render only what shows them (places.membership_caching).

The home page, a place, a hub, a profile and search leave the memberships area out of their
key: member counts are filled in live from one query as a cached page is served, a hub's member
list is keyed on that hub's own version, a person's hubs on their own version, and the home
page's order (busiest first) on a version a join moves only when it changes that order.

"Served from the cache" is counted in queries: the versions (1) and, on the first page that
shows member counts after a join or a leave, the counts (1: they are then kept in the cache
until the next one); a re-render costs many more. Every page served from the cache is compared
byte for byte with a fresh render of the same moment."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import HubFactory, HubMembershipFactory, PlaceFactory, UserFactory
from translocal.accounts import services as accounts_services
from translocal.places import selectors, services
from translocal.places.membership_caching import fill_member_counts, member_count_html
from translocal.places.models import Hub, HubMembership

pytestmark = pytest.mark.django_db

#: The versions that key the page, and the live member counts (the first page that shows
#: counts after a join or a leave: they are kept in the cache until the versions move).
CACHED_WITH_COUNTS = 2
#: The versions only: a page that shows no member count, or counts read at these versions.
CACHED = 1


def _hub(name: str, place, members: int = 1) -> Hub:
    hub = HubFactory(name=name, place=place)
    coordinator = HubMembershipFactory(hub=hub, role=HubMembership.Role.COORDINATOR)
    for _ in range(members - 1):
        HubMembershipFactory(hub=hub)
    Hub.objects.filter(pk=hub.pk).update(member_count=members)
    hub.refresh_from_db()
    assert coordinator.pk
    return hub


def _join(person, hub, capture) -> None:
    with capture(execute=True):
        services.join_hub(acting_user=person, hub=Hub.objects.get(pk=hub.pk))


def _leave(person, hub, capture) -> None:
    with capture(execute=True):
        services.leave_hub(acting_user=person, hub=Hub.objects.get(pk=hub.pk))


def _warm(client: Client, url: str, assert_num_queries, queries: int = CACHED) -> str:
    """The page rendered once, served from the page cache once (which reads and keeps its
    member counts), then served again in ``queries`` queries."""
    client.get(url)
    client.get(url)
    with assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _fresh(url: str, **headers) -> str:
    """The same page rendered now from nothing (page and fragment caches emptied)."""
    cache.clear()
    return Client(**headers).get(url).content.decode()


def _members_text(body: str, hub: Hub) -> str:
    return re.search(rf'<span data-hub-members="{hub.pk}">([^<]*)</span>', body).group(1)


@pytest.fixture
def town():
    place = PlaceFactory(name="Kisumu")
    return place, _hub("Lakeside Lab", place, members=3), _hub("Harbour Commons", place, members=5)


def test_a_join_leaves_the_place_page_cached_with_the_new_count(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    place, lakeside, harbour = town
    url = place.get_absolute_url()
    assert _members_text(_warm(client, url, django_assert_num_queries, CACHED), lakeside) == "3 members"
    _join(UserFactory(), lakeside, django_capture_on_commit_callbacks)
    with django_assert_num_queries(CACHED_WITH_COUNTS):  # still the cached page
        served = client.get(url).content.decode()
    assert _members_text(served, lakeside) == "4 members"
    assert _members_text(served, harbour) == "5 members"
    assert served == _fresh(url)


def test_a_join_moves_its_hub_page_at_once_and_leaves_other_hubs_cached(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    _place, lakeside, harbour = town
    newcomer = UserFactory(display_name="Achieng Otieno")
    _warm(client, lakeside.get_absolute_url(), django_assert_num_queries, CACHED)
    _warm(client, harbour.get_absolute_url(), django_assert_num_queries, CACHED)
    _join(newcomer, lakeside, django_capture_on_commit_callbacks)
    # The hub joined: its page is re-rendered (its own version moved) with the new member.
    with CaptureQueriesContext(connection) as queries:
        body = client.get(lakeside.get_absolute_url()).content.decode()
    assert len(queries) > CACHED_WITH_COUNTS
    assert "Achieng Otieno" in body
    assert f'<span data-hub-member-number="{lakeside.pk}">4</span>' in body
    # Another hub stays cached, and so does its count: kept under that hub's own version.
    with django_assert_num_queries(CACHED):
        other = client.get(harbour.get_absolute_url()).content.decode()
    assert "Achieng Otieno" not in other
    assert other == _fresh(harbour.get_absolute_url())
    # And a leave shows at once too.
    _leave(newcomer, lakeside, django_capture_on_commit_callbacks)
    body = client.get(lakeside.get_absolute_url()).content.decode()
    assert "Achieng Otieno" not in body
    assert f'<span data-hub-member-number="{lakeside.pk}">3</span>' in body


def test_a_join_leaves_the_home_page_cached_with_the_new_counts_in_every_language(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    _place, lakeside, harbour = town
    for language in ("en", "es"):
        _warm(Client(HTTP_ACCEPT_LANGUAGE=language), "/", django_assert_num_queries, CACHED)
    # Harbour (5) stays ahead of Lakeside (3 -> 4): the home page's order does not move.
    _join(UserFactory(), lakeside, django_capture_on_commit_callbacks)
    served = {}
    for language, members, total in (("en", "4 members", "9</span> hub memberships"),
                                     ("es", "4 miembros", "9</span> ")):
        # The counts the English page read are kept: the Spanish page reads the versions only.
        with django_assert_num_queries(CACHED_WITH_COUNTS if language == "en" else CACHED):
            served[language] = Client(HTTP_ACCEPT_LANGUAGE=language).get("/").content.decode()
        assert _members_text(served[language], lakeside) == members
        assert total in served[language]
    for language, page in served.items():
        assert page == _fresh("/", HTTP_ACCEPT_LANGUAGE=language)


def test_a_join_that_changes_the_home_pages_order_re_renders_it(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    alpha = _hub("Alpha Lab", PlaceFactory(name="Alphaville"), members=2)
    beta = _hub("Beta Lab", PlaceFactory(name="Betatown"), members=1)
    body = _warm(client, "/", django_assert_num_queries, CACHED)
    assert body.index("Alphaville") < body.index("Betatown")
    _join(UserFactory(), beta, django_capture_on_commit_callbacks)  # 2 and 2: by name, unchanged
    with django_assert_num_queries(CACHED_WITH_COUNTS):
        body = client.get("/").content.decode()
    assert body.index("Alphaville") < body.index("Betatown")
    _join(UserFactory(), beta, django_capture_on_commit_callbacks)  # 2 and 3: Betatown first
    with django_assert_num_queries(HOME_AFTER_A_NEW_ORDER):  # the places section alone rendered
        body = client.get("/").content.decode()
    assert body.index("Betatown") < body.index("Alphaville")
    assert body == _fresh("/")
    assert alpha.pk


def test_a_join_moves_the_joiners_profile_and_leaves_other_profiles_and_search_cached(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    _place, lakeside, _harbour = town
    joiner, bystander = UserFactory(), UserFactory()
    _warm(client, joiner.get_absolute_url(), django_assert_num_queries, CACHED)
    _warm(client, bystander.get_absolute_url(), django_assert_num_queries, CACHED)
    search = reverse("search:search") + "?q=Lakeside"
    _warm(client, search, django_assert_num_queries, CACHED)
    _join(joiner, lakeside, django_capture_on_commit_callbacks)
    assert "Lakeside Lab" in client.get(joiner.get_absolute_url()).content.decode()
    with django_assert_num_queries(CACHED):
        other = client.get(bystander.get_absolute_url()).content.decode()
    assert other == _fresh(bystander.get_absolute_url())
    client.get(search)
    with django_assert_num_queries(CACHED):
        client.get(search)
    with django_assert_num_queries(CACHED):
        client.get(search)
    # A new role shows on the profile at once too.
    with django_capture_on_commit_callbacks(execute=True):
        services.change_member_role(
            acting_user=lakeside.memberships.get(role=HubMembership.Role.COORDINATOR).user,
            hub=lakeside, member=joiner, role=HubMembership.Role.COORDINATOR,
        )
    assert "Coordinator" in client.get(joiner.get_absolute_url()).content.decode()


def test_search_stays_cached_through_a_join(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    _place, lakeside, _harbour = town
    search = reverse("search:search") + "?q=Lakeside"
    _warm(client, search, django_assert_num_queries, CACHED)
    _join(UserFactory(), lakeside, django_capture_on_commit_callbacks)
    with django_assert_num_queries(CACHED):
        served = client.get(search).content.decode()
    assert served == _fresh(search)


def test_the_hub_list_stays_cached_with_the_new_count(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    _place, lakeside, _harbour = town
    url = reverse("places:hub-list")
    assert "3 members" in _warm(client, url, django_assert_num_queries, CACHED)
    _join(UserFactory(), lakeside, django_capture_on_commit_callbacks)
    with django_assert_num_queries(CACHED_WITH_COUNTS):
        served = client.get(url).content.decode()
    assert _members_text(served, lakeside) == "4 members"
    assert served == _fresh(url)


#: A hub page re-rendered after a join there: the versions, the hub, the ids of the memberships
#: its list shows, the newcomer's row; its sections, organisations and other rows stay cached.
HUB_AFTER_A_JOIN = 4
#: The same after a leave that brings nobody new into the list: no row to render.
HUB_AFTER_A_LEAVE = 3
#: The home page after a join that changed its order: the versions, the places and their hubs
#: (the one section keyed on the order), the live counts of the other, cached sections.
HOME_AFTER_A_NEW_ORDER = 4


def test_a_join_re_renders_only_the_hubs_member_list(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    _place, lakeside, _harbour = town
    _warm(client, lakeside.get_absolute_url(), django_assert_num_queries, CACHED)
    _join(UserFactory(display_name="Wanjiru Kamau"), lakeside, django_capture_on_commit_callbacks)
    with django_assert_num_queries(HUB_AFTER_A_JOIN):
        body = client.get(lakeside.get_absolute_url()).content.decode()
    assert "Wanjiru Kamau" in body
    assert body == _fresh(lakeside.get_absolute_url())


def test_a_leave_re_renders_the_hubs_people_from_their_cached_rows(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Each person's row is cached apart from the list: after a leave the list is put together
    again from the rows it still shows, with no row rendered, the same as a fresh page."""
    _place, lakeside, _harbour = town
    newcomer = UserFactory(display_name="Wanjiru Kamau")
    _join(newcomer, lakeside, django_capture_on_commit_callbacks)
    url = lakeside.get_absolute_url()
    assert "Wanjiru Kamau" in _warm(client, url, django_assert_num_queries, CACHED)
    _leave(newcomer, lakeside, django_capture_on_commit_callbacks)
    with django_assert_num_queries(HUB_AFTER_A_LEAVE):
        body = client.get(url).content.decode()
    assert "Wanjiru Kamau" not in body
    assert body == _fresh(url)
    for language in ("en", "es"):  # and in another language, rows of its own
        _warm(Client(HTTP_ACCEPT_LANGUAGE=language), url, django_assert_num_queries, CACHED)
        assert Client(HTTP_ACCEPT_LANGUAGE=language).get(url).content.decode() == _fresh(
            url, HTTP_ACCEPT_LANGUAGE=language
        )


def test_a_renamed_member_shows_at_once_in_the_hubs_cached_rows(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A row is keyed on the content version: a person who changes their name moves it (their
    profile's update is a public write), so no cached row keeps the old name."""
    _place, lakeside, _harbour = town
    member = lakeside.memberships.get(role=HubMembership.Role.COORDINATOR).user
    url = lakeside.get_absolute_url()
    _warm(client, url, django_assert_num_queries, CACHED)
    with django_capture_on_commit_callbacks(execute=True):
        accounts_services.update_profile(acting_user=member, user=member, data={"display_name": "Nyokabi Mwangi"})
    body = client.get(url).content.decode()
    assert "Nyokabi Mwangi" in body
    assert body == _fresh(url)


def test_the_place_map_and_lists_stay_cached_through_a_join(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    place, lakeside, _harbour = town
    urls = [reverse("places:place-map"), reverse("places:place-list"), reverse("places:organisation-list")]
    for url in urls:
        _warm(client, url, django_assert_num_queries, CACHED)
    _join(UserFactory(), lakeside, django_capture_on_commit_callbacks)
    for url in urls:
        with django_assert_num_queries(CACHED):
            client.get(url)
    assert place.pk


def test_a_count_marker_typed_by_a_user_is_never_filled(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A hub's tagline is escaped and its description sanitised: a marker typed into either
    (to show another hub's count as one's own) is never a live mark."""
    place, lakeside, harbour = town
    marker = f'<span data-hub-members="{harbour.pk}">1 member</span>'
    Hub.objects.filter(pk=lakeside.pk).update(tagline=marker, description=f"Read {marker} here")
    for url in (lakeside.get_absolute_url(), place.get_absolute_url()):
        body = _warm(client, url, django_assert_num_queries, CACHED)
        assert marker not in body
    _join(UserFactory(), harbour, django_capture_on_commit_callbacks)
    body = client.get(place.get_absolute_url()).content.decode()
    assert re.findall(r'data-hub-members="(\d+)"', body) == [str(harbour.pk), str(lakeside.pk)]
    assert _members_text(body, harbour) == "6 members"


def test_a_join_or_leave_the_member_list_does_not_show_leaves_the_hub_page_cached(
    town, client, monkeypatch, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """With the list full (2 members shown here) and one more left out, a newcomer is not
    listed: the page stays cached, its "And N more members." and count filled in live; a leave
    of a listed member re-renders it."""
    monkeypatch.setattr(selectors, "HUB_MEMBERS_LIMIT", 2)
    _place, _lakeside, harbour = town  # 1 coordinator and 4 members: 2 listed, 2 more
    url = harbour.get_absolute_url()
    body = _warm(client, url, django_assert_num_queries, CACHED)
    assert "And 2 more members." in body
    newcomer = UserFactory(display_name="Otieno Were")
    _join(newcomer, harbour, django_capture_on_commit_callbacks)
    with django_assert_num_queries(CACHED_WITH_COUNTS):
        served = client.get(url).content.decode()
    assert "And 3 more members." in served and "Otieno Were" not in served
    assert served == _fresh(url)
    _warm(client, url, django_assert_num_queries, CACHED)
    _leave(newcomer, harbour, django_capture_on_commit_callbacks)
    with django_assert_num_queries(CACHED_WITH_COUNTS):
        served = client.get(url).content.decode()
    assert "And 2 more members." in served
    first = harbour.memberships.filter(role=HubMembership.Role.MEMBER).order_by("joined_at", "id").first().user
    _leave(first, harbour, django_capture_on_commit_callbacks)
    with django_assert_num_queries(HUB_AFTER_A_JOIN):  # the list changed: rendered again
        served = client.get(url).content.decode()
    assert first.name not in served and "And 1 more member." in served


def test_a_counts_phrase_is_made_once_per_language_and_setting():
    """The phrases are kept per language and number (``_phrase``): another language gets its
    own, the live filling writes the same, and a changed setting (the thousand separator)
    empties them."""
    hub = _hub("Big Lab", PlaceFactory(name="Nairobi"))
    Hub.objects.filter(pk=hub.pk).update(member_count=1234)
    marked = f'<p><span data-hub-members="{hub.pk}">1 member</span></p>'
    with translation.override("en"):
        english = member_count_html(hub.pk, 1234)
        assert fill_member_counts(None, marked) == f"<p>{english}</p>"
    with translation.override("es"):
        spanish = member_count_html(hub.pk, 1234)
        assert fill_member_counts(None, marked) == f"<p>{spanish}</p>"
    assert english != spanish and "miembros" in spanish
    with translation.override("en"):
        assert member_count_html(hub.pk, 1234) == english
        with override_settings(USE_THOUSAND_SEPARATOR=not settings.USE_THOUSAND_SEPARATOR):
            assert member_count_html(hub.pk, 1234) != english
        assert member_count_html(hub.pk, 1234) == english


def test_the_counts_are_read_once_until_a_join_a_leave_or_a_deleted_account_moves_them(
    town, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The live counts are kept in the cache under the memberships' and the site's versions:
    a cached page reads them once, and again after every change of a count."""
    place, _lakeside, harbour = town
    url = place.get_absolute_url()
    _warm(client, url, django_assert_num_queries, CACHED)
    with django_assert_num_queries(CACHED):
        client.get(url)
    newcomer = UserFactory()
    _join(newcomer, harbour, django_capture_on_commit_callbacks)
    with django_assert_num_queries(CACHED_WITH_COUNTS):
        assert _members_text(client.get(url).content.decode(), harbour) == "6 members"
    with django_assert_num_queries(CACHED):
        served = client.get(url).content.decode()
    assert served == _fresh(url)
    _warm(client, url, django_assert_num_queries, CACHED)
    with django_capture_on_commit_callbacks(execute=True):  # the site's version moves
        accounts_services.delete_account(acting_user=newcomer, user=newcomer)
    body = client.get(url).content.decode()
    assert _members_text(body, harbour) == "5 members"
    assert body == _fresh(url)


def test_a_hubs_count_is_read_again_after_a_join_there_only(
    town, client, monkeypatch, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A hub page keeps its live member count under that hub's own count version
    (``hub_members_version_name``), read with the page's versions: joins and leaves in other
    hubs cost it no query, a join there that its list does not show costs the count's one,
    and in every case it is the page a fresh render gives, for a member signed in too."""
    _place, lakeside, harbour = town
    member = UserFactory(display_name="Akinyi Odhiambo")
    signed_in = Client()
    signed_in.force_login(member)
    url = harbour.get_absolute_url()
    number = f'<span data-hub-member-number="{harbour.pk}">'

    def warm() -> None:
        signed_in.get(url)  # its CSRF cookie: that page is not stored
        for reader in (client, signed_in):
            _warm(reader, url, django_assert_num_queries, CACHED)

    warm()
    for n in range(3):  # joins and a leave elsewhere: nothing read again
        _join(UserFactory(), lakeside, django_capture_on_commit_callbacks)
        if n == 1:
            leaving = lakeside.memberships.filter(role=HubMembership.Role.MEMBER).last().user
            _leave(leaving, lakeside, django_capture_on_commit_callbacks)
        for reader in (client, signed_in):
            with django_assert_num_queries(CACHED):
                served = reader.get(url).content.decode()
            assert f"{number}5</span>" in served
    assert "Akinyi Odhiambo" in served  # the member's own header
    assert client.get(url).content.decode() == _fresh(url)
    # A join here that the list does not show: the count is read again, once.
    monkeypatch.setattr(selectors, "HUB_MEMBERS_LIMIT", 2)
    cache.clear()
    warm()
    _join(UserFactory(), harbour, django_capture_on_commit_callbacks)
    with django_assert_num_queries(CACHED_WITH_COUNTS):
        body = client.get(url).content.decode()
    with django_assert_num_queries(CACHED):  # the count read at these versions is kept
        assert f"{number}6</span>" in signed_in.get(url).content.decode()
    assert f"{number}6</span>" in body
    assert body == _fresh(url)


@pytest.mark.django_db
def test_the_home_ranking_is_the_home_pages_order_in_one_statement(django_assert_num_queries):
    places = [PlaceFactory(name=name) for name in ("Bilbao", "Aarhus", "Cork", "Derry")]
    counts = {("Bilbao", "b1"): 4, ("Bilbao", "b2"): 4, ("Aarhus", "a1"): 8, ("Cork", "c1"): 1, ("Derry", "d1"): 0}
    for (place_name, hub_name), count in counts.items():
        HubFactory(place=next(p for p in places if p.name == place_name), name=hub_name, member_count=count)
    expected = [(place.pk, hub.pk) for place in selectors.places_with_hubs(limit=3) for hub in place.hub_list]
    with django_assert_num_queries(1):
        ranking = selectors.home_ranking(limit=3)
    assert ranking == expected
    names = {hub.pk: hub.name for hub in Hub.objects.all()}
    # Aarhus and Bilbao tie on 8 members: by name; Bilbao's hubs tie on 4: by name; Derry is fourth.
    assert [names[hub] for _place, hub in ranking] == ["a1", "b1", "b2", "c1"]
    Hub.objects.filter(name="c1").update(member_count=9)  # read again, not from a cached statement's result
    assert [names[hub] for _place, hub in selectors.home_ranking(limit=3)] == ["c1", "a1", "b1", "b2"]
