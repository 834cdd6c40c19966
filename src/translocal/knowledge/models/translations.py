"""Translations of an entry's title, summary and body into other languages.

Each translation says who made it (a person, or a named machine-translation service) and from
which version of the original: the entry's ``version`` and a hash of its title, summary and
body at that moment. An edit of the original that changes that text marks its translations as
possibly outdated (``is_outdated``), so a reader is told; the original itself is the entry.
Participedia lost track of which text was the original (its issue #888): here the entry is
always the original, in ``original_language``, and a translation never replaces it.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from translocal.core.versioning import version_field


def text_hash(title: str, summary: str, body: str) -> str:
    """SHA-256 (hex, 64 characters) of the text a translation renders: title, summary, body."""
    payload = json.dumps([title or "", summary or "", body or ""], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class EntryTranslation(models.Model):
    """One language of one entry. Concrete models add ``entry`` (the original)."""

    language = models.CharField(_("language"), max_length=12)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    body = models.TextField(_("body"), blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False, help_text="Sanitised rendering of body.")
    # Who translated: a person, or (when machine_translator is set) a named service, with the
    # person who asked for it in ``translator``. A deleted account leaves it empty.
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("translator"),
    )
    machine_translator = models.CharField(
        _("machine translation service"), max_length=100, blank=True,
        help_text="Name of the service that translated it (empty: a person did).",
    )
    source_version = models.PositiveIntegerField(help_text="The original's version when it was translated.")
    source_hash = models.CharField(max_length=64, help_text="text_hash of the original when it was translated.")
    is_outdated = models.BooleanField(default=False, help_text="The original's text changed since.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    @property
    def is_machine(self) -> bool:
        return bool(self.machine_translator)


def _constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(fields=["entry", "language"], name=f"{prefix}_one_per_language"),
        models.CheckConstraint(condition=~models.Q(language=""), name=f"{prefix}_has_language"),
    ]


class CaseTranslation(EntryTranslation):
    entry = models.ForeignKey("knowledge.Case", on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = _constraints("case_translation")


class MethodTranslation(EntryTranslation):
    entry = models.ForeignKey("knowledge.Method", on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = _constraints("method_translation")


class ReflectionTranslation(EntryTranslation):
    entry = models.ForeignKey("knowledge.Reflection", on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = _constraints("reflection_translation")
