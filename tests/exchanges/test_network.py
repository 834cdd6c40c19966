"""The network view: who visited whom, drawn in SVG and listed in tables."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import HubMembershipFactory, OrganisationFactory, PlaceFactory, UserFactory
from translocal.exchanges import network
from translocal.exchanges.network_selectors import (
    NetworkFilters,
    network_graph,
    parse_network_filters,
    public_exchanges_attended_from_place,
    public_lessons_from_place,
)

from .factories import ExchangeFactory, LessonFactory, RegistrationFactory, RegistrationTypeFactory, StrandFactory

SVG = "{http://www.w3.org/2000/svg}"


def test_robinson_matches_the_published_table():
    """Snyder & Voxland (1989): the equator is 0.8487·π long each side, the pole 1.3523 high,
    and 45° lies at Y = 0.5571 · 1.3523 with parallel length 0.8962."""
    x, y = network.robinson(0, 180)
    assert x == pytest.approx(0.8487 * 3.141592653589793)
    assert y == 0
    x, y = network.robinson(90, 0)
    assert y == pytest.approx(1.3523)
    x, y = network.robinson(-45, 90)
    assert y == pytest.approx(-0.5571 * 1.3523)
    assert x == pytest.approx(0.8487 * 0.8962 * 3.141592653589793 / 2)
    x, y = network.robinson(47.5, 0)  # halfway between the 45° and 50° rows
    assert y == pytest.approx((0.5571 + 0.6176) / 2 * 1.3523)
    with pytest.raises(ValueError):
        network.robinson(91, 0)


def test_the_frame_keeps_every_place_inside_the_drawing():
    coordinates = [(53.48, -2.24), (-33.92, 18.42), (41.39, 2.17), (57.71, 11.97)]
    frame = network.fit_frame(coordinates)
    for latitude, longitude in coordinates:
        x, y = frame.point(latitude, longitude)
        assert network.MARGIN - 0.1 <= x <= network.WIDTH - network.MARGIN + 0.1
        assert network.MARGIN - 0.1 <= y <= network.HEIGHT - network.MARGIN + 0.1
    north, south = frame.point(57.71, 11.97), frame.point(-33.92, 18.42)
    assert north[1] < south[1]  # north is up


def test_arcs_between_the_same_places_in_opposite_directions_do_not_overlap():
    there = network.arc_path((100, 100), (300, 100))
    back = network.arc_path((300, 100), (100, 100))
    assert there != back
    assert " Q200.0,60.0 " in there and " Q200.0,140.0 " in back


def test_filters_from_the_query_string():
    assert parse_network_filters({"year": "2018", "theme": " Direct democracy "}) == NetworkFilters(
        2018, "Direct democracy"
    )
    assert parse_network_filters({"year": "next year"}).year is None
    assert parse_network_filters({}).active is False


def _visit(exchange, home, count=1, status="accepted"):
    rtype = RegistrationTypeFactory(exchange=exchange, capacity=None)
    for _ in range(count):
        RegistrationFactory(registration_type=rtype, user=UserFactory(place=home), status=status)


@pytest.mark.django_db
def test_delegates_travel_from_their_home_place_to_the_host_place():
    """The 2018 programme: Greater Manchester's delegates at the Barcelona observatory (three
    strands) and in Cape Town; a Barcelona delegate at home is not a visit."""
    manchester = PlaceFactory(name="Greater Manchester", latitude=53.48, longitude=-2.24)
    barcelona = PlaceFactory(name="Barcelona", country="ES", latitude=41.39, longitude=2.17)
    cape_town = PlaceFactory(name="Cape Town", country="ZA", latitude=-33.92, longitude=18.42)
    observatory = ExchangeFactory(title="Barcelona observatory", place=barcelona, starts_on=dt.date(2018, 11, 26))
    for title in ("Direct democracy", "Citizen initiative", "Ecosystems of inclusive democracy"):
        StrandFactory(exchange=observatory, title=title)
    conference = ExchangeFactory(title="Cape Town conference", place=cape_town, starts_on=dt.date(2018, 3, 5))
    _visit(observatory, manchester, 3)
    _visit(observatory, barcelona, 2)
    _visit(observatory, manchester, 1, status="applied")
    _visit(conference, manchester, 2)
    graph = network_graph(viewer=UserFactory.build(), filters=NetworkFilters())
    routes = {(link.source.name, link.target.name): link for link in graph.links}
    assert set(routes) == {("Greater Manchester", "Barcelona"), ("Greater Manchester", "Cape Town")}
    assert routes[("Greater Manchester", "Barcelona")].delegates == 3
    assert routes[("Greater Manchester", "Barcelona")].strands == [
        "Citizen initiative",
        "Direct democracy",
        "Ecosystems of inclusive democracy",
    ]
    places = {p.name: p for p in graph.places}
    assert places["Greater Manchester"].delegates_sent == 5
    assert [e.title for e in places["Barcelona"].hosted] == ["Barcelona observatory"]
    assert graph.years == [2018]


@pytest.mark.django_db
def test_the_organisations_place_counts_when_the_profile_has_none():
    from tests.factories import OrganisationFactory

    sheffield = PlaceFactory(name="Sheffield")
    gothenburg = PlaceFactory(name="Gothenburg", country="SE", latitude=57.71, longitude=11.97)
    exchange = ExchangeFactory(place=gothenburg)
    person = UserFactory(organisation=OrganisationFactory(place=sheffield))
    RegistrationFactory(registration_type__exchange=exchange, user=person, status="accepted")
    RegistrationFactory(registration_type__exchange=exchange, user=None, name="A guest", status="accepted")
    graph = network_graph(viewer=UserFactory.build(), filters=NetworkFilters())
    assert [(k.source.name, k.target.name, k.delegates) for k in graph.links] == [("Sheffield", "Gothenburg", 1)]


@pytest.mark.django_db
def test_filtering_by_year_and_theme():
    home = PlaceFactory(name="Greater Manchester")
    early = ExchangeFactory(title="Early", starts_on=dt.date(2018, 5, 1))
    late = ExchangeFactory(title="Late", starts_on=dt.date(2019, 5, 1))
    StrandFactory(exchange=late, title="Localising the SDGs")
    _visit(early, home)
    _visit(late, home)
    by_year = network_graph(viewer=UserFactory.build(), filters=NetworkFilters(year=2018))
    assert [e.title for e in by_year.exchanges] == ["Early"]
    assert by_year.years == [2019, 2018]  # every year stays offered
    by_theme = network_graph(viewer=UserFactory.build(), filters=NetworkFilters(theme="Localising the SDGs"))
    assert [e.title for e in by_theme.exchanges] == ["Late"]
    assert by_theme.themes == ["Localising the SDGs"]


@pytest.mark.django_db
def test_private_drafts_and_cancelled_exchanges_count_only_for_who_may_see_them(client):
    home = PlaceFactory(name="Home town")
    member = UserFactory()
    hub_only = ExchangeFactory(title="Members only visit", visibility="hub_members")
    HubMembershipFactory(hub=hub_only.hub, user=member)
    invited = ExchangeFactory(title="Invited only visit", visibility="invited")
    draft = ExchangeFactory(title="Draft visit", status="draft", published_at=None)
    cancelled = ExchangeFactory(title="Cancelled visit", status="cancelled")
    public = ExchangeFactory(title="Public visit")
    for exchange in (hub_only, invited, draft, cancelled, public):
        _visit(exchange, home)
    url = reverse("exchanges:network")
    html = client.get(url).content.decode()
    assert "Public visit" in html
    for hidden in ("Members only visit", "Invited only visit", "Draft visit", "Cancelled visit"):
        assert hidden not in html
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "Members only visit" in html and "Invited only visit" not in html and "Draft visit" not in html


@pytest.mark.django_db
def test_the_page_draws_an_svg_with_a_focusable_link_per_place_and_a_table_alternative(client):
    manchester = PlaceFactory(name="Greater Manchester", latitude=53.48, longitude=-2.24)
    barcelona = PlaceFactory(name="Barcelona", country="ES", latitude=41.39, longitude=2.17)
    nowhere = PlaceFactory(name="Unmapped town", latitude=None, longitude=None)
    exchange = ExchangeFactory(title="Barcelona observatory", place=barcelona)
    _visit(exchange, manchester, 4)
    _visit(exchange, nowhere, 1)
    response = client.get(reverse("exchanges:network"), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="network-map__svg"')
    end = html.index("</svg>", start) + len("</svg>")
    # Well-formed, and numbers are not localised (no "12,5"); our own page, not untrusted XML.
    svg = ET.fromstring(html[start:end])  # noqa: S314
    assert svg.get("role") == "group" and svg.get("aria-labelledby") and svg.get("aria-describedby")
    assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
    links = {a.get("href"): a.find(f"{SVG}text").text for a in svg.iter(f"{SVG}a")}
    assert links == {manchester.get_absolute_url(): "Greater Manchester", barcelona.get_absolute_url(): "Barcelona"}
    arcs = [p for p in svg.iter(f"{SVG}path") if p.get("marker-end")]
    assert len(arcs) == 1  # the unmapped town's visit is in the table only
    table = html[html.index('id="routes-title"') :]
    assert "Unmapped town" in table and "Greater Manchester" in table
    assert f'href="{exchange.get_absolute_url()}"' in table


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 200])
def test_network_query_count(client, django_assert_num_queries, rows):
    """Exchanges (the years are read off them), strands (the themes likewise), the visits in
    one aggregated query, places: four, at 10 and 200 exchanges; anonymous: + the content
    version (page cache); signed in: + the session, the user and the content version, and once
    the graph is in the cache, none of the four."""
    places = [PlaceFactory(latitude=10 + i % 40, longitude=-20 + i % 50) for i in range(20)]
    for i in range(rows):
        exchange = ExchangeFactory(place=places[i % 20], hub=None)
        StrandFactory(exchange=exchange, title=f"Theme {i % 3}")
        _visit(exchange, places[(i + 1) % 20])
    with django_assert_num_queries(5):
        assert client.get(reverse("exchanges:network")).status_code == 200
    client.force_login(UserFactory())
    url = reverse("exchanges:network") + f"?year={exchange.starts_on.year}&theme=Theme+1"
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_cached_network_follows_a_write_and_is_kept_per_viewer(client):
    """The graph is cached under the content version: a new visit shows at once; a member who
    counts a hub-only exchange has their own copy, never served to anyone else."""
    from translocal.exchanges import services

    home = PlaceFactory(name="Home town")
    member = UserFactory()
    hub_only = ExchangeFactory(title="Members only visit", visibility="hub_members")
    HubMembershipFactory(hub=hub_only.hub, user=member)
    _visit(hub_only, home)
    url = reverse("exchanges:network")
    client.force_login(member)
    assert "Members only visit" in client.get(url).content.decode()
    client.force_login(UserFactory())
    assert "Members only visit" not in client.get(url).content.decode()
    public = ExchangeFactory(title="Public visit")
    registration = RegistrationFactory(registration_type=RegistrationTypeFactory(exchange=public, capacity=None),
                                       user=UserFactory(place=home), status="applied")
    services.accept_registration(acting_user=public.created_by, registration=registration)
    assert "Public visit" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_place_page_lists_the_exchanges_hosted_there_and_those_its_people_attended(client):
    sheffield = PlaceFactory(name="Sheffield")
    hosted = ExchangeFactory(title="Sheffield early-career workshop", place=sheffield, hub=None)
    attended = ExchangeFactory(title="Gothenburg study visit", hub=None)
    _visit(attended, sheffield, 2)
    private = ExchangeFactory(title="Invited only visit", visibility="invited", hub=None)
    _visit(private, sheffield)
    applied_only = ExchangeFactory(title="Applied only visit", hub=None)
    _visit(applied_only, sheffield, status="applied")
    html = client.get(sheffield.get_absolute_url()).content.decode()
    assert hosted.title in html
    assert attended.title in html and "2 delegates from here" in html
    assert private.title not in html and applied_only.title not in html
    assert reverse("exchanges:network") in html


@pytest.mark.django_db
def test_the_exchanges_feeds_carry_public_exchanges_only(client):
    public = ExchangeFactory(title="Gothenburg study visit")
    cancelled = ExchangeFactory(title="Sheffield workshop", status="cancelled")
    for hidden in (
        ExchangeFactory(title="Members only", visibility="hub_members"),
        ExchangeFactory(title="Invited only", visibility="invited"),
        ExchangeFactory(title="Draft", status="draft", published_at=None),
    ):
        RegistrationFactory(registration_type__exchange=hidden, status="accepted")
    response = client.get(reverse("exchanges:feed-rss"))
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own response)
    items = {i.findtext("title"): i.findtext("link") for i in channel.findall("item")}
    assert items == {
        "Gothenburg study visit": "http://testserver" + public.get_absolute_url(),
        "Sheffield workshop (cancelled)": "http://testserver" + cancelled.get_absolute_url(),
    }
    atom = ET.fromstring(client.get(reverse("exchanges:feed-atom")).content)  # noqa: S314
    ns = "{http://www.w3.org/2005/Atom}"
    assert sorted(e.findtext(f"{ns}title") for e in atom.findall(f"{ns}entry")) == sorted(items)
    html = client.get(reverse("exchanges:exchange-list")).content.decode()
    assert f'type="application/atom+xml" title="Exchanges (Atom)" href="{reverse("exchanges:feed-atom")}"' in html


@pytest.mark.django_db
def test_a_place_page_lists_the_public_lessons_others_took_from_it(client):
    from .factories import LessonFactory

    barcelona = PlaceFactory(name="Barcelona", country="ES")
    manchester = PlaceFactory(name="Greater Manchester")
    observatory = ExchangeFactory(title="Barcelona observatory", place=barcelona, hub=None)
    LessonFactory(
        registration__registration_type__exchange=observatory,
        registration__user__place=manchester,
        title="Citizen initiatives need a public budget line",
    )
    LessonFactory(
        registration__registration_type__exchange=ExchangeFactory(hub=None),
        registration__user__place=manchester,
        place=barcelona,
        title="Decidim's debates work in plain language",
    )
    LessonFactory(
        registration__registration_type__exchange=observatory,
        title="Only participants read this",
        privacy="participants",
    )
    LessonFactory(registration__registration_type__exchange=observatory, title="A private lesson", privacy="private")
    LessonFactory(
        registration__registration_type__exchange=observatory,
        registration__user__place=barcelona,
        title="What a host learned at home",
    )
    hidden = ExchangeFactory(place=barcelona, visibility="invited", hub=None)
    LessonFactory(registration__registration_type__exchange=hidden, title="From an invited-only visit")
    html = client.get(barcelona.get_absolute_url()).content.decode()
    assert "Lessons others took from here" in html
    assert "Citizen initiatives need a public budget line" in html
    assert "Decidim&#x27;s debates work in plain language" in html
    for absent in (
        "Only participants read this",
        "A private lesson",
        "What a host learned at home",
        "From an invited-only visit",
    ):
        assert absent not in html


@pytest.mark.django_db
def test_only_the_busiest_routes_are_drawn_and_listed_with_the_total_said(client, monkeypatch):
    from translocal.exchanges import network_selectors

    monkeypatch.setattr(network_selectors, "MAX_ROUTES", 2)
    host = PlaceFactory(name="Host city")
    exchange = ExchangeFactory(place=host, hub=None)
    for name, count in (("Busy", 3), ("Middling", 2), ("Quiet", 1)):
        _visit(exchange, PlaceFactory(name=name), count)
    graph = network_graph(viewer=UserFactory.build(), filters=NetworkFilters())
    assert [link.source.name for link in graph.links] == ["Busy", "Middling"]
    assert graph.route_count == 3 and graph.delegates == 6
    html = client.get(reverse("exchanges:network")).content.decode()
    assert "The 2 busiest routes of 3" in html


@pytest.mark.django_db
def test_delegates_from_a_place_are_those_whose_home_it_is():
    """A delegate is from the place when their profile's place is it, or they have none and
    their organisation's is; each exchange attended counts them (public_exchanges_attended_from_place)."""
    here, elsewhere = PlaceFactory(name="Sheffield"), PlaceFactory(name="Leeds")
    organisation_here = OrganisationFactory(place=here)
    visit = ExchangeFactory(title="Gothenburg study visit", hub=None, place=PlaceFactory())
    other_visit = ExchangeFactory(title="Bilbao visit", hub=None, place=PlaceFactory())
    hosted_here = ExchangeFactory(title="Sheffield workshop", hub=None, place=here)
    rtype, other_type = (RegistrationTypeFactory(exchange=e, capacity=None) for e in (visit, other_visit))
    for user in (
        UserFactory(place=here),  # counted: their own place
        UserFactory(place=None, organisation=organisation_here),  # counted: their organisation's
        UserFactory(place=elsewhere, organisation=organisation_here),  # not: their own place is elsewhere
    ):
        RegistrationFactory(registration_type=rtype, user=user, status="accepted")
    RegistrationFactory(registration_type=rtype, user=UserFactory(place=here), status="applied")  # not accepted
    RegistrationFactory(registration_type=other_type, user=UserFactory(place=elsewhere), status="accepted")
    RegistrationFactory(
        registration_type=RegistrationTypeFactory(exchange=hosted_here, capacity=None),
        user=UserFactory(place=here), status="accepted",
    )
    attended = public_exchanges_attended_from_place(place=here, limit=10)
    assert [(e, e.delegates_from_place) for e in attended] == [(visit, 2)]


@pytest.mark.django_db
def test_lessons_taken_from_a_place_name_it_or_come_from_an_exchange_there():
    here = PlaceFactory(name="Sheffield")
    hosted_here = ExchangeFactory(hub=None, place=here)
    naming = LessonFactory(place=here)
    from_exchange = LessonFactory(
        registration=RegistrationFactory(
            registration_type=RegistrationTypeFactory(exchange=hosted_here, capacity=None), status="accepted"
        )
    )
    LessonFactory()  # about somewhere else
    LessonFactory(place=here, privacy="private")
    local = LessonFactory(place=here)  # written by someone from the place: not "taken from" it
    local.registration.user.place = here
    local.registration.user.save()
    lessons = public_lessons_from_place(place=here, limit=10)
    assert sorted(lesson.pk for lesson in lessons) == sorted([naming.pk, from_exchange.pk])
