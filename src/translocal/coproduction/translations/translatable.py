"""What a co-production item shows in the reader's language outside its own page: lists,
cards and breadcrumbs read ``display_title`` and friends, which take the item's translation
into the reader's language when the selector that read it joined one (``reader_translation``,
on the item's own query) or annotated its values (``translated_<field>``, in lists), else the
original. The item's own page reads a ``core.translations.Reading`` instead (``?lang=orig``)."""

from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language

from translocal.core.translations import READER_TRANSLATION, with_reader_translation, with_translated_values


def reader_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).lower()


def joined_in_reader_language(queryset: QuerySet) -> QuerySet:
    """``queryset`` (of one translatable model) with each item's translation into the reader's
    language joined to its own query as ``reader_translation`` (no query more)."""
    return with_reader_translation(queryset, reader_language())


def listed_in_reader_language(queryset: QuerySet, fields: Iterable[str]) -> QuerySet:
    """A list's ``queryset`` with ``translated_<field>`` for each of ``fields`` of each item's
    translation into the reader's language (correlated subqueries: no query more)."""
    return with_translated_values(queryset, fields, reader_language())


class Translatable:
    """Mixin of the translatable co-production models (processes, proposals, polls, results)."""

    #: The field a card shows as its title, and the one it shows as its text ("" for none).
    title_field: ClassVar[str] = "title"
    text_field: ClassVar[str] = ""

    original_language: str

    def _shown_translation(self) -> Any:
        translation = getattr(self, READER_TRANSLATION, None)
        if translation is not None and translation.language != self.original_language:
            return translation
        return None

    def _shown(self, name: str) -> tuple[bool, Any]:
        listed = getattr(self, f"translated_{self.title_field}", None)
        if listed:
            return True, getattr(self, f"translated_{name}", None) or ""
        translation = self._shown_translation()
        if translation is not None:
            return True, getattr(translation, name, "") or ""
        return False, getattr(self, name)

    @property
    def display_title(self) -> str:
        return str(self._shown(self.title_field)[1])

    @property
    def display_text(self) -> str:
        return str(self._shown(self.text_field)[1]) if self.text_field else ""

    @property
    def display_language(self) -> str:
        if getattr(self, f"translated_{self.title_field}", None):
            return str(getattr(self, "reader_language", "") or self.original_language)
        translation = self._shown_translation()
        return translation.language if translation is not None else self.original_language
