"""Translations of what a process publishes: the process itself, its proposals, polls and
results (core.translations: each row one language of one original, with who translated it and
from which version and text of the original, possibly outdated after an edit of it). The item
is always the original, in its ``original_language``.

A poll is translated whole: its question, explanation and every option together, so a reader
never votes on a question in one language between options in another (CONSUL cannot translate
polls at all: its issue #2674)."""

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from translocal.core.translations import Translation, text_hash, translation_constraints


class ProcessTranslation(Translation):
    original_field = "process"
    translated_fields = ("title", "summary", "description")

    process = models.ForeignKey("coproduction.Process", on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text="Markdown.")

    class Meta:
        constraints = translation_constraints("process_translation", "process")


class ProposalTranslation(Translation):
    original_field = "proposal"
    translated_fields = ("title", "body")

    proposal = models.ForeignKey("coproduction.Proposal", on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        constraints = translation_constraints("proposal_translation", "proposal")


class PollTranslation(Translation):
    """The question, its explanation and the options' labels (``options``: a list in the
    options' order). The text hash covers the options too, so changing one outdates it."""

    original_field = "poll"
    translated_fields = ("question", "description")

    poll = models.ForeignKey("coproduction.Poll", on_delete=models.CASCADE, related_name="translations")
    question = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("explanation"), blank=True)
    options = models.JSONField(_("options"), default=list, help_text="The options' labels, in their order.")

    class Meta:
        constraints = translation_constraints("poll_translation", "poll")

    @classmethod
    def source_hash_of(cls, original: Any) -> str:
        from ..polls.models import PollOption

        if isinstance(original, Mapping):
            pk, question, description = original["pk"], original.get("question"), original.get("description")
        else:
            pk, question, description = original.pk, original.question, original.description
        labels = PollOption.objects.filter(poll_id=pk).order_by("position").values_list("label", flat=True)
        return text_hash(question, description, *labels)

    def label_of(self, position: int, default: str) -> str:
        """The translated label of the option at ``position`` (from 1), else ``default``."""
        options = self.options if isinstance(self.options, list) else []
        if 1 <= position <= len(options) and options[position - 1]:
            return str(options[position - 1])
        return default


class ResultTranslation(Translation):
    original_field = "result"
    translated_fields = ("title", "description")

    result = models.ForeignKey("coproduction.Result", on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text="Markdown.")

    class Meta:
        constraints = translation_constraints("result_translation", "result")
