"""WCAG 2.2 target size (2.5.8, AA): every link and button is at least 24 by 24 CSS pixels or
spaced so that a 24 px circle on it touches no other target, as axe's target-size rule checks
(it is not among the rules axe runs by default): lists with filters, chips and pagination, a
case page with its authors, the images page and the partners page with their small buttons."""

import pytest
from django.urls import reverse

from tests.browser.test_images import image_pages  # noqa: F401 (fixture)
from tests.browser.test_journey import _sign_in, browser_page, demo_case, describe_violations  # noqa: F401

pytestmark = pytest.mark.browser

#: Targets that stand on their own in small type; each must be 24 CSS px tall (and the
#: checkboxes wide) by itself, not only through spacing.
STANDALONE = (
    ".account-nav__list a, .account-nav__list .link-button, .breadcrumbs a, .site-footer__links a,"
    " .byline a, .facet .checkbox input, a.tag"
)


def _assert_targets_large_enough(page) -> None:  # noqa: ANN001
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}});"
        " return {violations: r.violations, passes: r.passes.length}; }"
    )
    assert result["passes"] > 0, "axe's target-size rule checked nothing"
    assert not result["violations"], describe_violations(page.url, result["violations"])
    small = page.evaluate(
        "(selector) => [...document.querySelectorAll(selector)].map(e => [e, e.getBoundingClientRect()])"
        ".filter(([e, b]) => b.height > 0 && (b.height < 24 || (e.tagName === 'INPUT' && b.width < 24)))"
        ".map(([e, b]) => `${e.tagName} ${e.textContent.trim() || e.name} ${b.width}x${b.height}`)",
        STANDALONE,
    )
    assert small == [], (page.url, small)
    # Lists of related links: the first link of each item and of the next must be far enough
    # apart for 24 px circles centred on them not to meet (or be 24 px tall themselves).
    crowded = page.evaluate(
        "() => [...document.querySelectorAll('.link-list')].flatMap(list => {"
        " const links = [...list.children].map(li => li.querySelector(':scope > a')).filter(Boolean)"
        "   .map(a => [a.textContent.trim(), a.getBoundingClientRect()]);"
        " return links.slice(1).map((next, i) => [links[i], next])"
        "   .filter(([[, a], [, b]]) => a.height < 24 && b.height < 24"
        "     && (b.top + b.bottom) / 2 - (a.top + a.bottom) / 2 < 24)"
        "   .map(([[x], [y]]) => `${x} / ${y}`); })"
    )
    assert crowded == [], (page.url, crowded)


@pytest.fixture
def reading_pages(demo_case) -> list[str]:  # noqa: F811
    """One page of every kind a reader opens, with its sidebars of related links (read before
    the browser starts: the ORM refuses calls inside Playwright's event loop)."""
    from translocal.coproduction.models import Process, Proposal
    from translocal.knowledge.models import Method, Reflection, Status
    from translocal.places.models import Hub, Organisation, Place

    published = {"status": Status.PUBLISHED}
    objects = [
        Reflection.objects.filter(**published, slug="recruiting-by-lot-when-your-council-has-no-money").first(),
        Method.objects.filter(**published).order_by("pk").first(),
        Organisation.objects.order_by("pk").first(),
        Place.objects.filter(slug="greater-manchester").first(),
        Hub.objects.order_by("pk").first(),
        Process.objects.filter(access="public", is_published=True).order_by("pk").first(),
        Proposal.objects.filter(process__access="public", process__is_published=True).order_by("pk").first(),
    ]
    return [obj.get_absolute_url() for obj in objects if obj is not None]


def test_targets_are_at_least_24_px_or_spaced(live_server, image_pages, reading_pages, browser_page):  # noqa: F811
    page = browser_page
    assert len(reading_pages) == 7, reading_pages
    paths = [
        "/",
        reverse("knowledge:case-list") + "?sort=title",
        reverse("search:search") + "?q=budget",
        image_pages["case"],
        *reading_pages,
    ]
    for path in paths:
        page.goto(live_server.url + path)
        _assert_targets_large_enough(page)
    _sign_in(page, live_server.url, "amina")
    for path in [image_pages["images"], image_pages["partners"], image_pages["case"].rstrip("/") + "/edit/"]:
        if path:
            page.goto(live_server.url + path)
            _assert_targets_large_enough(page)
