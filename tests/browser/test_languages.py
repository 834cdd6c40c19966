"""Switching the interface language in a real browser, with the keyboard, on a case page, a
form with errors and the search page: the same page comes back in the chosen language, and
passes axe-core there too."""

import pytest

from tests.browser.test_journey import assert_accessible, browser_page, demo_case  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def _switch_with_the_keyboard(page, language_name: str) -> None:  # noqa: ANN001
    current = page.locator("html").get_attribute("lang")
    switcher = page.get_by_label({"en": "Language", "es": "Idioma", "ca": "Llengua", "sv": "Språk"}[current])
    switcher.focus()
    switcher.select_option(label=language_name)
    page.keyboard.press("Tab")  # to the switcher's button
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_switcher_changes_the_language_and_keeps_the_page(live_server, demo_case, browser_page):  # noqa: F811
    page = browser_page
    case_url = live_server.url + demo_case["url"]
    page.goto(case_url)
    assert page.locator("html").get_attribute("lang") == "en"

    _switch_with_the_keyboard(page, "Español")

    assert page.url == case_url  # back on the same page
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("navigation", name="Ruta de navegación").get_by_role("link", name="Casos").is_visible()
    # The demo case has a Spanish translation: the reader gets it, told so, the original a link away.
    assert page.locator("h1").inner_text().startswith("Presupuestos participativos en Porto Alegre")
    assert page.get_by_role("note").get_by_text("Traducido del inglés").is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Leer el original").click()
    assert page.locator("h1").inner_text().startswith(demo_case["title"])  # the original, as written
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(page)

    # The choice sticks (a cookie): a form with errors and the search page are Spanish too.
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Iniciar sesión").click()
    assert page.get_by_role("alert").get_by_text("Hay un problema").is_visible()
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(page)

    page.goto(live_server.url + "/search/?q=presupuestos")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Buscar")
    assert_accessible(page)

    _switch_with_the_keyboard(page, "English")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/search/?q=presupuestos")
    assert not page.errors  # type: ignore[attr-defined]
