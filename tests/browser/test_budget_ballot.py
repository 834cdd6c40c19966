"""Casting a budget ballot in a real browser, with the keyboard only: the demo's youth budget,
the remaining budget kept current as boxes are ticked, the error summary of a ballot over the
budget, then the results by both rules and how the voter's share was used; axe on every step."""

import pytest

from tests.browser.test_journey import (  # noqa: F401 - fixtures
    _sign_in,
    assert_accessible,
    browser_page,
    demo_case,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def youth_budget(demo_case) -> dict[str, str]:  # noqa: F811
    from django.urls import reverse

    from translocal.coproduction.budgets.models import Budget

    budget = Budget.objects.select_related("process").get(title="Youth budget 2027")
    return {
        "project": budget.projects.order_by("pk").first().get_absolute_url(),
        "detail": budget.get_absolute_url(),
        "results": reverse("coproduction:budget-results", args=[budget.process.slug, budget.pk]),
    }


def _tick(page, label: str) -> None:  # noqa: ANN001
    """Tab to the checkbox of ``label`` and tick it with the space bar."""
    box = page.get_by_label(label, exact=False)
    box.focus()
    page.keyboard.press("Space")


def test_casting_a_ballot_with_the_keyboard_and_reading_the_results(live_server, youth_budget, browser_page):  # noqa: F811
    page = browser_page
    page.goto(live_server.url + youth_budget["detail"])
    assert_accessible(page)
    assert page.get_by_text("Sign in", exact=False).count() >= 1

    _sign_in(page, live_server.url)  # amina: she coordinates the hub and votes like anyone else
    page.goto(live_server.url + youth_budget["detail"])
    assert_accessible(page)
    status = page.locator("#ballot-status")
    _tick(page, "Refit the Wythenshawe youth club")
    _tick(page, "Skate and BMX park in Oldham")
    assert status.inner_text() == "Your choices cost 85,000 GBP: 15,000 GBP left of 100,000 GBP."
    _tick(page, "Bus fares for apprentices")
    assert "more than the budget" in status.inner_text()

    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form from the focused checkbox
    summary = page.locator(".error-summary")
    assert summary.count() == 1
    assert "cost 115,000 GBP, more than the budget of 100,000 GBP" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(page)

    _tick(page, "Bus fares for apprentices")  # untick: back within the budget
    with page.expect_navigation():
        page.get_by_role("button", name="Cast my ballot").press("Enter")
    assert "Your ballot is saved" in page.locator(".notifications").inner_text()
    assert page.get_by_role("button", name="Save my ballot").count() == 1
    assert page.locator("input[name=projects]:checked").count() == 2
    assert_accessible(page)

    page.goto(live_server.url + youth_budget["results"])
    assert_accessible(page)
    table = page.locator("table.budget-results")
    assert table.locator("thead").inner_text().count("Binding") == 1
    share = page.locator("section[aria-labelledby=share-title]")
    assert "Your share paid towards" in share.inner_text() or "none of the funded projects" in share.inner_text()
    page.goto(live_server.url + youth_budget["project"])  # a project and its comments
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]
