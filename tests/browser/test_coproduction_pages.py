"""Co-production pages that had no browser check, in a real browser with axe-core (0 violations,
the rules the other browser tests run): the translation forms of a process, a proposal, a poll
and a result (and their error summaries); a citizen initiative's edit form (and its errors), its
page with the author's "Withdraw" button and after withdrawing, the report form (and its errors)
and the moderators' list of hidden initiatives; an exchange's commitment page; and a place's
local SDG report with its process, result and commitment sections."""

import datetime as dt

import pytest

from tests.browser.test_journey import (  # noqa: F401 - fixtures
    _axe_empty_forms,
    _axe_pages,
    _sign_in,
    assert_accessible,
    browser_page,
    demo_case,
)

pytestmark = pytest.mark.browser

PROCESS = "Greener Manchester"
RESULT = "Water fountains installed in four parks"
INITIATIVE = "Keep the Hulme pool open"


@pytest.fixture
def coproduction_pages(demo_case) -> dict[str, str]:  # noqa: F811
    """A public process of the Greater Manchester hub (coordinated by Amina) whose running phase
    opens proposing, commenting and signing initiatives, with Joe's proposal and initiative, a
    poll, a result and an initiative a moderator hid; the process, the result and a public
    commitment of the demo exchanges tagged with goal 11 for the SDG report. Written before the
    browser starts (the ORM is not called from Playwright's thread)."""
    from django.urls import reverse
    from django.utils import timezone

    from translocal.accounts.models import User
    from translocal.coproduction import services
    from translocal.coproduction.accountability import services as result_services
    from translocal.coproduction.initiatives import services as initiative_services
    from translocal.coproduction.models import Phase, Process
    from translocal.coproduction.polls import services as poll_services
    from translocal.exchanges.models import Commitment, Exchange, Privacy
    from translocal.places.models import Hub
    from translocal.taxonomy.models import Term, Vocabulary

    hub = Hub.objects.get(slug="gm-just-cities-lab")
    amina, joe = User.objects.get(username="amina"), User.objects.get(username="joe")
    process = Process.objects.create(
        hub=hub, title=PROCESS, slug="greener-manchester", summary="Ideas for greener streets.",
        description="Residents propose, sign initiatives and follow what became of them.",
        access=Process.Access.PUBLIC, is_published=True, original_language="en",
    )
    now = timezone.now()
    Phase.objects.create(
        process=process, position=1, name="Ideas and initiatives", starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=20), propose=True, support=True, comment=True, initiative_signing=True,
        results=True,
    )
    proposal = services.create_proposal(acting_user=joe, process=process, title="Water fountains in the parks",
                                        body="Free drinking water for everyone in the parks.")
    poll = poll_services.create_poll(acting_user=amina, process=process, question="Which park first?",
                                     options=["Heaton Park", "Philips Park", "Platt Fields"])
    result = result_services.create_result(acting_user=amina, process=process, title=RESULT,
                                           description="Two are in, two are coming in spring.")
    initiative = initiative_services.start_initiative(
        acting_user=joe, process=process, title=INITIATIVE, body="The pool is the only one within walking distance.",
    )
    hidden = initiative_services.start_initiative(acting_user=joe, process=process, title="A fountain in Ancoats",
                                                  body="Drinking water on the square.")
    services.hide(acting_user=amina, target=hidden, reason="Posted twice")

    goal = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11")
    process.sdgs.set([goal])
    result.sdgs.set([goal])
    commitment = (
        Commitment.objects.filter(privacy=Privacy.PUBLIC, exchange__visibility=Exchange.Visibility.PUBLIC)
        .order_by("id").first()
    )
    assert commitment is not None, "the demo has a public commitment of a public exchange"
    Commitment.objects.filter(pk=commitment.pk).update(hub=hub)
    commitment.sdgs.set([goal])

    slug = process.slug
    return {
        "translations": [
            reverse("coproduction:process-translate", args=[slug, "es"]),
            reverse("coproduction:proposal-translate", args=[slug, proposal.pk, "es"]),
            reverse("coproduction:poll-translate", args=[slug, poll.pk, "es"]),
            reverse("coproduction:result-translate", args=[slug, result.pk, "es"]),
        ],
        "initiative": initiative.get_absolute_url(),
        "initiative_edit": reverse("coproduction:initiative-edit", args=[slug, initiative.pk]),
        "report": reverse("coproduction:report", args=[slug, "initiative", initiative.pk]),
        "hidden": reverse("coproduction:initiative-hidden-list", args=[slug]),
        "commitment": reverse("exchanges:commitment-detail", args=[commitment.pk]),
        "commitment_title": commitment.title,
        "sdg_report": reverse("sdg:place-report", kwargs={"slug": "greater-manchester"}),
    }


def test_the_translation_forms_and_their_errors_pass_axe(live_server, coproduction_pages, browser_page):  # noqa: F811
    page = browser_page
    _sign_in(page, live_server.url, "amina")  # the hub's coordinator translates all four
    _axe_empty_forms(page, live_server.url, coproduction_pages["translations"])
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


def test_the_initiative_edit_withdraw_report_and_hidden_pages_pass_axe(  # noqa: F811
    live_server, coproduction_pages, browser_page  # noqa: F811
):
    page = browser_page
    base = live_server.url
    _sign_in(page, base, "lily")
    _axe_empty_forms(page, base, [coproduction_pages["report"]])  # no reason chosen: the error summary

    page.context.clear_cookies()
    _sign_in(page, base, "joe")  # the author
    _axe_empty_forms(page, base, [coproduction_pages["initiative_edit"]], clear="#id_title, #id_body")
    page.goto(base + coproduction_pages["initiative"])
    withdraw = page.get_by_role("button", name="Withdraw your initiative")
    assert withdraw.count() == 1
    assert_accessible(page)
    with page.expect_navigation():
        withdraw.click()
    assert "Your initiative is withdrawn." in page.locator(".notifications").inner_text()
    assert_accessible(page)

    page.context.clear_cookies()
    _sign_in(page, base, "amina")  # a moderator of the hub's processes
    page.goto(base + coproduction_pages["hidden"])
    assert page.get_by_role("link", name="A fountain in Ancoats").count() == 1
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


def test_the_commitment_page_and_the_sdg_report_with_its_pillar_sections_pass_axe(  # noqa: F811
    live_server, coproduction_pages, browser_page  # noqa: F811
):
    page = browser_page
    base = live_server.url
    _axe_pages(page, base, [coproduction_pages["commitment"]])
    assert coproduction_pages["commitment_title"] in page.locator("h1").inner_text()
    page.goto(base + coproduction_pages["sdg_report"])
    main = page.locator("main").inner_text()
    for title in (PROCESS, RESULT, coproduction_pages["commitment_title"]):
        assert title in main, title
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]
