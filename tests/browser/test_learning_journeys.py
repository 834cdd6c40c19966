"""Learning journeys in a real browser: the delegate's journey and its forms (empty and with
their error summary), adding a follow-up, the one-click follow-up link, a verifier's answer
page and the impact views; axe-core finds no violation on any of them."""

import pytest
from django.urls import reverse

from tests.browser.test_journey import (  # noqa: F401 (fixtures)
    _axe_empty_forms,
    _axe_pages,
    _sign_in,
    assert_accessible,
    browser_page,
    demo_case,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def journey_pages(demo_case) -> dict[str, object]:  # noqa: F811
    """URLs read before the browser starts (no ORM calls once Playwright runs)."""
    from translocal.exchanges import journey_links
    from translocal.exchanges.models import Commitment, Exchange, Outcome, Registration, Substantiation

    barcelona = Exchange.objects.get(title__startswith="Barcelona observatory")
    registration = Registration.objects.get(exchange=barcelona, user__username="david")
    commitment = Commitment.objects.filter(registration=registration, status="dropped").first()
    open_one = Commitment.objects.filter(registration__user__username="joe", status="in_progress").first()
    outcome = Outcome.objects.filter(registration=registration).first()
    pending = Substantiation.objects.filter(answer="").first()
    rid = registration.pk
    return {
        "anonymous": [
            reverse("exchanges:impact", args=[barcelona.slug]),
            reverse("exchanges:impact", args=[barcelona.slug]) + "?show=done",
            reverse("exchanges:hub-impact", args=[barcelona.hub.slug]),
            reverse(
                "exchanges:substantiation-answer",
                args=[journey_links.substantiation_token(substantiation_id=pending.pk, email=pending.verifier_email)],
            ),
            reverse(
                "exchanges:follow-up-link",
                args=[journey_links.follow_up_token(commitment_id=open_one.pk, user_id=open_one.registration.user_id)],
            ),
        ],
        "report": reverse("exchanges:impact-report", args=[barcelona.slug]),
        "journey": reverse("exchanges:journey", args=[rid]),
        "forms": [
            reverse("exchanges:lesson-create", args=[rid]),
            reverse("exchanges:commitment-create", args=[rid]),
            reverse("exchanges:outcome-create", args=[rid]),
            reverse("exchanges:substantiation-request", args=[rid, outcome.pk]),
            reverse("exchanges:follow-up-create", args=[rid, commitment.pk]),
        ],
        "follow_up": reverse("exchanges:follow-up-create", args=[rid, commitment.pk]),
    }


def test_the_journey_pages_pass_axe_and_a_delegate_adds_a_follow_up(live_server, journey_pages, browser_page):  # noqa: F811
    page = browser_page
    base = live_server.url
    _axe_pages(page, base, journey_pages["anonymous"])
    page.goto(base + journey_pages["report"])
    assert_accessible(page)
    _sign_in(page, base, "david")
    _axe_pages(page, base, [journey_pages["journey"]])
    _axe_empty_forms(
        page, base, journey_pages["forms"], clear="main form input[name=due_on], main form input[name=observed_on]"
    )
    page.goto(base + journey_pages["follow_up"])
    page.check("input[name=status][value=in_progress]")
    page.fill("textarea[name=note]", "The ward budget is back next year; the count is on again.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the follow-up").click()
    assert page.url.endswith(journey_pages["journey"])
    assert page.get_by_text("The ward budget is back next year").count() == 1
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]
