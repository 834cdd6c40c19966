"""Translations of an entry's title, summary and body into other languages.

The machinery is core's (``translocal.core.translations``): each translation says who made it
(a person, or a named machine-translation service) and from which version of the original (the
entry's ``version`` and a text_hash of its title, summary and body then); an edit of the
original that changes that text marks its translations as possibly outdated. The entry is
always the original, in ``original_language``, and a translation never replaces it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from translocal.core.translations import Translation, text_hash, translation_constraints

__all__ = ["CaseTranslation", "EntryTranslation", "MethodTranslation", "ReflectionTranslation", "text_hash"]


class EntryTranslation(Translation):
    """One language of one entry. Concrete models add ``entry`` (the original)."""

    original_field = "entry"
    translated_fields = ("title", "summary", "body")

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    body = models.TextField(_("body"), blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False, help_text="Sanitised rendering of body.")

    class Meta:
        abstract = True


class CaseTranslation(EntryTranslation):
    entry = models.ForeignKey("knowledge.Case", on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = translation_constraints("case_translation", "entry")


class MethodTranslation(EntryTranslation):
    entry = models.ForeignKey("knowledge.Method", on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = translation_constraints("method_translation", "entry")


class ReflectionTranslation(EntryTranslation):
    entry = models.ForeignKey("knowledge.Reflection", on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = translation_constraints("reflection_translation", "entry")
