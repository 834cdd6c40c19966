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


# --- The policy built once (translocal.core.csp) ----------------------------------------------


def _csp_response(view_response=None, *, use_nonce: bool = False):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from translocal.core.csp import CSPMiddleware

    def view(request):
        response = view_response if view_response is not None else HttpResponse("ok")
        if use_nonce:
            response.content = f"<script nonce='{request.csp_nonce}'>".encode()
        return response

    request = RequestFactory().get("/")
    middleware = CSPMiddleware(view)
    return middleware(request)


def test_the_policy_built_once_is_django_csps_own():
    from csp.utils import build_policy

    first, second = _csp_response(), _csp_response()
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"] == build_policy()


def test_a_changed_policy_setting_is_built_again(settings):
    before = _csp_response()["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https://tiles.example"]}}
    after = _directives(_csp_response()["Content-Security-Policy"])
    assert after["img-src"] == "https://tiles.example" and "object-src" not in after
    assert _directives(before)["object-src"] == "'none'"


def test_a_views_own_policy_still_reaches_the_header():
    from django.http import HttpResponse

    response = HttpResponse("ok")
    response._csp_update = {"img-src": ["https://tiles.example"]}
    assert "https://tiles.example" in _directives(_csp_response(response)["Content-Security-Policy"])["img-src"]
    assert "https://tiles.example" not in _csp_response()["Content-Security-Policy"]


def test_a_nonce_a_page_used_still_reaches_the_header(settings):
    from csp.constants import NONCE, SELF

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    with_nonce = _csp_response(use_nonce=True)
    nonce = re.search(r"nonce='([^']+)'", with_nonce.content.decode()).group(1)
    assert _directives(with_nonce["Content-Security-Policy"])["script-src"] == f"'self' 'nonce-{nonce}'"
    assert "nonce-" not in _csp_response()["Content-Security-Policy"]  # a page that used none
