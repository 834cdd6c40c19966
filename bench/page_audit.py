"""Screenshots and Lighthouse scores of the pages a contributor and a reader use most.

Usage (a server already running, e.g. ``make run`` on http://127.0.0.1:8000 with the demo)::

    npm ci --prefix bench/lighthouse --no-audit --no-fund     # Lighthouse, pinned, once
    .venv/bin/python bench/page_audit.py [--base-url URL] [--out var/audit] [--no-lighthouse]

For each page below it writes ``<out>/<name>-desktop.png`` (1280 px wide) and
``<out>/<name>-mobile.png`` (375 px), full page, with Debian's Chromium through Playwright, then
runs Lighthouse (the npm package pinned in ``bench/lighthouse``, Chromium from ``CHROME_PATH``,
default ``/usr/bin/chromium``) with its desktop and mobile settings and prints the four category
scores (0-100) per page and form factor; ``<out>/scores.json`` keeps them. Signed-in pages
(the case form) are fetched with the session cookie of the demo login ``amina``.

Performance scores depend on the machine's load (Lighthouse throttles a simulated mobile CPU);
accessibility, best practices and SEO do not. Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
DEMO_USER = ("amina", "translocal-demo")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# (name, path or callable resolving it from the home page, signed in?)
PAGES: list[tuple[str, str, bool]] = [
    ("case-form", "/cases/new/", True),
    ("case-list-filtered", "/cases/?q=budget&country=GB&issue=economics&sort=newest", False),
    ("place-map", "/places/map/", False),
    ("case-page", "@case", False),
    ("reflection-with-image", "@reflection", False),
]


def _entry_links(page, kind: str) -> list[str]:
    """The entry pages linked from a list's results, in order (no feeds, forms or filters)."""
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    pattern = re.compile(rf"^/{kind}/(?!new/|feed)[^/?#]+/$")
    return [href for href in hrefs if pattern.match(href)]


def _resolve(page, base_url: str, path: str) -> str:
    """``@case`` is the first case of the case list; ``@reflection`` the first reflection of the
    list that shows a lead image (else the first reflection)."""
    if not path.startswith("@"):
        return base_url + path
    kind = {"@case": "cases", "@reflection": "reflections"}[path]
    page.goto(f"{base_url}/{kind}/")
    links = _entry_links(page, kind)
    if kind == "reflections":
        illustrated = page.eval_on_selector_all(
            "main li:has(img) a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        links = [href for href in links if href in illustrated] or links
    return base_url + links[0]


def screenshots(base_url: str, out: Path) -> tuple[dict[str, str], str]:
    """Take the screenshots; return the resolved URL of each page and the session cookie."""
    from playwright.sync_api import sync_playwright

    urls: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.goto(base_url + "/accounts/login/")
        page.fill("input[name=username]", DEMO_USER[0])
        page.fill("input[name=password]", DEMO_USER[1])
        page.locator("main form button[type=submit], main form input[type=submit]").last.click()
        page.wait_for_load_state()
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
        anonymous = browser.new_context(locale="en-GB").new_page()
        for name, path, signed_in in PAGES:
            tab = page if signed_in else anonymous
            url = _resolve(tab, base_url, path)
            urls[name] = url
            for label, width, height in (("desktop", 1280, 900), ("mobile", 375, 812)):
                tab.set_viewport_size({"width": width, "height": height})
                tab.goto(url)
                tab.wait_for_load_state("networkidle")
                tab.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True)
        browser.close()
    return urls, cookie


def lighthouse(url: str, form_factor: str, cookie: str | None) -> dict[str, int]:
    """One Lighthouse run; the category scores as integers 0-100."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = dict(os.environ, CHROME_PATH=str(CHROMIUM))
    # The command is ours: the pinned Lighthouse, a loopback URL and fixed flags. A run that
    # fails (Chromium not answering in time on a busy machine) is tried once more, then reported.
    for attempt in (1, 2):
        completed = subprocess.run(command, capture_output=True, env=env, text=True)  # noqa: S603
        if completed.returncode == 0:
            break
        if attempt == 2:
            raise RuntimeError(f"Lighthouse failed on {url} ({form_factor}): {completed.stderr.strip()[-2000:]}")
    report = json.loads(completed.stdout)
    return {key: round((report["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "audit")
    parser.add_argument("--no-lighthouse", action="store_true", help="screenshots only")
    args = parser.parse_args()
    if urlsplit(args.base_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("only a loopback address is audited")
    base_url = args.base_url.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)
    urls, cookie = screenshots(base_url, args.out)
    print(f"screenshots in {args.out}")
    if args.no_lighthouse:
        return 0
    if not LIGHTHOUSE.exists():
        print(f"Lighthouse is not installed: npm ci --prefix {LIGHTHOUSE.parents[2]}", file=sys.stderr)
        return 1
    scores: dict[str, dict[str, dict[str, int]]] = {}
    print(f"{'page':<24} {'form':<8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
    for name, _path, signed_in in PAGES:
        for form_factor in ("desktop", "mobile"):
            result = lighthouse(urls[name], form_factor, cookie if signed_in else None)
            scores.setdefault(name, {})[form_factor] = result
            print(f"{name:<24} {form_factor:<8} " + " ".join(f"{result[c]:>14}" for c in CATEGORIES))
    (args.out / "scores.json").write_text(json.dumps({"urls": urls, "scores": scores}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
