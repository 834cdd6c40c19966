"""A stored page's live figures are found once, when the page cache stores it
(core.page_cache.MarkedFigures): serving it then writes each mark's current text between the
stored bytes, which must give exactly what running the fillers over the page gives, with any
number of fillers, marks of several fillers interleaved, marks kept as rendered, and text that
is not ASCII around them."""

from __future__ import annotations

import re

from translocal.core import page_cache
from translocal.core.page_cache import MarkedFigures

_COLOUR = re.compile(r'<b data-colour="(\w+)">[^<]*</b>')
_SIZE = re.compile(r'<i data-size="(\d+)">[^<]*</i>')


def _locate(pattern: re.Pattern[str], cast):  # noqa: ANN001, ANN202
    return lambda html: [(m.start(), m.end(), cast(m.group(1))) for m in pattern.finditer(html)]


#: Colours now: "grey" has gone (its mark is kept as rendered).
colours = MarkedFigures(
    _locate(_COLOUR, str),
    lambda request, marks: [None if m == "grey" else f'<b data-colour="{m}">{m.upper()} ✓</b>' for m in marks],
)
sizes = MarkedFigures(
    _locate(_SIZE, int), lambda request, marks: [f'<i data-size="{m}">{m * 2} cm</i>' for m in marks]
)

PAGE = (
    "<p>Ñandú: <b data-colour=\"red\">old</b> and <i data-size=\"3\">3 cm</i>, "
    "<b data-colour=\"grey\">grey</b> — <i data-size=\"10\">?</i><b data-colour=\"blue\">b</b></p>"
)


def test_serving_a_stored_layout_is_the_same_as_filling_the_page(monkeypatch):
    monkeypatch.setattr(page_cache, "_REGISTERED_LIVE_PARTS", [colours, sizes])
    content = PAGE.encode()
    expected = sizes(None, colours(None, PAGE)).encode()
    assert expected != content  # the check could fail: the fillers change the page
    assert page_cache.fill_registered_live_parts(None, PAGE).encode() == expected
    layout = page_cache._layout(page_cache.fill_registered_live_parts, content)
    assert layout is not None and len(layout[2]) == 5
    assert page_cache._fill_layout(None, page_cache.fill_registered_live_parts, layout) == expected
    single = page_cache._layout(colours, content)
    assert page_cache._fill_layout(None, colours, single) == colours(None, PAGE).encode()
    assert "GREY" not in expected.decode() and '<b data-colour="grey">grey</b>' in expected.decode()


def test_a_page_without_marks_is_served_as_stored_and_a_plain_filler_scans_each_time(monkeypatch):
    layout = page_cache._layout(colours, b"<p>nothing live</p>")
    assert layout is not None and page_cache._fill_layout(None, colours, layout) == b"<p>nothing live</p>"
    monkeypatch.setattr(page_cache, "_REGISTERED_LIVE_PARTS", [colours, lambda request, html: html])
    assert page_cache._layout(page_cache.fill_registered_live_parts, PAGE.encode()) is None
