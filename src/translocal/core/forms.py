"""What every form of the site shares: GOV.UK-style error messages and select placeholders.

Mix ``GovukFormMixin`` into a form (first among the bases) and:

- an empty required field says what to do, naming the field ("Enter a title", "Choose a hub",
  "Choose at least one method") instead of Django's "This field is required."; a form can give
  its own in ``required_messages``, the common field names have theirs below, and any other field
  gets one made from its label;
- no select shows Django's ``---------``: an optional one offers "Not chosen", a required one
  "Choose one".

A test (tests/core/test_forms.py) checks that every form of the site's apps has the mixin.
"""

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DJANGO_PLACEHOLDER = "---------"

#: Messages for fields that many forms share, by field name.
COMMON_REQUIRED: dict[str, str | Promise] = {
    "title": _("Enter a title"),
    "name": _("Enter a name"),
    "summary": _("Enter a summary"),
    "body": _("Enter the text"),
    "text": _("Enter the text"),
    "description": _("Enter a description"),
    "email": _("Enter an email address"),
    "username": _("Enter a username"),
    "password": _("Enter your password"),
    "reason": _("Enter a reason"),
    "place": _("Choose a place"),
    "hub": _("Choose a hub"),
    "methods": _("Choose at least one method"),
    "organisations": _("Choose at least one organisation"),
    "start_date": _("Enter a start date"),
    "end_date": _("Enter an end date"),
}

_MULTIPLE = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
_SINGLE_CHOICE = (forms.ChoiceField, forms.ModelChoiceField)


def _label_in_sentence(label: Any) -> str:
    """A label inside a sentence: "Start date" -> "start date", but "SDGs" stays."""
    text = str(label or "").strip().rstrip("?:")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def required_message(name: str, field: forms.Field) -> str:
    """The message for ``field`` (named ``name``) left empty."""
    if name in COMMON_REQUIRED:
        return str(COMMON_REQUIRED[name])
    label = _label_in_sentence(field.label or name.replace("_", " "))
    if isinstance(field, _MULTIPLE):
        return gettext("Choose at least one option for %(field)s") % {"field": label}
    if isinstance(field, forms.BooleanField):
        return gettext("Tick the box to confirm: %(field)s") % {"field": label}
    if isinstance(field, forms.FileField):
        return gettext("Choose a file for %(field)s") % {"field": label}
    if isinstance(field, _SINGLE_CHOICE):
        return gettext("Choose %(field)s") % {"field": label}
    return gettext("Enter %(field)s") % {"field": label}


def replace_placeholder(field: forms.Field) -> None:
    """Swap Django's ``---------`` first option of a select for words."""
    words = gettext("Choose one") if field.required else gettext("Not chosen")
    if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
        if field.empty_label == DJANGO_PLACEHOLDER:
            field.empty_label = words
        return
    if isinstance(field, forms.ChoiceField) and not isinstance(field, _MULTIPLE):
        choices = list(cast(Iterable[Any], field.choices))
        if any(value in ("", None) and label == DJANGO_PLACEHOLDER for value, label in choices):
            field.choices = [
                (value, words if value in ("", None) and label == DJANGO_PLACEHOLDER else label)
                for value, label in choices
            ]


def apply_required_messages(form: forms.BaseForm, own: dict[str, Any] | None = None) -> None:
    default = str(forms.Field.default_error_messages["required"])
    for name, field in form.fields.items():
        if own and name in own:
            field.error_messages["required"] = str(own[name])
        elif str(field.error_messages.get("required", default)) == default:
            field.error_messages["required"] = required_message(name, field)


class GovukFormMixin:
    """See the module's docstring. Works for forms and model forms."""

    #: Field name -> message when it is left empty, for wording the defaults do not fit.
    required_messages: dict[str, str | Promise] = {}

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            replace_placeholder(field)

    def full_clean(self) -> None:
        # Labels are final by now (subclasses set some after __init__ of their bases).
        apply_required_messages(self, self.required_messages)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]
