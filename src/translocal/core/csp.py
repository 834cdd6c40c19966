"""django-csp's middleware with the site's policy built once per process.

``csp.middleware.CSPMiddleware`` builds the Content-Security-Policy header again for every
response (two builds: the policy and the report-only one, each through ``dataclasses.asdict``
and the directive joins): about 40 microseconds, a twentieth of a page served whole from the page
cache (core.page_cache). The header depends only on the settings unless a response or request
brings something of its own (a view's ``@csp_update``/``@csp_replace``/``@csp`` override or
exemption, a nonce a template asked for). Without any of those this middleware sets the header
built once from the settings (again when the settings objects are replaced, as tests do); with
any, or with URL prefixes excluded, it leaves the response to django-csp's own code.
"""

from __future__ import annotations

from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

#: What a view's decorators set on its response (django-csp 4): any of them, and the policy is
#: the view's own.
_OWN_POLICY_ATTRIBUTES = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)

_built: dict[tuple[int, int], tuple[str, str]] = {}


def _settings_policies() -> tuple[str, str] | None:
    """The policy and report-only headers of the settings alone, built once per settings
    objects; None when a policy excludes URL prefixes (left to django-csp)."""
    policy: Any = getattr(settings, "CONTENT_SECURITY_POLICY", None)
    report_only: Any = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    key = (id(policy), id(report_only))
    found = _built.get(key)
    if found is None:
        if any(isinstance(p, dict) and p.get("EXCLUDE_URL_PREFIXES") for p in (policy, report_only)):
            return None
        found = (build_policy(), build_policy(report_only=True))
        _built.clear()  # one entry: the settings in use
        _built[key] = found
    return found


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _OWN_POLICY_ATTRIBUTES)
        ):
            return super().process_response(request, response)
        headers = _settings_policies()
        if headers is None:
            return super().process_response(request, response)
        policy, report_only = headers
        if policy and HEADER not in response:
            response[HEADER] = policy
        if report_only and HEADER_REPORT_ONLY not in response:
            response[HEADER_REPORT_ONLY] = report_only
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
