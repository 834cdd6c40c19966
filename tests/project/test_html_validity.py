"""The Nu HTML Checker finds no error on any kind of page (issue 15).

The demo network is crawled with the Django test client, as a visitor, as a member of a hub
and as the staff account (so every form and edit page is reached), keeping the first pages of
each URL pattern, plus the error states (forms sent empty, a failed sign-in, the 404 page,
a search without results). Every page is written to a file and the checker (``vnu.jar`` from
the ``vnu-jar`` npm package, installed by ``npm ci``) reads them all in one Java run.

Skipped, with the reason, when Java is missing; a missing jar fails under CI=true (``npm ci``
installs it) and skips elsewhere.
"""

import html
import json
import os
import re
import shutil
import subprocess
from collections import Counter, deque
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve, reverse

from translocal.accounts.models import User
from translocal.demo.loader import DemoLoader

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Pages kept per URL pattern ("knowledge:case-detail"): two show a kind's variants cheaply.
PER_KIND = 2
MAX_PAGES = 260
SKIP = (
    "/admin/", "/static/", "/media/", "/images/", "/i18n/", "/accounts/logout/", "/accounts/profile/language/",
    "/healthz", "/favicon.ico",
)  # fmt: skip

pytestmark = pytest.mark.django_db


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (mandatory when CI=true)")
    pytest.skip(reason)


def _kind(path: str) -> str | None:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    return match.view_name


def _crawl(client, seeds: list[str], label: str) -> dict[str, str]:
    """``{where: html}`` of up to PER_KIND pages of each URL pattern reachable from ``seeds``."""
    pages: dict[str, str] = {}
    kinds: Counter[str] = Counter()
    queue, seen = deque(seeds), set(seeds)
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        kind = _kind(path) or path
        if kinds[kind] >= PER_KIND and path not in seeds:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        kinds[kind] += 1
        body = response.content.decode()
        pages[f"{label} {path}"] = body
        for link in re.findall(r'href="(/[^"#]*)"', body):
            link = html.unescape(link)
            if link.startswith(SKIP) or "cursor=" in link or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return pages


def _error_states(client) -> dict[str, str]:
    """Forms sent empty (their error summaries), a failed sign-in, the 404 page, no results."""
    pages = {}
    for name in ("knowledge:case-create", "knowledge:method-create", "knowledge:reflection-create",
                 "places:organisation-create", "knowledge:series-create", "exchanges:exchange-create"):  # fmt: skip
        response = client.post(reverse(name), {})
        assert response.status_code == 200, name
        pages[f"{name} sent empty"] = response.content.decode()
    pages["profile with errors"] = client.post(reverse("accounts:profile-edit"), {"display_name": ""}).content.decode()
    pages["404"] = client.get("/no-such-page/").content.decode()
    pages["search without results"] = client.get(reverse("search:search"), {"q": "zzzzzz"}).content.decode()
    client.logout()
    failed = client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})
    pages["failed sign-in"] = failed.content.decode()
    pages["signup sent empty"] = client.post(reverse("accounts:signup"), {}).content.decode()
    return pages


def _vnu_errors(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java is not None
    run = subprocess.run(  # noqa: S603 - our own jar and files
        [
            java,
            "-Xss4m",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return [m for m in json.loads(run.stderr or '{"messages": []}')["messages"] if m.get("type") == "error"]


@pytest.fixture
def demo_people(db) -> tuple[User, User]:
    """The demo's staff account and a member of a hub (with exchanges, journeys, processes)."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the Nu HTML Checker (vnu.jar) needs it (apt-get install default-jre)")
    if not VNU.exists():
        _unavailable(f"vnu.jar not found at {VNU}: run `npm ci` in the project root")
    DemoLoader().load()
    staff = User.objects.filter(is_active=True, is_superuser=True).order_by("pk").first()
    member = User.objects.filter(is_active=True, is_staff=False).exclude(hub_memberships=None).order_by("pk").first()
    assert staff is not None and member is not None
    return staff, member


def test_no_page_has_an_html_error(client, demo_people, tmp_path):
    staff, member = demo_people
    seeds = [
        "/",
        reverse("search:search") + "?q=budget",
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password_reset"),
        reverse("exchanges:network"),
    ]
    pages = _crawl(client, seeds, "visitor")
    client.force_login(member)
    pages.update(_crawl(client, ["/", member.get_absolute_url(), reverse("exchanges:my-registrations")], "member"))
    client.force_login(staff)
    signed_in = [
        "/",
        reverse("accounts:profile-edit"),
        reverse("knowledge:case-create"),
        reverse("knowledge:method-create"),
        reverse("knowledge:reflection-create"),
        reverse("knowledge:series-create"),
        reverse("places:organisation-create"),
        reverse("exchanges:exchange-create"),
        reverse("exchanges:my-registrations"),
        reverse("knowledge:authorship-requests"),
        reverse("audit:audit-log"),
    ]
    pages.update(_crawl(client, signed_in, "staff"))
    pages.update(_error_states(client))
    kinds = {_kind(where.split(" ")[-1]) for where in pages}
    assert len(pages) > 120 and len(kinds) > 60, (len(pages), len(kinds))  # every kind of page, not a few

    files: dict[str, str] = {}
    for n, (where, body) in enumerate(sorted(pages.items())):
        path = tmp_path / f"page-{n:03d}.html"
        path.write_text(body, encoding="utf-8")
        files[path.name] = where
    errors = _vnu_errors([tmp_path / name for name in files])

    by_message: dict[str, list[str]] = {}
    for e in errors:
        where = files.get(e.get("url", "").rsplit("/", 1)[-1], e.get("url", ""))
        extract = " ".join(e.get("extract", "").split())[:100]
        by_message.setdefault(e.get("message", ""), []).append(f"{where} line {e.get('lastLine')}: {extract}")
    report = [f"{len(seen)} x {message}\n    " + "\n    ".join(seen[:3]) for message, seen in by_message.items()]
    assert not errors, f"{len(errors)} HTML errors on {len(pages)} pages:\n" + "\n".join(report)
