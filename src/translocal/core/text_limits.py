"""Length limits for text people type, checked in forms (a clear error beside the field, the
text kept in the form) and again in services (so the API, importers and scripts cannot pass
longer text). The limits bound what one page render or one search document can cost.

Forms get a validator and no ``maxlength`` attribute: a browser silently cuts pasted text at
``maxlength``, and nothing typed may be lost without a word.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .markup import MAX_MARKUP_LENGTH

#: A long Markdown body: a case study, a method guide, a reflection (characters).
MAX_BODY_LENGTH = MAX_MARKUP_LENGTH
#: A description of an organisation, hub, place or series, or a case's impact (characters).
MAX_DESCRIPTION_LENGTH = 10_000
#: A summary shown in lists and search results (characters).
MAX_SUMMARY_LENGTH = 2_000
#: A person's short bio (characters).
MAX_BIO_LENGTH = 1_500


@deconstructible
class TextLengthValidator:
    """Refuse text longer than `limit` characters, saying by how much."""

    code = "too_long"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value: Any) -> None:
        length = len(value or "")
        if length > self.limit:
            raise ValidationError(
                _("This text is too long: %(length)s characters. Shorten it to %(limit)s characters or fewer."),
                code=self.code,
                params={"length": f"{length:,}", "limit": f"{self.limit:,}"},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextLengthValidator) and other.limit == self.limit


def limit_form_fields(form: forms.BaseForm, limits: Mapping[str, int]) -> None:
    """Give each named field of `form` its length limit (fields the form lacks are skipped)."""
    for name, limit in limits.items():
        field = form.fields.get(name)
        if field is None:
            continue
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators.append(TextLengthValidator(limit))
        if isinstance(field, forms.CharField):
            field.max_length = None
        field.widget.attrs.pop("maxlength", None)


def check_text_lengths(obj: Any, limits: Mapping[str, int]) -> None:
    """Raise ValidationError({field: message}) for every attribute of `obj` longer than its limit."""
    errors: dict[str, list[ValidationError]] = {}
    for name, limit in limits.items():
        try:
            TextLengthValidator(limit)(getattr(obj, name, "") or "")
        except ValidationError as exc:
            errors[name] = [exc]
    if errors:
        raise ValidationError(errors)
