"""The local report as a stand-alone document: an HTML file to download (and paste into a
voluntary local review) and, with the optional ``pdf`` extra (WeasyPrint, which needs Pango on
the server), a PDF of the same document. Without it the HTML download is what is offered."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

#: The print style (a file, not an inline style: the Content-Security-Policy forbids those;
#: the downloaded HTML document carries it in a <style> element, as it is read offline).
REPORT_CSS = Path(__file__).resolve().parent / "static" / "sdg" / "report.css"


def _weasyprint() -> Any:
    return importlib.import_module("weasyprint")


@cache
def pdf_available() -> bool:
    """Whether WeasyPrint (the optional ``pdf`` extra) and its system libraries can be loaded."""
    try:
        _weasyprint()
    except (ImportError, OSError):
        return False
    return True


def report_document(context: dict[str, Any], *, for_pdf: bool = False) -> str:
    """The whole report as one HTML document (links absolute on SITE_URL)."""
    style = "" if for_pdf else REPORT_CSS.read_text(encoding="utf-8")
    return render_to_string(
        "sdg/report_document.html", {**context, "for_pdf": for_pdf, "style": style, "site_url": settings.SITE_URL}
    )


def report_pdf(context: dict[str, Any]) -> bytes | None:
    """The report as a PDF, or None without WeasyPrint. CPU work: outside any transaction."""
    if not pdf_available():
        return None
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=report_document(context, for_pdf=True), base_url=settings.SITE_URL)
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(REPORT_CSS))])
