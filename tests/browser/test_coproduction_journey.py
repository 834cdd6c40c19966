"""Taking part in a co-production process in a real browser: a resident makes a proposal (the
empty form's error summary first), another resident supports it and comments on it; then a
coordinator sets up a participatory budget, its rules, a project and the .pb import. axe-core on
every page and on every error state."""

import datetime as dt

import pytest

from tests.browser.test_journey import (  # noqa: F401 - fixtures
    _sign_in,
    assert_accessible,
    browser_page,
    demo_case,
)

pytestmark = pytest.mark.browser

TITLE = "Water fountains in Piccadilly Gardens"
BODY = "Free drinking water for everyone who spends the day in the gardens, refilled bottles instead of plastic."
COMMENT = "Yes, and one near the bus station too, please."


@pytest.fixture
def open_process(demo_case) -> dict[str, str]:  # noqa: F811
    """A public process of the Greater Manchester hub whose running phase opens proposing,
    supporting and commenting, and the demo's youth budget process (written before the browser
    starts: the ORM is not called from Playwright's thread)."""
    from django.urls import reverse
    from django.utils import timezone

    from translocal.coproduction.budgets.models import Budget
    from translocal.coproduction.models import Phase, Process
    from translocal.places.models import Hub

    process = Process.objects.create(
        hub=Hub.objects.get(slug="gm-just-cities-lab"), title="Greener Manchester", slug="greener-manchester",
        summary="Ideas for greener streets.", access=Process.Access.PUBLIC, is_published=True,
    )
    now = timezone.now()
    Phase.objects.create(
        process=process, position=1, name="Ideas and support", starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=20), propose=True, support=True, comment=True,
    )
    youth = Budget.objects.select_related("process").get(title="Youth budget 2027").process
    return {
        "process": process.get_absolute_url(),
        "proposals": reverse("coproduction:proposal-list", args=[process.slug]),
        "propose": reverse("coproduction:proposal-create", args=[process.slug]),
        "budget_create": reverse("coproduction:budget-create", args=[youth.slug]),
    }


def _submit(page, name: str) -> None:  # noqa: ANN001
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_resident_proposes_and_another_supports_and_comments(live_server, open_process, browser_page):  # noqa: F811
    page = browser_page
    base = live_server.url
    _sign_in(page, base, "joe")
    page.goto(base + open_process["process"])
    assert_accessible(page)
    page.goto(base + open_process["proposals"])
    assert_accessible(page)
    page.goto(base + open_process["propose"])
    assert_accessible(page)
    _submit(page, "Publish proposal")
    summary = page.locator(".error-summary")
    assert "Enter a title for your proposal." in summary.inner_text()
    assert_accessible(page)
    page.fill("#id_title", TITLE)
    page.fill("#id_body", BODY)
    _submit(page, "Publish proposal")
    assert page.locator("h1").inner_text() == TITLE
    assert "Your proposal is published." in page.locator(".notifications").inner_text()
    assert_accessible(page)
    proposal = page.url

    page.context.clear_cookies()
    _sign_in(page, base, "lily")
    page.goto(proposal)
    assert_accessible(page)
    page.get_by_role("button", name="Support this proposal").click()
    box = page.locator(".support")
    box.get_by_text("You support this proposal.").wait_for()
    assert "1 support" in box.inner_text()
    assert_accessible(page)
    page.fill("#new-comment", COMMENT)
    _submit(page, "Publish comment")
    assert "Your comment is published." in page.locator(".notifications").inner_text()
    assert COMMENT in page.locator(".comment-list").inner_text()
    assert "1 comment" in page.locator("#comments-title").inner_text()
    assert_accessible(page)
    page.goto(base + open_process["proposals"])
    assert TITLE in page.locator("main").inner_text()
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


def test_the_budget_management_pages_pass_axe(live_server, open_process, browser_page):  # noqa: F811
    page = browser_page
    base = live_server.url
    _sign_in(page, base)  # amina coordinates the Greater Manchester hub
    page.goto(base + open_process["budget_create"])
    assert_accessible(page)
    page.fill("#id_total", "")
    _submit(page, "Set up the budget")
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
    page.fill("#id_title", "Parks budget 2028")
    page.fill("#id_total", "50000")
    _submit(page, "Set up the budget")
    assert page.locator("h1").inner_text() == "Parks budget 2028"
    assert_accessible(page)
    budget = page.url

    page.get_by_role("link", name="Edit the budget and its rules").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.goto(budget)
    page.get_by_role("link", name="Add a project").click()
    page.wait_for_load_state()
    assert_accessible(page)
    _submit(page, "Add the project")
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
    page.fill("#id_title", "Wildflower verges on Oldham Road")
    page.fill("#id_cost", "12000")
    _submit(page, "Add the project")
    assert "Wildflower verges on Oldham Road" in page.locator("main").inner_text()
    assert_accessible(page)

    page.locator("main a[href*='/projects/'][href$='/edit/']").first.click()
    page.wait_for_load_state()
    assert page.locator("#id_title").input_value() == "Wildflower verges on Oldham Road"
    assert_accessible(page)
    page.goto(budget)
    page.get_by_role("link", name="Import from a .pb file").click()
    page.wait_for_load_state()
    assert_accessible(page)
    _submit(page, "Import the file")
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]
