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


def test_targets_are_at_least_24_px_or_spaced(live_server, image_pages, browser_page):  # noqa: F811
    page = browser_page
    paths = [
        "/",
        reverse("knowledge:case-list") + "?sort=title",
        reverse("search:search") + "?q=budget",
        image_pages["case"],
    ]
    for path in paths:
        page.goto(live_server.url + path)
        _assert_targets_large_enough(page)
    _sign_in(page, live_server.url, "amina")
    for path in [image_pages["images"], image_pages["partners"], image_pages["case"].rstrip("/") + "/edit/"]:
        if path:
            page.goto(live_server.url + path)
            _assert_targets_large_enough(page)
