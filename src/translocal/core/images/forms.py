"""The upload form every page that takes an image uses (the page's form must be
``enctype="multipart/form-data"``). Validation decodes and re-encodes the image
(core.images.processing), so a valid form holds a ``ProcessedImage`` and the service that
stores it does no CPU work inside its transaction."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin

from .processing import MAX_UPLOAD_BYTES, ProcessedImage, process_upload
from .services import MAX_ALT_LENGTH, clean_alt_text

ACCEPT = "image/jpeg,image/png,image/webp"


def _upload_help_text() -> str:
    return gettext(
        "A JPEG, PNG or WebP image, smaller than %(megabytes)s MB. Its location and camera details are removed."
    ) % {"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)}


#: Translated when shown, not when the form class is defined.
_help_text = lazy(_upload_help_text, str)


class ImageUploadField(forms.FileField):
    """A file field whose cleaned value is the ``ProcessedImage`` (or None when optional and empty)."""

    default_error_messages = {
        "required": _("Select an image"),
        "invalid": _("The selected file must be a JPEG, PNG or WebP image"),
        "missing": _("Select an image"),
        "empty": _("The selected file is empty"),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("help_text", _help_text())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> ProcessedImage | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        upload.seek(0)
        return process_upload(upload, size=upload.size)


class ImageUploadForm(GovukFormMixin, forms.Form):
    image = ImageUploadField(label=_("Image"))
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=MAX_ALT_LENGTH,
        help_text=_(
            "Describe what the image shows for people who cannot see it, for example "
            "“Residents voting with coloured cards in a school hall”."
        ),
        error_messages={"required": _("Enter alternative text describing the image")},
    )

    def clean_alt_text(self) -> str:
        try:
            return clean_alt_text(self.cleaned_data.get("alt_text", ""))
        except ValidationError as error:
            raise ValidationError(error.message_dict["alt_text"]) from error
