"""A visitor's journey in a real browser: home page -> header search -> a case, with axe-core
checking each page for accessibility violations.

Debian's Chromium is driven through Playwright with ``executable_path`` (never a downloaded
browser), and axe-core comes from the npm package installed by ``npm ci``. Without Chromium
the test is skipped locally and fails under CI=true, where it is mandatory.
"""

import json
import os
import re
from pathlib import Path

import pytest

from translocal.demo.loader import DemoLoader
from translocal.knowledge.models import Case, Status

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUERY = "participatory budgeting Porto Alegre"

pytestmark = pytest.mark.browser


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (mandatory when CI=true)")
    pytest.skip(reason)


@pytest.fixture
def demo_case(transactional_db, live_server) -> dict[str, str]:
    """The demo network, committed so the live server's thread sees it. Loaded before the
    browser starts: Playwright's sync API runs an event loop in this thread, and Django then
    refuses ORM calls here (SynchronousOnlyOperation)."""
    DemoLoader().load()
    case = Case.objects.get(title="Participatory budgeting in Porto Alegre", status=Status.PUBLISHED)
    return {"title": case.title, "url": case.get_absolute_url()}


@pytest.fixture
def browser_page(demo_case):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install -e '.[dev]'")
    if not CHROMIUM.exists():
        _unavailable(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium (scripts/ensure-chromium.sh)"
        )
    if not AXE.exists():
        _unavailable(f"axe-core not found at {AXE}: run `npm ci` in the project root")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        # axe-core goes in as an init script: the Content-Security-Policy (script-src 'self')
        # rightly refuses an injected inline <script>, and must stay on to be tested here.
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # A Content-Security-Policy violation (an inline script or style, a foreign source) is
        # reported on the console: any one of them is a failure.
        page.on(
            "console",
            lambda message: (
                errors.append(f"console: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        page.on(
            "response",
            lambda r: (
                errors.append(f"{r.status} {r.url}") if r.status >= 400 and "/favicon" not in r.url else None
            ),
        )
        page.errors = errors  # type: ignore[attr-defined]
        yield page
        context.close()
        browser.close()


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {target}\n      {summary}")
    return "\n".join(lines)


def assert_accessible(page) -> None:  # noqa: ANN001
    result = page.evaluate(
        "async () => { const r = await axe.run(document);"
        " return {violations: r.violations, passes: r.passes.length}; }"
    )
    assert result["passes"] > 10, "axe-core did not run its rules"
    assert not result["violations"], describe_violations(page.url, result["violations"])


def assert_styled(page) -> None:  # noqa: ANN001
    """The stylesheet loaded (static files are served to the live server)."""
    sheets = page.evaluate("() => Array.from(document.styleSheets).filter(s => s.cssRules.length > 0).length")
    assert sheets >= 1, "no stylesheet with rules loaded"


def test_visitor_searches_from_the_home_page_and_opens_a_case(live_server, demo_case, browser_page):
    page = browser_page

    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert_styled(page)
    assert_accessible(page)

    page.fill("#site-search-q", QUERY)
    with page.expect_navigation():
        page.press("#site-search-q", "Enter")
    assert re.search(r"/search/\?q=", page.url), page.url
    results = page.locator("ul.search-results li.card h2 a")
    assert results.count() > 0, "the search found nothing"
    assert_accessible(page)

    case_link = page.locator(f'ul.search-results a[href="{demo_case["url"]}"]')
    assert case_link.count() == 1, f"{demo_case['title']} is not among the results"
    with page.expect_navigation():
        case_link.first.click()
    assert page.locator("h1").inner_text().strip() == demo_case["title"]
    assert_accessible(page)

    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


@pytest.fixture
def site_pages(demo_case) -> dict[str, list[str]]:
    """One URL of every kind of page, computed before the browser starts (see demo_case)."""
    from django.urls import reverse

    from translocal.accounts.models import User
    from translocal.exchanges.models import Exchange, Registration
    from translocal.knowledge.models import Method, Reflection, Series
    from translocal.places.models import Hub, Organisation, Place

    def first(model, **filters):  # noqa: ANN001, ANN202
        return model.objects.filter(**filters).order_by("pk").first().get_absolute_url()

    anonymous = [
        reverse("knowledge:case-list"),
        reverse("knowledge:case-list") + "?general_issue=economics&country=BR",
        reverse("knowledge:method-list"),
        first(Method, status=Status.PUBLISHED),
        reverse("knowledge:reflection-list"),
        first(Reflection, status=Status.PUBLISHED, series__isnull=False),
        reverse("knowledge:series-list"),
        first(Series),
        reverse("places:place-list"),
        first(Place, hubs__isnull=False),
        reverse("places:hub-list"),
        first(Hub),
        reverse("places:organisation-list"),
        first(Organisation),
        reverse("accounts:people-list"),
        User.objects.get(username="amina").get_absolute_url(),
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password_reset"),
        reverse("core:about"),
        reverse("core:privacy"),
        reverse("core:accessibility"),
        reverse("core:licence"),
        reverse("exchanges:exchange-list"),
        reverse("exchanges:exchange-list") + "?when=past&kind=conference",
        Exchange.objects.get(title__startswith="Barcelona observatory").get_absolute_url(),
        reverse(
            "exchanges:certificate",
            args=[Registration.objects.filter(checked_in_at__isnull=False).order_by("pk").first().certificate_id],
        ),
    ]
    # A case of amina's in Spanish too: its page with the translation notice, and the form.
    from translocal.knowledge.services import save_translation

    amina = User.objects.get(username="amina")
    translated = Case.objects.filter(created_by=amina, status=Status.PUBLISHED).order_by("pk").first()
    save_translation(acting_user=amina, entry=translated, language="es", data={
        "title": "Un caso traducido", "summary": "Resumen en español.", "body": "Texto en **español**."})
    anonymous += [translated.get_absolute_url() + "?lang=es", translated.get_absolute_url() + "?lang=orig"]
    amina_registration = Registration.objects.get(user__username="amina", status="accepted")
    empty_forms = [
        reverse("knowledge:case-translate", args=[translated.slug, "ca"]),
        reverse("knowledge:case-create"),
        reverse("knowledge:reflection-create"),
        reverse("places:organisation-create"),
        reverse("accounts:account-delete"),  # the empty password is refused: nothing is deleted
        reverse("exchanges:exchange-create"),  # amina coordinates a hub: she may organise
        reverse("exchanges:exchange-apply", args=[Exchange.objects.get(title__startswith="Gothenburg").slug]),
    ]
    return {
        "anonymous": anonymous,
        "empty_forms": empty_forms,
        # amina coordinates a hub, so she reads its audit log.
        "signed_in": [
            reverse("accounts:profile-edit"),
            reverse("audit:audit-log"),
            reverse("knowledge:authorship-requests"),
            reverse("exchanges:my-registrations"),
            reverse("exchanges:registration-pass", args=[amina_registration.pk]),
        ],
    }


def _sign_in(page, base_url: str, username: str = "amina") -> None:  # noqa: ANN001
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "translocal-demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _axe_pages(page, base_url: str, paths: list[str], *, one_h1: bool = True) -> None:  # noqa: ANN001
    """Open each page and run axe-core on it (and check it has one h1)."""
    for path in paths:
        page.goto(base_url + path)
        if one_h1:
            assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def _axe_empty_forms(  # noqa: ANN001
    page, base_url: str, paths: list[str], *, submit: str = "main form button[type=submit]", clear: str = ""
) -> None:
    """Open each form, run axe, submit it empty (the fields matching `clear` emptied first) and
    run axe again on the error summary it must show: that state must be accessible too."""
    for path in paths:
        page.goto(base_url + path)
        assert_accessible(page)
        for field in page.locator(clear).all() if clear else []:
            field.fill("")
        # The commons' entry forms put "Preview the text" (in-page, no navigation) before their
        # main button, "Save as draft": submit with that one where there is one (the visible
        # one, not the hidden default button Enter uses).
        draft = page.locator("main form button[type=submit][name=action][value=draft]:not([aria-hidden])")
        with page.expect_navigation():
            (draft.first if draft.count() else page.locator(submit).first).click()
        assert page.locator(".error-summary").count() == 1, path
        assert_accessible(page)


def test_every_kind_of_page_passes_axe(live_server, site_pages, browser_page):
    page = browser_page
    _axe_pages(page, live_server.url, site_pages["anonymous"])
    _sign_in(page, live_server.url)
    _axe_pages(page, live_server.url, site_pages["signed_in"], one_h1=False)
    _axe_empty_forms(page, live_server.url, site_pages["empty_forms"])
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(live_server, demo_case, browser_page):
    page = browser_page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.fixture
def status_pages(demo_case) -> dict[str, object]:
    """Pages seen after a refusal or on the way through sign-up and moderation, with the status
    each must answer (computed before the browser starts, see demo_case)."""
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from translocal.accounts.models import User
    from translocal.accounts.services import account_confirmation_token
    waiting = User.objects.create_user("newcomer", "newcomer@example.org", "a-long-passphrase", is_active=False)
    confirm = reverse(
        "accounts:signup-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(waiting.pk)),
            "token": account_confirmation_token.make_token(waiting),
        },
    )
    case = Case.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
    return {
        "anonymous": [
            (reverse("knowledge:case-list") + "?cursor=WyJhZnRlciIsIFsxXV0", 400),  # issue 9's bad cursor
            ("/no-such-page/", 404),
            (reverse("accounts:signup-sent"), 200),
            (confirm, 200),
            (reverse("accounts:signup-confirm", kwargs={"uidb64": "MTIz", "token": "bad-token"}), 400),
        ],
        "takedown": reverse("knowledge:case-unpublish", args=[case.slug]),
    }


def test_refusals_sign_up_steps_and_the_takedown_form_pass_axe(live_server, status_pages, browser_page):
    page = browser_page
    for path, status in status_pages["anonymous"]:  # type: ignore[union-attr]
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == status, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    _sign_in(page, live_server.url, "admin")  # staff may take any entry down
    page.goto(live_server.url + str(status_pages["takedown"]))
    assert page.locator("textarea[name=reason]").count() == 1
    assert_accessible(page)
    with page.expect_navigation():  # no reason given: the error summary, still accessible
        page.locator("main form button[type=submit]").first.click()
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
    refused = [path for path, status in status_pages["anonymous"] if status >= 400]  # type: ignore[union-attr]
    expected = {f"{status} {live_server.url}{path}" for path, status in status_pages["anonymous"]}  # type: ignore[union-attr]
    unexpected = set(page.errors) - expected  # type: ignore[attr-defined]
    assert refused and not unexpected, f"errors while browsing: {sorted(unexpected)}"


def test_the_locked_out_page_passes_axe(live_server, demo_case, browser_page):
    """Wrong passwords lock the account (django-axes answers 429 with our page). The attempts
    are rows in the test database, flushed after the test: no other test is locked out."""
    page = browser_page
    statuses = []
    for _ in range(12):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", "nobody-here")
        page.fill("input[name=password]", "wrong")
        with page.expect_navigation() as navigation:
            page.locator("main form button[type=submit]").click()
        statuses.append(navigation.value.status if navigation.value else None)
        if statuses[-1] == 429:
            break
    assert statuses[-1] == 429, statuses
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.fixture
def organiser_pages(demo_case) -> dict[str, list[str]]:
    """The pages of an exchange's organiser (marta organises the Barcelona observatory)."""
    from django.urls import reverse

    from translocal.accounts.models import User
    from translocal.exchanges import services as exchange_services
    from translocal.exchanges.models import Exchange

    exchange = Exchange.objects.get(title__startswith="Barcelona observatory")
    registration = exchange.registrations.filter(status="accepted", checked_in_at__isnull=True).first()
    slug = exchange.slug
    # Two partners and a funder, so the partners' page has its move up and down buttons.
    marta = User.objects.get(username="marta")
    partners = [
        exchange_services.add_partner(acting_user=marta, exchange=exchange,
                                      data={"name": name, "role": role, "url": url})
        for name, role, url in (
            ("Observatory of participatory democracy", "partner", "https://example.org/observatory"),
            ("Greater Manchester Combined Authority", "partner", ""),
            ("Urban learning fund", "funder", ""),
        )
    ]
    return {
        "pages": [
            reverse("exchanges:partners-edit", args=[slug]),
            reverse("exchanges:programme-edit", args=[slug]),
            reverse("exchanges:registration-review", args=[slug]),
            reverse("exchanges:registration-decide", args=[slug, registration.pk]),
            reverse("exchanges:check-in", args=[slug]) + f"?session={exchange.sessions.order_by('pk').first().pk}",
        ],
        "empty_forms": [
            reverse("exchanges:exchange-edit", args=[slug]),
            reverse("exchanges:session-create", args=[slug]),
            reverse("exchanges:check-in", args=[slug]),
            reverse("exchanges:media-edit", args=[slug]),
            # The partner's name emptied (the clearing below): its error summary.
            reverse("exchanges:partner-edit", args=[slug, partners[1].pk]),
        ],
    }


def test_the_organisers_pages_pass_axe(live_server, organiser_pages, browser_page):
    page = browser_page
    _sign_in(page, live_server.url, "marta")
    _axe_pages(page, live_server.url, organiser_pages["pages"])
    _axe_empty_forms(
        page, live_server.url, organiser_pages["empty_forms"],
        clear="main form input[type=text], main form input[type=date]",
    )
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


@pytest.fixture
def coproduction_pages(demo_case) -> dict[str, list[str]]:
    """The co-production pages of the demo: Greater Manchester Decides (support phase) and the
    Sheffield youth process (ideas phase)."""
    from django.urls import reverse

    from translocal.coproduction.models import Comment, Process, Proposal

    gm = Process.objects.get(hub__slug="gm-just-cities-lab")
    sheffield = Process.objects.get(hub__slug="sheffield-civic-commons")
    answered = Proposal.objects.get(process=gm, answer_state="in_progress")
    unanswered = Proposal.objects.filter(process=gm, answer_state="", withdrawn_at__isnull=True).order_by("pk").first()
    thread = Comment.objects.filter(process=gm, parent__isnull=True, reply_count__gt=0).order_by("pk").first()
    return {
        "anonymous": [
            reverse("coproduction:process-list"),
            gm.get_absolute_url(),
            reverse("coproduction:proposal-list", args=[gm.slug]),
            reverse("coproduction:proposal-list", args=[gm.slug]) + "?order=random&answer=none",
            answered.get_absolute_url(),
            reverse("coproduction:comment-list", args=[gm.slug, answered.pk]),
            reverse("coproduction:comment-replies", args=[gm.slug, thread.pk]),
            sheffield.get_absolute_url(),
        ],
        # amina coordinates the Greater Manchester hub: she answers proposals and moderates.
        "signed_in": [answered.get_absolute_url(), unanswered.get_absolute_url()],
        "empty_forms": [
            reverse("coproduction:proposal-create", args=[sheffield.slug]),
            reverse("coproduction:proposal-answer", args=[gm.slug, unanswered.pk]),
            reverse("coproduction:report", args=[gm.slug, "proposal", unanswered.pk]),
        ],
    }


def test_the_co_production_pages_pass_axe(live_server, coproduction_pages, browser_page):
    page = browser_page
    _axe_pages(page, live_server.url, coproduction_pages["anonymous"])
    _sign_in(page, live_server.url)
    _axe_pages(page, live_server.url, coproduction_pages["signed_in"], one_h1=False)
    _axe_empty_forms(
        page, live_server.url, coproduction_pages["empty_forms"], submit="main form.form button[type=submit]"
    )
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


@pytest.fixture
def workshop(demo_case) -> dict[str, str]:
    """An upcoming workshop with places, organised by helen (who coordinates the Sheffield hub),
    made through the services before the browser starts."""
    import datetime as dt

    from django.utils import timezone

    from translocal.accounts.models import User
    from translocal.exchanges import services
    from translocal.places.models import Hub

    helen = User.objects.get(username="helen")
    exchange = services.create_exchange(
        acting_user=helen,
        data={
            "title": "Early-career researchers workshop",
            "kind": "workshop",
            "hub": Hub.objects.get(slug="sheffield-civic-commons"),
            "starts_on": timezone.localdate() + dt.timedelta(days=40),
            "ends_on": timezone.localdate() + dt.timedelta(days=40),
            "time_zone": "Europe/London",
            "visibility": "public",
            "registration_open": True,
            "publish": True,
        },
    )
    services.save_registration_type(
        acting_user=helen, exchange=exchange, data={"name": "Delegate", "role": "delegate", "capacity": 5}
    )
    return {"url": exchange.get_absolute_url(), "slug": exchange.slug}


def test_applying_being_accepted_checked_in_by_code_and_following_up(live_server, workshop, browser_page):
    """One run: lily applies with her learning goals, helen accepts her, lily reads her code from
    her pass, helen types it on the check-in page, and lily commits to something on her learning
    journey and adds a follow-up to it; every page on the way passes axe."""
    page = browser_page
    _sign_in(page, live_server.url, "lily")
    page.goto(live_server.url + workshop["url"])
    with page.expect_navigation():
        page.get_by_role("link", name="Apply to take part").click()
    page.get_by_label("Delegate").check()
    page.get_by_label("What do you want to learn, and what will you bring home?").fill(
        "How early-career researchers get a voice in council research; I will bring home a mentoring format."
    )
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send application").click()
    assert "Your application was sent." in page.locator(".notifications").inner_text()

    page.context.clear_cookies()
    _sign_in(page, live_server.url, "helen")
    page.goto(f"{live_server.url}/exchanges/{workshop['slug']}/registrations/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("table").get_by_role("link", name="Decide").first.click()
    page.get_by_label("Accept").check()
    page.get_by_label("Message to the person").fill("Welcome, see you in Sheffield.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save decision").click()
    assert "Accepted" in page.locator(".notifications").inner_text()

    page.context.clear_cookies()
    _sign_in(page, live_server.url, "lily")
    page.goto(f"{live_server.url}/exchanges/mine/")
    with page.expect_navigation():
        page.get_by_role("link", name="Your pass").first.click()
    assert_accessible(page)
    code = page.locator(".pass__code").inner_text().strip()
    assert len(code) == 8

    page.context.clear_cookies()
    _sign_in(page, live_server.url, "helen")
    page.goto(f"{live_server.url}/exchanges/{workshop['slug']}/check-in/")
    page.get_by_label("Check-in code").fill(code.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Check in").click()
    assert "is checked in" in page.locator(".notifications").inner_text()
    assert_accessible(page)

    page.context.clear_cookies()
    _sign_in(page, live_server.url, "lily")
    page.goto(f"{live_server.url}/exchanges/mine/")
    with page.expect_navigation():
        page.get_by_role("link", name="Your learning journey").first.click()
    assert_accessible(page)
    journey = page.url
    with page.expect_navigation():
        page.get_by_role("link", name="Add a commitment").click()
    assert_accessible(page)
    page.get_by_label("What you will do at home").fill("Start a mentoring circle for early-career researchers")
    page.get_by_label("By when").fill("2027-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.url.startswith(journey)
    with page.expect_navigation():
        page.get_by_role("link", name="Add a follow-up").first.click()
    assert_accessible(page)
    page.check("input[name=status][value=in_progress]")
    page.fill("textarea[name=note]", "Three researchers signed up; the first circle meets in May.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the follow-up").click()
    assert page.url.startswith(journey)
    assert page.get_by_text("Three researchers signed up").count() == 1
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


@pytest.fixture
def result_pages(demo_case) -> dict[str, list[str]]:
    """The results of Greater Manchester Decides, the proposal they trace back to, the profile
    of its author ("what happened to my proposals") and the coordinators' forms."""
    from django.urls import reverse

    from translocal.coproduction.models import Result

    result = Result.objects.filter(process__hub__slug="gm-just-cities-lab").order_by("pk").first()
    process = result.process
    proposal = result.links.filter(proposal__isnull=False).first().proposal
    args = [process.slug, result.pk]
    return {
        "anonymous": [
            reverse("coproduction:result-list", args=[process.slug]),
            result.get_absolute_url(),
            proposal.get_absolute_url(),
            proposal.author.get_absolute_url(),
        ],
        "signed_in": [reverse("coproduction:result-sources", args=args)],
        # The commitments delegates say became the process: one confirmed, one waiting.
        "lineage": reverse("coproduction:process-lineage", args=[process.slug]),
        "filled_forms": [reverse("coproduction:result-edit", args=args)],
        "empty_forms": [
            reverse("coproduction:result-create", args=[process.slug]),
            reverse("coproduction:result-progress", args=args),
            reverse("coproduction:result-sources", args=args),
        ],
    }


def test_the_result_pages_pass_axe(live_server, result_pages, browser_page):
    page = browser_page
    _axe_pages(page, live_server.url, result_pages["anonymous"])
    _sign_in(page, live_server.url)  # amina coordinates Greater Manchester Decides
    _axe_pages(page, live_server.url, result_pages["signed_in"], one_h1=False)
    _axe_empty_forms(page, live_server.url, result_pages["empty_forms"], submit="main form.form button[type=submit]")
    _axe_empty_forms(page, live_server.url, result_pages["filled_forms"], submit="main form.form button[type=submit]",
                     clear="main input[name=title]")
    # The coordinators' page of commitments, then a refusal without a reason: its error summary.
    page.goto(live_server.url + str(result_pages["lineage"]))
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main button[name=decision][value=refuse]").first.click()
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


@pytest.fixture
def meeting_pages(demo_case) -> dict[str, list[str]]:
    """The meetings of Greater Manchester Decides: the list, a past meeting with minutes, an
    online one ahead, and the organisers' forms."""
    from django.urls import reverse
    from django.utils import timezone

    from translocal.coproduction.meetings.models import Meeting

    meetings = Meeting.objects.filter(process__hub__slug="gm-just-cities-lab")
    past, ahead = meetings.get(starts_at__lt=timezone.now()), meetings.get(starts_at__gt=timezone.now())
    slug = past.process.slug
    return {
        "anonymous": [
            reverse("coproduction:meeting-list", args=[slug]), past.get_absolute_url(), ahead.get_absolute_url(),
            reverse("coproduction:meeting-comment-list", args=[slug, past.pk]),
        ],
        "signed_in": [past.get_absolute_url(), ahead.get_absolute_url()],
        "empty_forms": [reverse("coproduction:meeting-create", args=[slug])],
        "filled_forms": [reverse("coproduction:meeting-minutes", args=[slug, past.pk])],
    }


def test_the_meeting_pages_pass_axe(live_server, meeting_pages, browser_page):
    page = browser_page
    _axe_pages(page, live_server.url, meeting_pages["anonymous"])
    _sign_in(page, live_server.url)  # amina coordinates Greater Manchester Decides
    _axe_pages(page, live_server.url, meeting_pages["signed_in"], one_h1=False)
    _axe_empty_forms(page, live_server.url, meeting_pages["empty_forms"], submit="main form.form button[type=submit]")
    _axe_empty_forms(page, live_server.url, meeting_pages["filled_forms"], submit="main form.form button[type=submit]",
                     clear="main textarea[name=minutes]")


@pytest.fixture
def poll_pages(demo_case) -> dict:
    """The demo's polls in Greater Manchester Decides, and two more opened for this test (ranked
    and score) so their ballot forms can be filled in."""
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone

    from translocal.accounts.models import User
    from translocal.coproduction.models import Poll, Process
    from translocal.coproduction.polls import services as poll_services

    gm = Process.objects.get(hub__slug="gm-just-cities-lab")
    amina = User.objects.get(username="amina")
    now = timezone.now()
    window = {"opens_at": now - dt.timedelta(minutes=1), "closes_at": now + dt.timedelta(days=1)}
    ranked = poll_services.create_poll(acting_user=amina, process=gm, question="Rank the parks", kind="ranked",
                                       options=["Heaton Park", "Platt Fields", "Philips Park"], **window)
    score = poll_services.create_poll(acting_user=amina, process=gm, question="Score the parks", kind="score",
                                      options=["Heaton Park", "Platt Fields"], **window)
    demo_polls = {poll.kind: poll for poll in Poll.objects.filter(process=gm, created_at__lt=now)}
    for poll in [*demo_polls.values(), ranked, score]:
        poll.process = gm
    polls = [demo_polls["ranked"], demo_polls["single"], demo_polls["multiple"], ranked, score]
    # Everything the browser test needs, read here: no query may run beside the browser's loop.
    return {
        "pages": [poll.get_absolute_url() for poll in polls] + [poll.results_url() for poll in polls[:3]]
        + [demo_polls["ranked"].comments_url()],
        "ranked": ranked.get_absolute_url(),
        "ranked_labels": list(ranked.options.order_by("position").values_list("label", flat=True)),
        "empty_forms": [score.get_absolute_url(), demo_polls["multiple"].get_absolute_url(),
                        reverse("coproduction:poll-create", args=[gm.slug])],
        "anonymous_poll": demo_polls["single"].get_absolute_url(),
    }


def test_the_poll_pages_pass_axe(live_server, poll_pages, browser_page):
    """Every poll page, anonymous and signed in; the ranked ballot filled in with the keyboard
    (a rank select per option), a duplicate rank refused with the error summary; the score and
    multiple-choice forms sent empty; the anonymous receipt page."""
    page = browser_page
    _axe_pages(page, live_server.url, poll_pages["pages"])
    _sign_in(page, live_server.url)
    labels = poll_pages["ranked_labels"]
    page.goto(live_server.url + poll_pages["ranked"])
    assert_accessible(page)
    first = page.get_by_label(labels[0], exact=True)
    first.focus()
    page.keyboard.press("1")  # a native select answers the keyboard: no dragging needed
    page.get_by_label(labels[1], exact=True).select_option("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Cast my ballot").click()
    assert page.locator(".error-summary").count() == 1
    assert "Give rank 1 to one option only" in page.locator(".error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label(labels[1], exact=True).select_option("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Cast my ballot").click()
    assert "Your ballot is cast." in page.content()
    assert_accessible(page)
    _axe_empty_forms(page, live_server.url, poll_pages["empty_forms"], submit="main form.form button[type=submit]")
    page.goto(live_server.url + poll_pages["anonymous_poll"])  # anonymous: the ballot answers with its receipt
    page.get_by_label("Raise it to five").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Cast my ballot").click()
    assert page.locator("#receipt").inner_text().count("-") == 4
    assert_accessible(page)
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


@pytest.fixture
def initiative_pages(demo_case) -> dict[str, list[str]]:
    """The citizen initiatives of Greater Manchester Decides and their forms."""
    from django.urls import reverse

    from translocal.coproduction.initiatives.models import Initiative

    initiative = Initiative.objects.get(process__hub__slug="gm-just-cities-lab")
    slug = initiative.process.slug
    return {
        "anonymous": [reverse("coproduction:initiative-list", args=[slug]), initiative.get_absolute_url()],
        "signed_in": [initiative.get_absolute_url()],
        "empty_forms": [
            reverse("coproduction:initiative-create", args=[slug]),
            reverse("coproduction:initiative-answer", args=[slug, initiative.pk]),
        ],
    }


def test_the_initiative_pages_pass_axe(live_server, initiative_pages, browser_page):
    page = browser_page
    _axe_pages(page, live_server.url, initiative_pages["anonymous"])
    _sign_in(page, live_server.url)  # amina coordinates Greater Manchester Decides
    _axe_pages(page, live_server.url, initiative_pages["signed_in"], one_h1=False)
    _axe_empty_forms(page, live_server.url, initiative_pages["empty_forms"],
                     submit="main form.form button[type=submit]")
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]


@pytest.fixture
def blocking_page(demo_case) -> str:
    from django.urls import reverse

    from translocal.coproduction.models import Process

    return reverse("coproduction:hub-blocks", args=[Process.objects.get(hub__slug="gm-just-cities-lab").hub.slug])


def test_the_blocking_page_passes_axe(live_server, blocking_page, browser_page):
    """The Greater Manchester hub's blocking page, empty and with its error summary."""
    page = browser_page
    _sign_in(page, live_server.url)  # amina coordinates the hub
    _axe_empty_forms(page, live_server.url, [blocking_page], submit="main form.form button[type=submit]")
    assert not page.errors, f"errors while browsing: {page.errors}"  # type: ignore[attr-defined]
