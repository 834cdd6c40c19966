"""A page's <title> is text: no template puts markup in its title block (the programme page
once carried a whole form section there, which browsers showed as raw tags in the tab)."""

import re
from pathlib import Path

import translocal

TITLE_BLOCK = re.compile(r"{% block title %}(.*?){% endblock(?: title)? %}", re.DOTALL)


def test_no_title_block_holds_markup():
    root = Path(translocal.__file__).parent
    offenders = [
        f"{path.relative_to(root)}: {title[:80]!r}"
        for path in sorted(root.rglob("templates/**/*.html"))
        for title in TITLE_BLOCK.findall(path.read_text())
        if "<" in title
    ]
    assert offenders == []
