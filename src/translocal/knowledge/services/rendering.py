"""Bring stored body HTML up to date with the renderer, e.g. after the Markdown renderer
changed: ``translocal render_bodies``. A system operation run by an operator, so it takes no
acting user; it changes no text anyone wrote, only the HTML derived from it."""

from collections.abc import Iterable

from django.db import models, transaction

from translocal.core.caching import content_changed

from ..models import Case, Method, Reflection
from .common import render_source

BATCH = 200


def rerender_bodies(*, models_to_render: Iterable[type[models.Model]] = (Case, Method, Reflection)) -> int:
    """Re-render every entry's body_html from its body; returns how many rows changed.

    Each batch is rendered before its transaction opens (no CPU work under the write lock),
    and a row is only written if its body is still the one rendered, so an edit saved
    meanwhile is never overwritten with HTML of the older text. Neither the version nor
    updated_at changes: what people wrote is the same."""
    changed = 0
    for model in models_to_render:
        last_pk = 0
        while True:
            rows = list(
                model._default_manager.filter(pk__gt=last_pk)
                .order_by("pk")
                .values_list("pk", "body", "body_format", "body_html")[:BATCH]
            )
            if not rows:
                break
            last_pk = rows[-1][0]
            stale = []
            for pk, body, body_format, old_html in rows:
                html = render_source(body or "", body_format)
                if html != old_html:
                    stale.append((pk, body, html))
            with transaction.atomic():
                for pk, body, html in stale:
                    changed += model._default_manager.filter(pk=pk, body=body).update(body_html=html)
    if changed:
        content_changed()
    return changed
