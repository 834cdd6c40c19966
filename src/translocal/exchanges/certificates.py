"""Check-in passes (a QR code and a short typed code) and certificates of attendance.

The QR code is an SVG made with ``segno`` (pure Python) that opens the host's check-in page with
the code filled in, so a host scans it with their phone's camera. A certificate exists only for a
delegate who was checked in; it is an HTML page at an unguessable address (the registration's
``certificate_id``) that anyone holding the link can open to verify it, and a PDF of the same page
when WeasyPrint is installed (the optional ``pdf`` extra: it needs Pango on the server). Without
it the HTML certificate, printable from the browser, is what is offered."""

import importlib
from functools import cache
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Registration

#: The print style of the certificate (a file, not an inline style: the CSP forbids those).
CERTIFICATE_CSS = Path(__file__).resolve().parent / "static" / "exchanges" / "certificate.css"


def check_in_url(registration: Registration) -> str:
    """The host's check-in page with this delegate's code filled in (absolute, on SITE_URL)."""
    path = reverse("exchanges:check-in", kwargs={"slug": registration.exchange.slug})
    return f"{settings.SITE_URL}{path}?code={registration.check_in_code}"


def qr_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` as a data: URI (allowed by the Content-Security-Policy's img-src)."""
    return segno.make(text, error="m").svg_data_uri(scale=6, dark="#0b0c0c", light="#ffffff", border=2)


def verification_url(registration: Registration) -> str:
    path = reverse("exchanges:certificate", kwargs={"certificate_id": registration.certificate_id})
    return f"{settings.SITE_URL}{path}"


def _weasyprint() -> Any:
    """The weasyprint module, imported on first use (heavy, optional, untyped)."""
    return importlib.import_module("weasyprint")


@cache
def pdf_available() -> bool:
    """Whether WeasyPrint (the optional ``pdf`` extra) and its system libraries can be loaded."""
    try:
        _weasyprint()
    except (ImportError, OSError):
        return False
    return True


def certificate_html(registration: Registration, *, for_pdf: bool = False) -> str:
    context = {
        "registration": registration,
        "exchange": registration.exchange,
        "verification_url": verification_url(registration),
        "for_pdf": for_pdf,
    }
    return render_to_string("exchanges/certificate_document.html", context)


def certificate_pdf(registration: Registration) -> bytes | None:
    """The certificate as a PDF, or None when WeasyPrint is not installed. CPU work: never call
    it inside a write transaction."""
    if not pdf_available():
        return None
    return render_certificate(registration).write_pdf()


def render_certificate(registration: Registration) -> Any:
    """The certificate laid out by WeasyPrint (a ``weasyprint.Document``); needs the pdf extra."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=certificate_html(registration, for_pdf=True), base_url=settings.SITE_URL)
    return document.render(stylesheets=[weasyprint.CSS(filename=str(CERTIFICATE_CSS))])


#: The print style of the impact report for funders.
IMPACT_REPORT_CSS = Path(__file__).resolve().parent / "static" / "exchanges" / "impact-report.css"


def html_to_pdf(html: str, *, stylesheet: Path) -> bytes | None:
    """Any of our print documents as a PDF (None without the pdf extra). CPU work: never call
    it inside a write transaction."""
    if not pdf_available():
        return None
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=settings.SITE_URL)
    return document.render(stylesheets=[weasyprint.CSS(filename=str(stylesheet))]).write_pdf()
