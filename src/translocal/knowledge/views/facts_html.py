"""The case page's key facts and facts in Python: the bytes knowledge/_key_facts.html and
knowledge/_facts.html render (the method page still includes the templates), without the
template engine's loops, ``{% with %}`` and variable lookups (about a fifth of a cold case
page's body). tests/knowledge/test_facts_html.py keeps the two equal: change both together."""

from __future__ import annotations

from collections.abc import Sequence

from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from translocal.core.template_values import shown

from .facts import Fact, FactGroup, Value

_TAG = ' class="tag"'


def _link(value: Value, css: str = "") -> str:
    lang = f' lang="{shown(value.lang)}"' if value.lang else ""
    return f'<a{css} href="{shown(value.url)}"{lang}>{shown(value.text)}</a>'


def _fact_value(values: Sequence[Value]) -> str:
    if len(values) > 1:
        items = "".join(
            f"<li>{_link(v, _TAG)}</li>" if v.url else f'<li><span class="tag">{shown(v.text)}</span></li>'
            for v in values
        )
        return f'<ul class="tag-list">{items}</ul>'
    if not values:
        return ""
    value = values[0]
    return _link(value) if value.url else linebreaksbr(value.text, autoescape=True)


def fact_groups_html(groups: Sequence[FactGroup]) -> SafeString:
    """What ``{% include "knowledge/_facts.html" %}`` writes for ``fact_groups``."""
    out = []
    for number, group in enumerate(groups, 1):
        rows = "".join(
            f'\n    <div class="summary-list__row">\n      <dt>{shown(fact.label)}</dt>\n      '
            f"<dd>{_fact_value(fact.values)}</dd>\n    </div>\n    "
            for fact in group.facts
        )
        out.append(
            f'\n<section class="facts" aria-labelledby="facts-{number}">\n  <h2 id="facts-{number}">'
            f'{shown(group.heading)}</h2>\n  <dl class="summary-list">\n    {rows}\n  </dl>\n</section>\n'
        )
    return mark_safe("".join(out) + "\n")  # noqa: S308 - built from escaped pieces


def _key_value(values: Sequence[Value]) -> str:
    return ", ".join(_link(v) if v.url else shown(v.text) for v in values)


def key_facts_html(facts: Sequence[Fact]) -> SafeString:
    """What ``{% include "knowledge/_key_facts.html" %}`` writes for ``key_facts``."""
    if not facts:
        return mark_safe("\n")  # noqa: S308 - constant
    rows = "".join(
        f'\n    <div class="summary-list__row">\n      <dt>{shown(fact.label)}</dt>\n      '
        f"<dd>{_key_value(fact.values)}</dd>\n    </div>\n    "
        for fact in facts
    )
    return mark_safe(  # noqa: S308 - built from escaped pieces
        '\n<section class="key-facts" aria-labelledby="key-facts-title">\n  <h2 id="key-facts-title">'
        f'{gettext("Key facts")}</h2>\n  <dl class="summary-list">\n    {rows}\n  </dl>\n  '
        f'<p class="key-facts__more"><a href="#facts-1">{gettext("All the facts of this case")}</a></p>\n'
        "</section>\n\n"
    )
