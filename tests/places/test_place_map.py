"""The map of places (issue 15: "a map of places and cases drawn by us as accessible SVG from
our own data, no tiles or CDN; a table alternative")."""

import re

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, HubFactory, PlaceFactory
from translocal.knowledge.models import Status
from translocal.places import maps

pytestmark = pytest.mark.django_db

URL = reverse("places:place-map")
#: An anonymous visitor's first request: the page cache's version read, the registered counts
#: (published cases), the hubs per place and the places; then the whole page from the cache.
MAP_QUERIES = 4
MAP_WARM_QUERIES = 1


def test_the_projection_maps_longitude_and_latitude_linearly():
    assert maps.project(0, 0) == (480.0, 240.0)
    assert maps.project(90, -180) == (0.0, 0.0)
    assert maps.project(-90, 180) == (960.0, 480.0)
    assert maps.project(57.7, 11.97) == (511.9, 86.1)
    with pytest.raises(ValueError):
        maps.project(91, 0)


@pytest.fixture
def network():
    goteborg = PlaceFactory(name="Göteborg", slug="goteborg", country="SE", latitude=57.7, longitude=11.97)
    HubFactory(name="Göteborg hub", place=goteborg)
    CaseFactory.create_batch(2, place=goteborg)
    CaseFactory(place=goteborg, status=Status.DRAFT, published_at=None)  # not counted
    unplaced = PlaceFactory(name="Somewhere", slug="somewhere", country="KE", latitude=None, longitude=None)
    CaseFactory(place=unplaced)
    PlaceFactory(name="Empty town", slug="empty-town")  # nothing there: not listed
    return goteborg


def test_each_place_is_a_named_link_on_the_map_and_a_row_of_the_table(client, network):
    html = client.get(URL).content.decode()

    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="place-map__svg"')
    svg = html[start : html.index("</svg>", start)]
    assert 'role="group" aria-labelledby="place-map-title" aria-describedby="place-map-desc"' in svg
    assert '<a class="place-map__place" href="/places/goteborg/" aria-label="Göteborg, Sweden: 2 cases, 1 hub">' in svg
    assert '<circle cx="511.9" cy="86.1" r="12.0"/>' in svg
    assert "Somewhere" not in svg and "Empty town" not in html  # no coordinates; nothing there
    table = html[html.index("<table") : html.index("</table>")]
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    assert rows == [
        "Place Country Hubs Cases Coordinates",
        "Göteborg Sweden 1 2 57.70, 11.97",
        "Somewhere Kenya 0 1 Not known",
    ]
    assert "tile" not in html.lower() and "https://" not in svg  # drawn by us, nothing fetched


def test_the_places_list_links_to_the_map(client):
    html = client.get(reverse("places:place-list")).content.decode()
    assert f'<a href="{URL}">See the places on a map, with their hubs and cases</a>' in html


def test_the_map_costs_the_same_queries_however_many_places(client, network, django_assert_num_queries):
    for n in range(20):
        place = PlaceFactory(latitude=n, longitude=n)
        CaseFactory(place=place)
        HubFactory(place=place)
    with django_assert_num_queries(MAP_QUERIES):
        response = client.get(URL)
    assert response.content.decode().count('class="place-map__place"') == 21
    with django_assert_num_queries(MAP_WARM_QUERIES):
        client.get(URL)


def test_the_map_reads_in_the_readers_language(client, network):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'aria-label="Göteborg, Suecia: 2 casos, 1 nodo"' in html


def test_written_names_never_cover_each_other_or_another_dots_centre():
    from translocal.places import maps

    # Greater Manchester, Sheffield, Dublin, Paris and Gothenburg: close together at this scale.
    rows = [(1, 53.48, -2.24, 5), (2, 53.38, -1.47, 4), (3, 53.35, -6.26, 3), (4, 48.86, 2.35, 2), (5, 57.71, 11.97, 1)]
    names = {1: "Greater Manchester", 2: "Sheffield", 3: "Dublin", 4: "Paris", 5: "Gothenburg"}
    laid = {dot.key: dot for dot in maps.lay_out(rows, names)}
    written = [(key, dot.label_box(names[key], left=dot.label_left)) for key, dot in laid.items() if dot.labelled]
    assert laid[1].labelled  # the heaviest is always named
    for i, (key, box) in enumerate(written):
        for other, other_box in written[i + 1 :]:
            assert not maps._overlap(box, other_box), (names[key], names[other])
        for dot in laid.values():
            if dot.key != key:
                assert not maps._overlap(box, (dot.x, dot.y, dot.x, dot.y)), (names[key], names[dot.key])
    assert len(written) < len(rows)  # some names did not fit and are left to the table
