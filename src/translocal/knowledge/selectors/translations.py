"""Reading an entry in the reader's language, with core's translation machinery
(``translocal.core.translations``): the translation chosen for a page is joined to the entry's
own row, so a page costs the same queries in every language, with or without a translation."""

from typing import Any

from django.db.models import QuerySet

from translocal.core.translations import (
    ORIGINAL,
    READER_TRANSLATION,
    Reading,
    wanted_language,
    with_reader_translation,
    with_translated_values,
)
from translocal.core.translations import reading_of as core_reading_of

__all__ = [
    "ORIGINAL", "READER_TRANSLATION", "Reading", "reading_of", "wanted_language", "with_translated_titles",
    "with_translation",
]

#: What a reader is shown of an entry, original or translated.
READING_FIELDS = ("title", "summary", "body_html")


def with_translation(queryset: QuerySet, language: str) -> QuerySet:
    """``queryset`` (of one entry type) with each entry's translation into ``language``, if
    any, joined as ``reader_translation`` (and its translator): no query more."""
    return with_reader_translation(queryset, language)


def with_translated_titles(queryset: QuerySet, language: str | None = None) -> QuerySet:
    """``queryset`` (of one entry type) with the title and summary of each entry's translation
    into ``language`` (default: the active one), for cards and lists: ``translated_title``,
    ``translated_summary`` and ``reader_language``, which ``Entry.display_title`` and friends
    read. No query more, and not the translations' bodies."""
    return with_translated_values(queryset, ("title", "summary"), language)


def reading_of(entry: Any, *, original_asked: bool = False, body_html: str | None = None) -> Reading:
    """What to show of ``entry`` (read through with_translation): its translation into the
    reader's language when there is one and the original was not asked for, else the
    original. ``body_html``: the original's rendered body (the header queryset defers it)."""
    return core_reading_of(
        entry, READING_FIELDS, original_asked=original_asked, overrides={"body_html": body_html or ""}
    )
