"""Reading an entry in the reader's language: the translation chosen for a page is joined to
the entry's own row (a FilteredRelation), so a page costs the same queries in every language,
with or without a translation."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import CharField, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.translation import get_language

#: The annotation that carries the reader's translation on an entry read by with_translation.
READER_TRANSLATION = "reader_translation"
#: ``?lang=`` value that asks for the original whatever the interface language.
ORIGINAL = "orig"


@dataclass(frozen=True)
class Reading:
    """What a reader is shown of an entry: the original, or one translation of it.

    ``translation`` is the translation shown (None: the original); ``available`` the reader's
    translation when the original is shown on request (``?lang=orig``), to offer it back."""

    title: str
    summary: str
    body_html: str
    language: str
    translation: Any = None
    available: Any = None
    asked_for: str = ""

    @property
    def cache_key(self) -> str:
        """What the page's cached body depends on beyond the interface language."""
        return f"{self.language}:{'t' if self.translation else 'o'}"


def wanted_language(request_lang: str | None) -> tuple[str, bool]:
    """(language whose translation to read, whether the original was asked for) from the
    ``lang`` query parameter: "orig", an interface language, or nothing (the active one)."""
    codes = {code for code, _name in settings.LANGUAGES}
    value = (request_lang or "").strip().lower()
    active = (get_language() or settings.LANGUAGE_CODE).lower()
    if value == ORIGINAL:
        return active, True
    return (value if value in codes else active), False


def with_translation(queryset: QuerySet, language: str) -> QuerySet:
    """``queryset`` (of one entry type) with each entry's translation into ``language``, if
    any, joined as ``reader_translation`` (and its translator): no query more. A queryset
    limited with ``only()`` keeps its fields and gains the translation's row whole (Django
    refuses ``only()`` through a FilteredRelation)."""
    relation = FilteredRelation("translations", condition=Q(translations__language=language))
    joined = queryset.annotate(**{READER_TRANSLATION: relation}).select_related(
        READER_TRANSLATION, f"{READER_TRANSLATION}__translator"
    )
    return joined


def with_translated_titles(queryset: QuerySet, language: str | None = None) -> QuerySet:
    """``queryset`` (of one entry type) with the title and summary of each entry's translation
    into ``language`` (default: the active one), for cards and lists: ``translated_title``,
    ``translated_summary`` and ``reader_language``, which ``Entry.display_title`` and friends
    read. Correlated subqueries on the (entry, language) unique index: no query more, and
    not the translations' bodies."""
    language = (language or get_language() or settings.LANGUAGE_CODE).lower()
    model = queryset.model._meta.get_field("translations").related_model
    matching = model._default_manager.filter(entry=OuterRef("pk"), language=language)
    return queryset.annotate(
        translated_title=Subquery(matching.values("title")[:1]),
        translated_summary=Subquery(matching.values("summary")[:1]),
        reader_language=Value(language, output_field=CharField()),
    )


def reading_of(entry: Any, *, original_asked: bool = False, body_html: str | None = None) -> Reading:
    """What to show of ``entry`` (read through with_translation): its translation into the
    reader's language when there is one and the original was not asked for, else the
    original. ``body_html``: the original's rendered body (the header queryset defers it)."""
    translation = getattr(entry, READER_TRANSLATION, None)
    if translation is not None and translation.language == entry.original_language:
        translation = None
    if translation is None or original_asked:
        return Reading(
            title=entry.title, summary=entry.summary, body_html=body_html or "",
            language=entry.original_language, available=translation,
        )
    return Reading(
        title=translation.title, summary=translation.summary, body_html=translation.body_html,
        language=translation.language, translation=translation,
    )
