"""Turning what a person typed into safe search terms and safe highlighted HTML.

Only runs of word characters survive as terms, so nothing typed is ever FTS5 or tsquery
syntax (quotes, brackets, stars, column filters, NEAR, AND/OR/NOT in capitals are dropped).
Common English words are dropped too, as PostgreSQL's English configuration does, so both
databases AND the same terms."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .backends.base import MARK_END, MARK_START

MAX_TERMS = 12
MAX_TERM_LENGTH = 60
_WORD = re.compile(r"[^\W_]+")
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
STOPWORDS = frozenset(
    """a an and are as at be but by for from has have in into is it its of on or that the their
    there these this to was were will with""".split()
)


def parse_terms(text: str) -> tuple[str, ...]:
    """Distinct lower-case terms in order; stopwords are dropped unless nothing else is left."""
    words = [w for w in _WORD.findall(text or "") if w not in OPERATORS]
    words = [w.lower()[:MAX_TERM_LENGTH] for w in words]
    content = [w for w in words if w not in STOPWORDS] or words
    return tuple(dict.fromkeys(content))[:MAX_TERMS]


def marked_to_html(text: str) -> SafeString:
    """Escape ``text`` and turn the backend's \\x02/\\x03 markers into <mark> elements."""
    html: list[str] = []
    open_mark = False
    for part in re.split(f"([{MARK_START}{MARK_END}])", text or ""):
        if part == MARK_START:
            if not open_mark:
                html.append("<mark>")
                open_mark = True
        elif part == MARK_END:
            if open_mark:
                html.append("</mark>")
                open_mark = False
        else:
            html.append(escape(part))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 - every text part is escaped above
