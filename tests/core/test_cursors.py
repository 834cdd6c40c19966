"""Bad page cursors get the 400 page, never a 500, on every paginated list.

The lists are found from the URLconf, not written down: every route (admin aside) is asked for
with a forged cursor, and the ones whose view reached the cursor parser are the paginated lists.
A new list is therefore covered by the property-based test below without editing it."""

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    MethodFactory,
    OrganisationFactory,
    PlaceFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from translocal.core import pagination

pytestmark = pytest.mark.django_db

ISSUE_EXAMPLE = "WyJhZnRlciIsIFsxXV0"  # ["after",[1]]: one value where the lists need two
PROBE = "probe"  # the slug and username every parameterised route is given
KNOWN_LISTS = {
    "knowledge:case-list",
    "knowledge:method-list",
    "knowledge:reflection-list",
    "knowledge:series-list",
    "knowledge:series-detail",
    "places:place-list",
    "places:hub-list",
    "places:organisation-list",
    "accounts:people-list",
    "audit:audit-log",
}


def encode(value: object) -> str:
    """A cursor the way the site encodes one: base64url of compact JSON, padding dropped."""
    raw = json.dumps(value, separators=(",", ":"), allow_nan=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: tuple[tuple[str, str], ...]  # (name, converter class name)


#: What a route parameter that is not a slug or username is given (no such row: a 404 at most).
PLACEHOLDERS = {"IntConverter": 999_999, "UUIDConverter": "00000000-0000-0000-0000-000000000000"}


def _parameters(entry: URLPattern | URLResolver) -> tuple[tuple[str, str], ...]:
    """(name, converter class name) of each parameter of one pattern or include prefix."""
    converters = getattr(entry.pattern, "converters", {})
    return tuple(
        (name, type(converters[name]).__name__ if name in converters else "str")
        for name in entry.pattern.regex.groupindex
    )


def _routes(patterns: list, namespace: str = "", outer: tuple[tuple[str, str], ...] = ()) -> Iterator[Route]:
    """Every named route, with the parameters of the include prefixes above it (such as
    ``hubs/<hub_slug>/``) before its own."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin: no cursor lists, and staff only
            inner = f"{namespace}:{entry.namespace}" if entry.namespace and namespace else entry.namespace or namespace
            yield from _routes(entry.url_patterns, inner, outer + _parameters(entry))
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(f"{namespace}:{entry.name}" if namespace else entry.name, outer + _parameters(entry))


def all_routes() -> list[Route]:
    return list(_routes(get_resolver().url_patterns))


def url_of(route: Route) -> str:
    return reverse(route.name, kwargs={name: PLACEHOLDERS.get(kind, PROBE) for name, kind in route.kwargs})


@pytest.fixture
def world(db):
    """One of everything, each answering to the slug or username "probe", with a second row
    per list so that pages have neighbours."""
    user = UserFactory(username=PROBE, is_staff=True, is_superuser=True)
    place = PlaceFactory(slug=PROBE)
    PlaceFactory()
    HubFactory(slug=PROBE, place=place)
    HubFactory(place=place)
    OrganisationFactory(slug=PROBE, place=place, is_published=True)
    OrganisationFactory(place=place, is_published=True)
    CaseFactory(slug=PROBE, place=place)
    CaseFactory(place=place)
    MethodFactory(slug=PROBE)
    MethodFactory()
    series = SeriesFactory(slug=PROBE)
    SeriesFactory()
    for position, slug in ((1, PROBE), (2, "second-post")):
        reflection = ReflectionFactory(slug=slug, series=series, series_position=position)
        AuthorshipFactory(reflection=reflection, user=user)
    return user


_discovered: dict[str, str] = {}


@pytest.fixture
def client(client, world):
    """Signed in as a superuser, so lists behind sign-in (the audit log) are found too; the
    anonymous path of the public lists is the same code behind the page cache."""
    client.force_login(world)
    return client


@pytest.fixture
def paginated(world, client, monkeypatch) -> dict[str, str]:
    """Route name -> URL of every route whose view hands the query's cursor to the pager
    (found once per run: the URLconf and the probe slugs do not change between tests)."""
    if _discovered:
        return dict(_discovered)
    reached: list[str] = []
    original = pagination.decode_cursor

    def spy(cursor: str) -> tuple[str, list]:
        reached.append(cursor)
        return original(cursor)

    monkeypatch.setattr(pagination, "decode_cursor", spy)
    found = {}
    for route in all_routes():
        url = url_of(route)
        reached.clear()
        response = client.get(url, {"cursor": ISSUE_EXAMPLE})
        assert response.status_code < 500, (route.name, response.status_code)
        if reached:
            found[route.name] = url
    monkeypatch.setattr(pagination, "decode_cursor", original)
    _discovered.update(found)
    return found


def test_the_issue_example_is_a_400_page_that_explains_and_links_to_the_first_page(db, django_app_client):
    response = django_app_client.get("/cases/", {"cursor": ISSUE_EXAMPLE, "issue": "housing"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<h1>This link does not work</h1>" in body
    assert "Start again from the first page of the list." in body
    assert 'href="/cases/?issue=housing"' in body
    assert 'class="skip-link"' in body and '<main id="main"' in body
    assert "cursor has 1 values; this list needs 2" in body


def test_every_paginated_list_is_found_and_refuses_the_example(paginated, client):
    assert KNOWN_LISTS <= set(paginated), KNOWN_LISTS - set(paginated)
    for name, url in paginated.items():
        response = client.get(url, {"cursor": ISSUE_EXAMPLE})
        assert response.status_code == 400, name
        assert "This link does not work" in response.content.decode(), name


def test_a_good_cursor_still_pages(paginated, client, settings):
    """The checks refuse forged cursors only: the next-page link of each list works (one row a
    page where the list reads PAGE_SIZE per request; the others keep their module default)."""
    settings.PAGE_SIZE = 1
    paged = set()
    for name, url in paginated.items():
        first = client.get(url).content.decode()
        if "cursor=" not in first:
            continue
        cursor = first.split("cursor=")[1].split('"')[0].split("&")[0]
        second = client.get(url, {"cursor": cursor})
        assert second.status_code == 200, name
        assert second.content.decode() != first, name
        paged.add(name)
    assert {"knowledge:case-list", "knowledge:method-list", "knowledge:reflection-list",
            "knowledge:series-list", "knowledge:series-detail"} <= paged


NASTY_VALUES = [
    None, True, 1.5, float("inf"), float("nan"), 10**30, -(10**30), 2**63, "x" * 5000, "a\x00b",
    [], [1], {}, {"dt": "2024-01-01T00:00:00"}, {"dt": "0001-01-01T00:00:00+05:00"},
    {"dt": "9999-12-31T23:59:59-05:00"}, {"dt": "not a date"}, {"d": "2024-02-30"}, {"dt": 5},
    {"x": 1}, {"dt": "2024-01-01T00:00:00+00:00", "d": "2024-01-01"},
]


@pytest.mark.parametrize("value", NASTY_VALUES, ids=repr)
def test_wrong_typed_null_and_out_of_range_values_are_400_on_every_list(paginated, client, value):
    """The classes the issue found (ValueError, TypeError, OverflowError), in both positions."""
    for name, url in paginated.items():
        for cursor in (encode(["after", [value, 1]]), encode(["before", ["Title", value]])):
            assert client.get(url, {"cursor": cursor}).status_code == 400, (name, value)


@pytest.mark.parametrize(
    "cursor",
    ["!!", "=", "WyJhZnRlciJd", encode("after"), encode(["sideways", [1, 2]]), encode(["after", 1]),
     encode(["after", [1, 2], 3]), encode([["after"], [1, 2]]), "[" * 10_000, encode([[]] * 5000),
     encode(["after", [1] * 9]), base64.urlsafe_b64encode(b"\xff\xfe").decode()],
)
def test_malformed_cursors_are_400_on_every_list(paginated, client, cursor):
    for name, url in paginated.items():
        assert client.get(url, {"cursor": cursor}).status_code == 400, name


@pytest.fixture
def django_app_client(db):
    """An anonymous visitor (the issue's example was found without signing in)."""
    from django.test import Client

    return Client()


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=2500)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_text, children, max_size=3),
    max_leaves=12,
)
_shaped = st.tuples(
    st.sampled_from(["after", "before", "", "After"]),
    st.lists(
        _json | st.fixed_dictionaries({"dt": _text}) | st.fixed_dictionaries({"d": _text}) | st.integers(),
        max_size=4,
    ),
).map(lambda pair: encode(list(pair)))
cursors = _text | _json.map(encode) | _shaped


def test_no_cursor_gives_a_server_error_on_any_list(paginated, client):
    """Property: whatever string arrives as ``cursor`` (arbitrary text, arbitrary JSON encoded
    the way cursors are, or a well-shaped pair with arbitrary values), no list answers 5xx."""

    @settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(url=st.sampled_from(sorted(paginated.values())), cursor=cursors)
    def check(url: str, cursor: str) -> None:
        response = client.get(url, {"cursor": cursor})
        assert response.status_code in (200, 400), (url, cursor, response.status_code)

    check()


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=_text)
def test_search_page_number_never_gives_a_server_error(client, page):
    """Search pages by number, not cursor: any ``page`` is read as a page or as the first."""
    response = client.get(reverse("search:search"), {"q": "housing", "page": page})
    assert response.status_code == 200


def test_parse_cursor_returns_typed_values_for_a_round_trip():
    from translocal.knowledge.models import Case

    case = CaseFactory()
    cursor = pagination.encode_cursor("before", [case.published_at, case.pk])
    direction, values = pagination.parse_cursor(cursor, model=Case, ordering=("-published_at", "-id"))
    assert direction == "before" and values == [case.published_at, case.pk]
