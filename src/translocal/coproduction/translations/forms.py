"""The form of a translation of a process, proposal, poll or result: its kind's text fields
(a poll's options one field each, every one required) and the machine-translation service.
Input parsing only; the service checks the language, the permission and the lengths again."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, limit_form_fields
from translocal.core.versioning import VersionedFormMixin

from ..models import PollOption
from .services import Kind

#: The text fields that take several lines.
LONG_FIELDS = ("description", "body")


class TranslationForm(VersionedFormMixin, forms.ModelForm):
    """Built for one kind by ``translation_form_class``; given an instance (new, or the stored
    translation) and, for a poll, its options."""

    machine_translator = forms.CharField(
        label=_("Machine translation service"), required=False, max_length=100,
        help_text=_("If a machine translated it, the name of the service (for example DeepL); "
                    "leave it empty if you translated it yourself."),
    )
    kind: Kind

    def __init__(self, *args: Any, options: list[PollOption] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.kind.required:
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Enter the text in this language.")
        limit_form_fields(self, {name: MAX_DESCRIPTION_LENGTH for name in LONG_FIELDS if name in self.fields})
        stored = getattr(self.instance, "options", None) or []
        self.option_names: list[str] = []
        for option in options or []:
            name = f"option_{option.position}"
            self.fields[name] = forms.CharField(
                label=_("Option %(number)s") % {"number": option.position}, max_length=200,
                help_text=_("The original: %(label)s") % {"label": option.label},
                initial=stored[option.position - 1] if option.position <= len(stored) else "",
                error_messages={"required": _("Translate every option: a poll is read in one language.")},
            )
            self.option_names.append(name)
        self.order_fields([*self.kind.fields, *self.option_names, "machine_translator"])

    def option_labels(self) -> list[str] | None:
        """The options' translated labels in their order (None for other kinds than polls)."""
        if not self.option_names:
            return None
        return [self.cleaned_data.get(name, "") for name in self.option_names]


def translation_form_class(kind: Kind) -> type[TranslationForm]:
    from .services import translation_model

    model = translation_model(kind)
    widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in kind.fields if name in LONG_FIELDS}
    meta = type("Meta", (), {"model": model, "fields": [*kind.fields, "machine_translator"], "widgets": widgets})
    return type(f"{model.__name__}Form", (TranslationForm,), {"Meta": meta, "kind": kind})
