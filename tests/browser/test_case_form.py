"""The case form in a real browser: GOV.UK errors (the summary takes focus, each of its links
moves focus to its field), how far Save is by keyboard, and axe on the form and its error state."""

import pytest

from tests.browser.test_journey import (  # noqa: F401 - fixtures
    _sign_in,
    assert_accessible,
    browser_page,
    demo_case,
)

pytestmark = pytest.mark.browser

#: Tab presses from the top of the page to "Save as draft". Every field and collapsed group is
#: one stop (the skip link, the header and the contents list come first); the form had 454
#: stops before its groups of checkboxes were collapsed. Set a little above the 83 measured on the demo data.
MAX_TABS_TO_SAVE = 90


def _tabs_to(page, name: str, limit: int = 600) -> int:  # noqa: ANN001
    """Presses of Tab from the top of the page until the button called ``name`` has focus."""
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); }")
    page.locator("body").focus()
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(name) => document.activeElement.textContent.trim() === name", name):
            return presses
    raise AssertionError(f"{name!r} not reached in {limit} Tab presses")


def _active_id(page) -> str:  # noqa: ANN001
    return page.evaluate("() => document.activeElement.id")


def test_an_empty_case_form_names_each_problem_and_leads_to_its_field(live_server, browser_page):  # noqa: F811
    page = browser_page
    _sign_in(page, live_server.url)
    page.goto(live_server.url + "/cases/new/")
    assert_accessible(page)
    assert page.locator("option", has_text="---------").count() == 0
    contents = page.locator("nav.form-contents a")
    assert contents.all_inner_texts() == [
        "What happened", "Where and when", "Who took part and who organised it", "How it was decided", "What changed",
    ]
    tabs = _tabs_to(page, "Save as draft")
    desktop = page.evaluate("() => document.documentElement.scrollHeight")
    page.set_viewport_size({"width": 375, "height": 812})
    mobile = page.evaluate("() => document.documentElement.scrollHeight")
    page.set_viewport_size({"width": 1280, "height": 900})
    print(f"case form: {tabs} Tab presses to Save, {desktop} px desktop, {mobile} px mobile")  # noqa: T201
    assert tabs <= MAX_TABS_TO_SAVE, tabs

    # A filter box narrows a long group of checkboxes, and says how many are shown.
    page.locator("summary", has_text="Specific topics").click()
    page.fill("#id_specific_topics-filter", "hous")
    shown = page.locator("#id_specific_topics-options .checkbox:visible")
    assert 0 < shown.count() < page.locator("#id_specific_topics-options .checkbox").count()
    assert "shown" in page.locator("#id_specific_topics-shown").inner_text()
    page.fill("#id_specific_topics-filter", "")

    # Nothing but an end date before the start date: two problems.
    page.fill("#id_start_date", "2021-05-01")
    page.fill("#id_end_date", "2021-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()
    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    links = summary.locator("a")
    assert links.all_inner_texts() == ["Enter a title", "The end date must be the same as or after the start date."]
    assert "This field is required" not in page.content()
    assert page.input_value("#id_start_date") == "2021-05-01"  # what was typed is kept
    assert_accessible(page)

    for index, field_id in enumerate(["id_title", "id_end_date"]):
        links.nth(index).focus()
        page.keyboard.press("Enter")
        assert _active_id(page) == field_id
        page.locator(".error-summary").focus()

    page.fill("#id_title", "Neighbourhood budget in Gràcia")
    page.fill("#id_end_date", "2021-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()
    assert "was saved as a draft" in page.locator(".notifications").inner_text()

    # Pickers by keyboard: type, Down to a match, Enter to choose it, Escape to close.
    page.goto(page.url.rstrip("/") + "/edit/")
    assert page.locator(".picker__button").count() == 0  # the no-JavaScript "Search" is gone
    box = page.locator("#id_methods")
    box.focus()
    page.keyboard.type("budget")
    options = page.locator("#id_methods-listbox [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert "match" in page.locator("#id_methods-status").inner_text()
    page.keyboard.press("ArrowDown")
    first = options.first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    label = first.get_attribute("data-label")
    value = first.get_attribute("data-value")
    assert_accessible(page)
    page.keyboard.press("Enter")
    assert _active_id(page) == "id_methods"  # focus stays in the box
    assert page.locator(f"#id_methods-chosen input[value='{value}']").is_checked()
    assert page.locator("#id_methods-status").inner_text() == f"{label} chosen."
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == ""
    page.keyboard.type("budget")
    options.first.wait_for()
    page.keyboard.press("Escape")
    assert page.locator("#id_methods-listbox").is_hidden() and box.get_attribute("aria-expanded") == "false"

    # The body's preview: the page's renderer and sanitiser.
    page.fill("#id_body", "We **learned** a lot.<script>window.previewRan = true</script>")
    page.get_by_role("button", name="Preview the text").click()
    page.locator("#body-preview strong").wait_for()
    assert page.locator("#body-preview").inner_text().startswith("We learned a lot.")
    assert page.locator("#body-preview script").count() == 0
    assert page.evaluate("() => window.previewRan === undefined")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()
    assert "were saved" in page.locator(".notifications").inner_text()
    assert label in page.content()
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]
