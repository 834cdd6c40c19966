"""The map of places in a real browser: axe-core finds no violation on the map and its table,
each place is a link reached with the keyboard and named with what it has."""

import pytest

from tests.browser.test_journey import assert_accessible, browser_page, demo_case  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_the_map_of_places_is_accessible_and_its_places_take_the_focus(live_server, demo_case, browser_page):  # noqa: F811
    page = browser_page
    page.goto(live_server.url + "/places/")
    with page.expect_navigation():
        page.get_by_role("link", name="See the places on a map, with their hubs and cases").click()
    assert page.url.endswith("/places/map/")
    places = page.locator("svg.place-map__svg a")
    assert places.count() > 5
    assert_accessible(page)
    dot = page.locator("svg.place-map__svg").get_by_role("link", name="Porto Alegre, Brazil: ")
    assert dot.count() == 1 and "case" in (dot.get_attribute("aria-label") or "")
    assert page.get_by_role("table").get_by_role("link", name="Porto Alegre", exact=True).count() == 1
    page.locator("svg.place-map__svg a").first.focus()
    assert page.evaluate("document.activeElement.closest('svg') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/places/" in page.url and not page.url.endswith("/map/")
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]
