"""The site header on a phone: the main navigation folds behind a "Menu" button (GOV.UK service
navigation) and the language form takes one row, so a page starts near the top (the header was
about 400 px tall at 375 px, found by bench/page_audit.py's screenshots). The button works by
keyboard, says whether it is open (aria-expanded) and axe finds nothing, closed or open; on a
wide screen the links are shown and the button is not."""

import pytest

from tests.browser.test_journey import assert_accessible, browser_page, demo_case  # noqa: F401

pytestmark = pytest.mark.browser


def _header_height(page) -> float:  # noqa: ANN001
    return page.locator(".site-header").evaluate("(h) => h.getBoundingClientRect().height")


def test_on_a_phone_the_navigation_folds_behind_a_menu_button(live_server, browser_page):  # noqa: F811
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/cases/")
    menu = page.get_by_role("button", name="Menu")
    links = page.locator("#site-nav-list")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not links.is_visible()
    height = _header_height(page)
    assert height < 260, height  # brand and account, language, menu and search
    # The language form keeps to one row: its label, choice and button share a top edge.
    tops = page.locator(".language-switcher > label, .language-switcher > select, .language-switcher > button")
    rows = {round(box["y"] + box["height"] / 2) // 20 for box in (tops.nth(i).bounding_box() for i in range(3))}
    assert len(rows) == 1, rows
    assert_accessible(page)

    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true" and links.is_visible()
    assert page.get_by_role("link", name="Methods").is_visible()
    assert_accessible(page)
    page.keyboard.press("Space")
    assert menu.get_attribute("aria-expanded") == "false" and not links.is_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("() => document.querySelector('.site-nav__toggle').hidden")
    assert not menu.is_visible() and links.is_visible()


def test_without_javascript_the_links_are_shown(live_server, client):
    # nav.js hides the list; the HTML itself shows it and keeps the button hidden.
    body = client.get("/cases/").content.decode()
    button = '<button type="button" class="site-nav__toggle" aria-controls="site-nav-list" aria-expanded="true" hidden>'
    assert button in body
    assert '<ul class="site-nav__list" id="site-nav-list">' in body


def test_on_a_phone_nothing_moves_once_the_scripts_have_run(live_server, browser_page):  # noqa: F811
    """The navigation and the filters start folded from the first paint (html.js set by a
    synchronous script, then the stylesheet), not after nav.js and lists.js: Lighthouse measured
    a cumulative layout shift of 0.59 on the filtered case list when the scripts folded them."""
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/cases/?q=budget&sort=newest", "/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        # The buffered layout shifts since the page started; no callback comes when there were none.
        shift = page.evaluate(
            "() => new Promise(done => { let sum = 0;"
            " new PerformanceObserver(list => { for (const e of list.getEntries()) sum += e.value; })"
            ".observe({type: 'layout-shift', buffered: true});"
            " setTimeout(() => done(sum), 500); })"
        )
        assert shift < 0.05, (path, shift)
