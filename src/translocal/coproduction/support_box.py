"""The support box an htmx support or unsupport gets back, built without the template engine.

``coproduction/_support.html`` draws the box on the proposal page; after a support, the htmx
response is only this box, and the hot write path of a busy supports phase rendered the
template for it (0.4 ms of the request's Python, tags, ``{% url %}`` twice, a context with the
context processors). ``support_box_html`` gives the same bytes for a signed-in person
(tests/coproduction/test_support_box.py renders both in every state and language),
with the same message ids, so the catalogues translate both.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from . import permissions
from .models import Process, Proposal

_FORM = (
    '\n    <form method="post" action="{url}" data-hx-post="{url}" data-hx-target="#support-{pk}"'
    ' data-hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">\n'
)


def support_box_html(
    *,
    user: object,
    process: Process,
    proposal: Proposal,
    supported: bool,
    supports_left: int | None,
    support_error: str,
    csrf_token: str,
    may_support: bool | None = None,
) -> SafeString:
    """The box as ``_support.html`` renders it for ``user`` (signed in: the anonymous "Sign in to
    support" line is the template's alone), in the active language. ``csrf_token`` is the masked
    token (``django.middleware.csrf.get_token``); ``supports_left`` None when the process has no
    per-person limit. ``may_support``: ``permissions.can_support`` for them, when the caller
    has just asked it (a support the service accepted); None asks it here."""
    pk = proposal.pk
    count = proposal.support_count
    parts = [
        f'\n<div class="support" id="support-{pk}">\n  <p class="support__count"><strong>',
        # {% blocktranslate %}: the message as translated, its numbers as text (no escaping of
        # the message itself, as the template does not escape it).
        ngettext("%(n)s support", "%(n)s supports", count) % {"n": count},
        "</strong>",
    ]
    if process.support_threshold:
        parts += [" ", gettext("of %(threshold)s needed") % {"threshold": process.support_threshold}]
    if proposal.threshold_reached_at:
        parts += [" ", format_html('<strong class="badge badge--success">{}</strong>', gettext("Threshold reached"))]
    parts.append("</p>\n  ")
    if support_error:
        parts.append(format_html('<p class="field-error" role="alert">{}</p>', support_error))
    parts.append("\n  ")
    if may_support is None:
        may_support = permissions.can_support(user, proposal)  # type: ignore[arg-type]  # a signed-in User
    if may_support:
        name = "coproduction:proposal-unsupport" if supported else "coproduction:proposal-support"
        url = escape(reverse(name, args=(process.slug, pk)))
        parts += ["\n    ", _FORM.format(url=url, pk=pk, csrf=escape(csrf_token))]
        if supported:
            parts += [
                "      <p>", gettext("You support this proposal."), "</p>\n",
                '      <button type="submit" class="button button--secondary">',
                gettext("Take back my support"), "</button>\n",
            ]
        else:
            parts += [
                '      <button type="submit" class="button">', gettext("Support this proposal"), "</button>\n"
            ]
        parts.append("    </form>\n    \n    ")
        if supports_left is not None:
            text = ngettext(
                "You can support %(n)s more proposal in this process.",
                "You can support %(n)s more proposals in this process.",
                supports_left,
            ) % {"n": supports_left}
            parts += ['<p class="meta">', text, "</p>"]
        parts.append("\n  ")
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every variable part escaped above
