"""Sign-in throttling with django-axes: who the client is, and what a locked-out person sees.

Rules (settings ``AXES_*``, see docs/operations.md): failures are counted per account and per
client address; either reaching ``LOGIN_FAILURE_LIMIT`` refuses further sign-ins, even with the
right password, for ``LOGIN_COOLOFF_MINUTES``. A completed password reset lifts the lock for the
account and for the address it was completed from (``views.PasswordResetConfirmView``).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address: the socket's peer, or, behind ``TRUSTED_PROXY_COUNT`` proxies, the
    address the outermost trusted proxy saw (X-Forwarded-For, counted from the right, because
    anything further left was written by the client and can be forged)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed sign-in attempts for this account or from your network. "
        "Try again in %(minutes)d minute, or reset your password to sign in now.",
        "Too many failed sign-in attempts for this account or from your network. "
        "Try again in %(minutes)d minutes, or reset your password to sign in now.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """Status 429 with the sign-in page and its error summary (our login view has already put
    the lockout message on the form), or a small page of its own for any other login form."""
    if isinstance(original_response, TemplateResponse) and original_response.context_data is not None:
        form = original_response.context_data.get("form")
        if form is not None and getattr(form, "locked_out", False):
            original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
            return original_response
    return render(
        request,
        "accounts/locked_out.html",
        {"message": lockout_message(), "title": _("Sign-in paused")},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
