"""The processes section of the home, place and hub pages written in Python: the same bytes as
``coproduction/sections/processes.html`` in the active language, with the same message ids
(tests/coproduction/test_sections_html.py renders both ways in English, Spanish, Catalan and
Swedish, with processes in and out of a phase, with the hub's calendar link and without, and
empty). A tag and a dozen look-ups a process in the template were about half the section's CPU
on a cold home page. Values are escaped as ``{{ }}`` escapes them; translations of literals are
not, as ``{% translate %}`` of a literal does not escape its translation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from translocal.core.template_values import escaped
from translocal.core.templatetags.translocal import link

from .selectors import current_phase


def _card(process: Any) -> str:
    phase = current_phase(process)
    now = gettext("Now: %(phase)s") % {"phase": escaped(phase.name)} if phase else gettext("No phase running")
    return (
        f'\n    <li class="card">\n      <h3 class="card__title"><a href="{escaped(process.get_absolute_url())}" '
        f'lang="{escaped(process.display_language)}">{escaped(process.display_title)}</a></h3>\n'
        f'      <p class="card__meta meta">{now}</p>\n    </li>\n    '
    )


def processes_html(context: Mapping[str, Any]) -> SafeString:
    """``coproduction/sections/processes.html`` for ``context["processes"]`` (each with its
    phases read, as the section selectors give them) and, on a hub page,
    ``context["calendar_hub"]``: the link to its meetings' calendar."""
    processes = context["processes"]
    if not processes:
        return mark_safe("\n")  # noqa: S308 - a constant
    calendar = ""
    if hub := context.get("calendar_hub"):
        url = reverse("coproduction:hub-meeting-calendar", args=[hub.slug])
        label = gettext("Add the meetings of this hub's processes to your calendar (iCalendar)")
        calendar = f'<p><a href="{escaped(url)}">{label}</a></p>'
    return mark_safe(  # noqa: S308 - every value is escaped
        '\n<section aria-labelledby="coproduction-processes-title">\n  <div class="section-header">\n'
        f'    <h2 id="coproduction-processes-title">{gettext("Co-production processes")}</h2>\n'
        f'    <a href="{escaped(link("coproduction:process-list"))}">{gettext("All processes")}</a>\n'
        '  </div>\n  <ul class="card-list card-list--compact">\n    '
        f'{"".join(_card(p) for p in processes)}\n  </ul>\n  {calendar}\n</section>\n\n'
    )
