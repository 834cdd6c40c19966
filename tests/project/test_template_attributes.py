"""Templates spell htmx attributes as ``data-hx-*``: the bare ``hx-*`` form is not valid HTML and the
Nu HTML Checker reports every one of them (issue 15, Browsing)."""

import re
from pathlib import Path

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "src" / "translocal"
BARE_HX = re.compile(r"(?<![\w-])hx-[a-z][a-z-]*\s*=")


def _templates() -> list[Path]:
    return sorted(path for path in TEMPLATE_ROOT.rglob("*.html") if "static" not in path.parts)


def test_the_pattern_tells_bare_from_data_attributes():
    assert BARE_HX.search('<a href="/" hx-get="/x">')
    assert BARE_HX.search('<form\n  hx-post="/x">')
    assert not BARE_HX.search('<a href="/" data-hx-get="/x">')


def test_no_template_has_a_bare_hx_attribute():
    templates = _templates()
    assert len(templates) > 50
    offenders = [
        f"{path.relative_to(TEMPLATE_ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for path in templates
        for text in [path.read_text(encoding="utf-8")]
        for match in BARE_HX.finditer(text)
    ]
    assert offenders == []
