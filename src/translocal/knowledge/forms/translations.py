"""The form of a translation of an entry: its title, summary and body in one language."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.text_limits import MAX_BODY_LENGTH, MAX_SUMMARY_LENGTH, limit_form_fields
from translocal.core.versioning import VersionedFormMixin

from ..models import CaseTranslation
from .common import MARKDOWN_HINT


class TranslationForm(VersionedFormMixin, forms.ModelForm):
    """Parses a translation; the service checks the language, the permission and the lengths
    again. Always given an instance (a new one of the entry type's translation model, or the
    stored translation): the three translation models share these fields."""

    text_limits: dict[str, int] = {"summary": MAX_SUMMARY_LENGTH, "body": MAX_BODY_LENGTH}
    machine_translator = forms.CharField(
        label=_("Machine translation service"), required=False, max_length=100,
        help_text=_("If a machine translated it, the name of the service (for example DeepL); "
                    "leave it empty if you translated it yourself."),
    )

    class Meta:
        model = CaseTranslation  # the fields are EntryTranslation's; the instance gives the model
        fields = ["title", "summary", "body", "machine_translator"]
        labels = {"title": _("Title"), "summary": _("Summary"), "body": _("Text")}
        help_texts = {"body": MARKDOWN_HINT}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_form_fields(self, self.text_limits)
