"""The body of a case's page in Python: the bytes the ``body`` partial of
knowledge/case_detail.html renders (with knowledge/_lead_image.html and
knowledge/_provenance.html), without the template engine (about a twentieth of a cold case
page). tests/knowledge/test_case_body_html.py keeps the two equal: change both together."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from translocal.core.template_values import shown
from translocal.core.templatetags.translocal import link

from ..cards import case_cards_html


def lead_image_html(image: Any) -> str:
    """``{% include "knowledge/_lead_image.html" with image=image %}``."""
    if not image:
        return "\n"
    return (
        f'<figure class="lead-image"><img src="{shown(image.url)}" alt="{shown(image.alt_text)}" '
        f'width="{shown(image.width)}" height="{shown(image.height)}" decoding="async"></figure>\n'
    )


def provenance_html(entry: Any) -> str:
    """``{% include "knowledge/_provenance.html" with entry=entry %}``."""
    if not (entry.source_name or entry.licence or entry.attribution):
        return "\n"
    if entry.attribution:
        credit = shown(entry.attribution)
    elif entry.source_name:
        credit = gettext("Imported from %(source)s.") % {"source": shown(entry.source_name)}
    else:
        credit = gettext("Imported from another source.")
    source = ""
    if entry.source_name:
        if entry.source_url:
            entry_id = ""
            if entry.source_id:
                entry_id = f" ({gettext('entry %(id)s') % {'id': shown(entry.source_id)}})"
            url, name = shown(entry.source_url), shown(entry.source_name)
            named = f'<a href="{url}" rel="noopener noreferrer">{name}{entry_id}</a>'
        else:
            named = shown(entry.source_name)
        source = f'<div class="summary-list__row"><dt>{gettext("Source")}</dt><dd>{named}</dd></div>'
    licence = ""
    if entry.licence:
        licence = f'<div class="summary-list__row"><dt>{gettext("Licence")}</dt><dd>{shown(entry.licence)}</dd></div>'
    return (
        '\n<aside class="notice provenance" aria-labelledby="provenance-title">\n'
        f'  <h2 id="provenance-title">{gettext("Source and licence")}</h2>\n'
        f"  <p>{credit}</p>\n"
        f'  <dl class="summary-list">\n    {source}\n    {licence}\n  </dl>\n</aside>\n\n'
    )


def case_body_html(context: dict[str, Any]) -> SafeString:
    """What ``render_to_string("knowledge/case_detail.html#body", context)`` writes."""
    case, reading = context["case"], context["reading"]
    if reading.body_html:
        text = f'<div class="prose" lang="{shown(reading.language)}">{reading.body_html}</div>'
    else:
        text = f'<p class="empty">{gettext("No description has been written for this case yet.")}</p>'
    related_cases = context["related_cases"]
    if related_cases:
        related = (
            '\n        \n        <ul class="card-list card-list--compact">\n          '
            f"{case_cards_html(related_cases, level=3)}\n        </ul>\n        "
        )
    else:
        related = f'\n        <p class="empty">{gettext("No related cases yet.")}</p>'
    if case.published_reflections:
        items = "".join(
            f'<li><a href="{shown(r.get_absolute_url())}" lang="{shown(r.display_language)}">'
            f"{shown(r.display_title)}</a></li>"
            for r in case.published_reflections
        )
        reflections = f'\n        \n        <ul class="link-list">{items}</ul>\n        '
    else:
        write = gettext('No reflections about this case yet. <a href="%(write_url)s">Write one</a>.') % {
            "write_url": shown(link("knowledge:reflection-create"))
        }
        reflections = f'\n        <p class="empty">{write}</p>'
    return mark_safe(  # noqa: S308 - built from escaped pieces
        '\n  <div class="layout-sidebar">\n    <div class="layout-main">\n      '
        f"{context['key_facts_html']}\n      {lead_image_html(case.lead_image)}\n      {text}\n      "
        f"{context['facts_html']}\n    </div>\n    <div class=\"layout-aside\">\n      "
        f"{provenance_html(case)}\n      {context['sections']['aside']}\n      "
        '<section aria-labelledby="related-title">\n        '
        f'<h2 id="related-title">{gettext("Related cases")}</h2>{related}\n      </section>\n      '
        '<section aria-labelledby="reflections-title">\n        '
        f'<h2 id="reflections-title">{gettext("Reflections about this case")}</h2>{reflections}\n'
        "      </section>\n    </div>\n  </div>\n"
    )
