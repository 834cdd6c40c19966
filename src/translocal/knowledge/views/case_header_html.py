"""The header of a case's page in Python: the bytes the ``header`` partial of
knowledge/case_detail.html renders (breadcrumbs, title and status, lede, place and date, the
completeness note, then knowledge/_actions.html, knowledge/_takedown.html and
core/_translation_notice.html), without the template engine for what every reader gets (about a
tenth of a cold case page's CPU on the bench data). The actions of a reader who may edit, publish
or take down, a takedown's notice and a translation's notice are rarer and still rendered from
their templates. tests/knowledge/test_case_header_html.py keeps the two equal: change both
together."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from translocal.core.links import url_for
from translocal.core.template_values import shown
from translocal.core.templatetags.translocal import link

from .. import permissions
from ..models import Status


def status_html(entry: Any) -> str:
    """``{% include "knowledge/_status.html" with entry=entry %}``."""
    if entry.status == Status.DRAFT:
        return f'<strong class="badge badge--draft">{gettext("Draft")}</strong>\n'
    if entry.status == Status.UNPUBLISHED:
        return f'<strong class="badge badge--warning">{gettext("Unpublished by a moderator")}</strong>\n'
    return "\n"


def completeness_note_html(grade: str) -> str:
    """``{% include "knowledge/_completeness_note.html" %}`` for a case of this grade (its
    ``get_completeness_display()``)."""
    note = gettext(
        "“%(grade)s” tells how fully the case is described, not how the initiative went: a "
        "<strong>stub</strong> has no text or fewer than 4 of the structured facts (where, when, who took "
        "part, methods, outcomes ...), a <strong>complete</strong> case has a text and at least 10 of them, "
        "<strong>partial</strong> is in between."
    ) % {"grade": shown(grade)}
    return f'<p class="hint completeness-note">{note}</p>\n'


def case_header_html(request: HttpRequest, context: dict[str, Any]) -> SafeString:
    """What ``render_to_string("knowledge/case_detail.html#header", context, request)`` writes,
    for the page's context (``case``, ``reading`` and, for an entry taken down, ``takedown``
    and ``show_moderator``) and ``request.user``."""
    case, reading = context["case"], context["reading"]
    user = request.user
    can_edit = permissions.can_edit(user, case)
    language, title = shown(reading.language), shown(reading.title)
    lede = f'<p class="lede" lang="{language}">{shown(reading.summary)}</p>' if reading.summary else ""
    if case.place:
        where = gettext('Case in <a href="%(place_url)s">%(place_name)s</a>') % {
            "place_url": shown(case.place.get_absolute_url()),
            "place_name": shown(case.place.name),
        }
    else:
        where = gettext("Case")
    date = case.listed_date
    when = f" · {date.html}" if date else ""
    grade = case.get_completeness_display()
    hint = ""
    if case.completeness != "complete":
        add = ""
        if can_edit:
            edit_url = shown(url_for("knowledge:case-edit", slug=case.slug))
            add = f' <a href="{edit_url}">{gettext("Add what is missing")}</a>'
        hint = f'<p class="hint">{gettext("Its authors can add what is missing by editing the case.")}{add}</p>'
    return mark_safe(  # noqa: S308 - built from escaped pieces
        '<div class="page-header">\n'
        f'    <nav class="breadcrumbs" aria-label="{gettext("Breadcrumb")}"><ol>'
        f'<li><a href="{shown(link("core:home"))}">{gettext("Home")}</a></li>'
        f'<li><a href="{shown(link("knowledge:case-list"))}">{gettext("Cases")}</a></li>'
        f'<li aria-current="page" lang="{language}">{title}</li></ol></nav>\n'
        f'    <h1><span lang="{language}">{title}</span> {status_html(case)}</h1>\n'
        f"    {lede}\n"
        f'    <p class="meta">{where}{when}</p>\n'
        '    <details class="completeness">\n'
        f"      <summary>{gettext('Description: %(grade)s') % {'grade': shown(grade)}}</summary>\n"
        f"      {completeness_note_html(grade)}\n"
        f"      {hint}\n"
        "    </details>\n"
        "  </div>\n"
        f"  {_actions_html(request, case, can_edit)}\n"
        f"  {_takedown_html(request, context)}\n"
        f"  {_translation_notice_html(request, case, reading)}"
    )


def _actions_html(request: HttpRequest, case: Any, can_edit: bool) -> str:
    """``{% include "knowledge/_actions.html" with entry=case kind="case" %}``: nothing for a
    reader who may neither edit, publish nor take down the case, else the template's."""
    user = request.user
    if not (can_edit or permissions.can_publish(user, case) or permissions.can_unpublish(user, case)):
        return "\n"
    return render_to_string("knowledge/_actions.html", {"entry": case, "kind": "case"}, request)


def _takedown_html(request: HttpRequest, context: dict[str, Any]) -> str:
    """``{% include "knowledge/_takedown.html" %}``: nothing without a takedown, else the template's."""
    if not context.get("takedown"):
        return "\n"
    keys = ("takedown", "show_moderator")
    return render_to_string("knowledge/_takedown.html", {k: context[k] for k in keys if k in context}, request)


def _translation_notice_html(request: HttpRequest, case: Any, reading: Any) -> str:
    """``{% include "core/_translation_notice.html" with original_language=... %}``: nothing for
    the original with no translation to offer, else the template's."""
    if not (reading.translation or reading.available):
        return "\n"
    context = {"reading": reading, "original_language": case.original_language}
    return render_to_string("core/_translation_notice.html", context, request)
