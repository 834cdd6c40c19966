"""Headers every page carries (issue 9 §6): a strict Content-Security-Policy, private caching
for signed-in people, and HSTS subdomain/preload flags only when the operator opts in."""

import re
import secrets
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.project.test_deployment import _translocal

pytestmark = pytest.mark.django_db

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "src" / "translocal"


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_every_page_has_a_self_only_content_security_policy(client):
    response = client.get(reverse("core:home"))
    directives = _directives(response["Content-Security-Policy"])
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


# Whole documents people download (Content-Disposition: attachment) and open from their disk,
# where no CSP applies: they carry their stylesheet inline so the file stands alone.
DOWNLOADED_DOCUMENTS = {"sdg/templates/sdg/report_document.html"}


def test_no_template_has_inline_script_style_or_event_handler():
    """The CSP forbids them; a new one would silently not run in browsers."""
    offenders = []
    for template in TEMPLATE_ROOT.rglob("templates/**/*.html"):
        if str(template.relative_to(TEMPLATE_ROOT)) in DOWNLOADED_DOCUMENTS:
            continue
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=", r"\son[a-z]+="):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(TEMPLATE_ROOT)}: {pattern}")
    assert offenders == []


def test_htmx_is_told_not_to_inject_its_indicator_styles(client):
    body = client.get(reverse("core:home")).content.decode()
    assert "&quot;includeIndicatorStyles&quot;: false" in body or '"includeIndicatorStyles": false' in body
    assert "/static/django_htmx/htmx-2.min.js" in body


def test_pages_for_signed_in_people_are_private_and_vary_on_cookie(client):
    client.force_login(UserFactory())
    for url in (reverse("core:home"), reverse("knowledge:case-list"), reverse("accounts:profile-edit")):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url


def test_anonymous_pages_are_not_marked_private(client):
    response = client.get(reverse("core:home"))
    assert "private" not in response.get("Cache-Control", "")


def _settings_value(name: str, env: dict[str, str], tmp_path: Path) -> str:
    result = _translocal(
        "shell",
        "-c",
        f"from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))",
        env={
            "DEBUG": "false",
            "HTTPS": "true",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "translocal.example.org",
            "TRANSLOCAL_VAR_DIR": str(tmp_path),
            **env,
        },
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_hsts_covers_subdomains_and_preload_only_when_configured(tmp_path):
    assert _settings_value("SECURE_HSTS_INCLUDE_SUBDOMAINS", {}, tmp_path) == "False"
    assert _settings_value("SECURE_HSTS_PRELOAD", {}, tmp_path) == "False"
    assert _settings_value("SECURE_HSTS_SECONDS", {}, tmp_path) == "31536000"
    opted_in = {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "true", "SECURE_HSTS_PRELOAD": "true"}
    assert _settings_value("SECURE_HSTS_INCLUDE_SUBDOMAINS", opted_in, tmp_path) == "True"
    assert _settings_value("SECURE_HSTS_PRELOAD", opted_in, tmp_path) == "True"
    assert _settings_value("SILENCED_SYSTEM_CHECKS", opted_in, tmp_path) == "[]"


def test_check_deploy_is_clean_with_hsts_preload_opted_in(tmp_path):
    result = _translocal(
        "check", "--deploy", "--fail-level", "WARNING",
        env={
            "DEBUG": "false",
            "HTTPS": "true",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "translocal.example.org",
            "TRANSLOCAL_VAR_DIR": str(tmp_path),
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
            "SECURE_HSTS_PRELOAD": "true",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
