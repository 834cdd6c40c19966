"""What ``{{ value }}`` writes, for code that builds HTML in Python on hot paths (a case's card,
a facet's checkboxes) and must give the template's bytes: the same escaping and number format
as Django's ``render_value_in_context`` with autoescape on, without its per-call overhead
(``conditional_escape`` wraps ``escape`` in a lazy-string check; ``localize`` looks up three
formats for every integer)."""

from __future__ import annotations

import html
from typing import Any

from django.conf import settings
from django.utils.formats import date_format, localize


def escaped(value: Any) -> str:
    """``{{ value }}`` of a text (or of an object with ``__html__``, kept as it is): Django's
    ``conditional_escape``, which is ``html.escape`` of its text."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def shown(value: Any) -> str:
    """``{{ value }}`` of any value: a text as ``escaped``, anything else (a number, a date)
    through ``localize`` first, as ``render_value_in_context`` does."""
    if isinstance(value, str) or hasattr(value, "__html__"):
        return escaped(value)
    return escaped(localize(value))


def short_date(value: Any) -> str:
    """``{{ value|date:"SHORT_DATE_FORMAT" }}``: nothing for ``None`` or ``""``."""
    return "" if value in (None, "") else escaped(date_format(value, "SHORT_DATE_FORMAT"))


def integer_text(number: int) -> str:
    """``{{ number }}`` of an integer: ``localize``, which writes an int's digits alone unless
    thousands are grouped (``USE_THOUSAND_SEPARATOR``)."""
    if type(number) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(number)
    return escaped(localize(number))
