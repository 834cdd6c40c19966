"""Helpers shared by the knowledge services: body rendering, publishing, indexing. Slugs come
from core.slugs, the one slug helper of the project."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from translocal.core.budgets import BudgetExceeded, spend_rendering
from translocal.core.markup import render_markdown, sanitize_html
from translocal.core.text_limits import MAX_BODY_LENGTH, MAX_SUMMARY_LENGTH, check_text_lengths
from translocal.search import services as search_services

from ..models import BodyFormat, Status

#: Length limits of the text fields every entry shares (characters); the title is bounded by its column.
ENTRY_TEXT_LIMITS: dict[str, int] = {
    "summary": MAX_SUMMARY_LENGTH,
    "body": MAX_BODY_LENGTH,
}


@dataclass(frozen=True)
class RenderedBody:
    """A body rendered before the write transaction opened: its source, format and HTML."""

    source: str
    body_format: str
    html: str


def render_source(source: str, body_format: str) -> str:
    """Body HTML from its source: Markdown rendered, or HTML re-sanitised."""
    return sanitize_html(source) if body_format == BodyFormat.HTML else render_markdown(source)


def preview_body(*, acting_user: Any, source: str) -> str:
    """The HTML a Markdown body would have on its page (the same renderer and sanitiser),
    for the form's preview. Charged to the rendering budget like a save; raises
    ValidationError({"body": ...}) past the length limit or the budget."""
    rendered = render_body_ahead({"body": source or ""}, acting_user=acting_user)
    return rendered.html if rendered is not None else ""


def render_body_ahead(
    data: Mapping[str, Any], *, entry: Any = None, acting_user: Any = None
) -> RenderedBody | None:
    """Render ``data["body"]`` now, before the service opens its transaction, so that no CPU
    work holds the database's write lock (SQLite has one for the whole file). None when the
    data does not change the body. Raises ValidationError({"body": ...}) past the length limit,
    and BudgetExceeded (code "rate_limited") on ``body`` when `acting_user` has used up their
    rendering budget (core.budgets), both before any rendering."""
    if "body" not in data:
        return None
    source = data["body"] or ""
    check_text_lengths(SimpleNamespace(body=source), {"body": ENTRY_TEXT_LIMITS["body"]})
    if entry is not None and source == entry.body and entry.body_html:
        # Unchanged: the stored HTML stands, nothing to render or to charge.
        return RenderedBody(source=source, body_format=entry.body_format, html=entry.body_html)
    if acting_user is not None:
        try:
            spend_rendering(acting_user, len(source))
        except BudgetExceeded as refused:
            raise ValidationError({"body": refused}) from refused
    body_format = entry.body_format if entry is not None else BodyFormat.MARKDOWN
    return RenderedBody(source=source, body_format=body_format, html=render_source(source, body_format))


def render_body(entry: Any, rendered: RenderedBody | None = None) -> None:
    """Fill body_html from body: Markdown is rendered, imported HTML is re-sanitised. A body
    rendered ahead (``render_body_ahead``) is used as it is when it matches."""
    if rendered is not None and rendered.source == entry.body and rendered.body_format == entry.body_format:
        entry.body_html = rendered.html
    else:
        entry.body_html = render_source(entry.body or "", entry.body_format)


def apply_fields(
    instance: models.Model, data: Mapping[str, Any], *, fields: Iterable[str], many: Iterable[str]
) -> dict[str, Any]:
    """Copy the allowed scalar fields onto `instance`; return the many-to-many values to set
    once it has a primary key. Keys not in `data` are left alone (partial updates)."""
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    return {name: data[name] for name in many if name in data}


def set_many(instance: models.Model, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        getattr(instance, name).set(value or [])


def mark_published(entry: Any) -> None:
    entry.status = Status.PUBLISHED
    if entry.published_at is None:
        entry.published_at = timezone.now()


def reindex(entry: models.Model) -> None:
    """Keep search and cached pages in step: the search service drops the object if it is
    not public; the content version invalidates cached fragments."""
    search_services.sync_after_commit(entry)
    sync_translations_after_commit(entry)


def sync_translations_after_commit(entry: models.Model) -> None:
    """Search follows an entry's translations too (they are public when the entry is): one
    query for their keys, each synced after the commit (removed when the entry is deleted)."""
    translations = getattr(entry, "translations", None)
    if translations is None or entry.pk is None:
        return
    model = translations.model
    for pk in translations.values_list("pk", flat=True):
        search_services.sync_after_commit(model(pk=pk))
