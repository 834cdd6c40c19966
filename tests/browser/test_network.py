"""The network view in a real browser: axe-core finds no violation on the map and its tables,
and each place on the map is reached with the keyboard."""

import pytest

from tests.browser.test_journey import assert_accessible, browser_page, demo_case  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_the_network_map_is_accessible_and_its_places_take_the_focus(live_server, demo_case, browser_page):  # noqa: F811
    page = browser_page
    page.goto(live_server.url + "/exchanges/network/")
    assert page.locator("svg.network-map__svg a").count() > 1
    assert_accessible(page)
    first_place = page.locator("svg.network-map__svg a").first
    first_place.focus()
    assert page.evaluate("document.activeElement.closest('svg') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/places/" in page.url
    year = page.goto(live_server.url + "/exchanges/network/") and page.locator("#network-year option").nth(1)
    page.select_option("#network-year", year.get_attribute("value"))
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert "year=" in page.url
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]
