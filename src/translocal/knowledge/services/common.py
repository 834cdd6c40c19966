"""Helpers shared by the knowledge services: body rendering, publishing, indexing. Slugs come
from core.slugs, the one slug helper of the project."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils import timezone

from translocal.core.caching import content_changed
from translocal.core.markup import render_markdown, sanitize_html
from translocal.search import services as search_services

from ..models import BodyFormat, Status


def render_body(entry: Any) -> None:
    """Fill body_html from body: Markdown is rendered, imported HTML is re-sanitised."""
    if entry.body_format == BodyFormat.HTML:
        entry.body_html = sanitize_html(entry.body)
    else:
        entry.body_html = render_markdown(entry.body)


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
    search_services.index_instance(entry)
    content_changed()
