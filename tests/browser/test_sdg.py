"""SDG pages and the challenge box in a real browser: axe-core finds no violation on the local
reports, the goals pages, the challenge box with results, a case page showing its author suggested goals
(confirming one with the keyboard makes it a tag), and the hub's local targets page with its
error summary."""

import pytest
from django.urls import reverse

from tests.browser.test_journey import (  # noqa: F401 (fixtures)
    _axe_pages,
    _sign_in,
    assert_accessible,
    browser_page,
    demo_case,
)
from translocal.knowledge.models import Case
from translocal.sdg import services

pytestmark = pytest.mark.browser


@pytest.fixture
def sdg_pages(demo_case):  # noqa: F811
    """Suggestions for Amina's Greater Manchester case (written before the browser starts)."""
    case = Case.objects.get(title="Greater Manchester Citizens' Assembly on Warm Homes")
    services.refresh_suggestions(kind="case", object_id=case.pk)
    return {
        "pages": [
            reverse("sdg:place-report", kwargs={"slug": "greater-manchester"}),
            reverse("sdg:hub-report", kwargs={"slug": "gm-just-cities-lab"}),
            reverse("intelligence:challenge") + "?challenge=we+want+residents+to+help+set+the+housing+budget",
            reverse("intelligence:challenge"),
            reverse("sdg:goal-list"),
            reverse("sdg:goal-detail", kwargs={"number": 11}),
        ],
        "case": case.get_absolute_url(),
    }


def test_sdg_reports_and_the_challenge_box_pass_axe(live_server, sdg_pages, browser_page):  # noqa: F811
    _axe_pages(browser_page, live_server.url, sdg_pages["pages"])


def test_an_author_confirms_a_suggested_goal_with_the_keyboard(live_server, sdg_pages, browser_page):  # noqa: F811
    page = browser_page
    _sign_in(page, live_server.url, "amina")
    page.goto(live_server.url + sdg_pages["case"])
    assert page.get_by_role("heading", name="Suggested goals").count() == 1
    assert_accessible(page)
    confirm = page.locator(".sdg-suggestions button[value=confirm]").first
    confirm.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "is now one of this entry's goals" in page.content()
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


def test_the_local_targets_page_and_its_errors_pass_axe(live_server, sdg_pages, browser_page):  # noqa: F811
    page = browser_page
    _sign_in(page, live_server.url, "amina")  # coordinates the Greater Manchester hub
    page.goto(live_server.url + reverse("sdg:hub-targets", kwargs={"slug": "gm-just-cities-lab"}))
    assert "11.3.GM1" in page.content()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Add the local target").click()
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
