"""What ``{{ value }}`` writes, for code that builds HTML in Python on hot paths (a case's card,
a facet's checkboxes) and must give the template's bytes: the same escaping and number format
as Django's ``render_value_in_context`` with autoescape on, without its per-call overhead
(``conditional_escape`` wraps ``escape`` in a lazy-string check; ``localize`` looks up three
formats for every integer)."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import localize


def escaped(value: Any) -> str:
    """``{{ value }}`` of a text (or of an object with ``__html__``, kept as it is): Django's
    ``conditional_escape``, which is ``html.escape`` of its text."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def integer_text(number: int) -> str:
    """``{{ number }}`` of an integer: ``localize``, which writes an int's digits alone unless
    thousands are grouped (``USE_THOUSAND_SEPARATOR``)."""
    if type(number) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(number)
    return escaped(localize(number))


def slug_url(name: str, slug: str) -> str:
    """``reverse(name, kwargs={"slug": slug})``, what ``get_absolute_url`` of an object addressed
    by its slug returns, kept per name, slug, script prefix and URLconf (``reverse`` was the
    largest part of a card built in Python)."""
    return _slug_url(name, slug, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=8192)
def _slug_url(name: str, slug: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, kwargs={"slug": slug}, urlconf=urlconf)
