"""Input parsing for attendance per session and for an exchange's media and partners; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.core.images.forms import ImageUploadField
from translocal.core.images.services import MAX_ALT_LENGTH

from .forms import CheckInForm
from .models import Exchange, MediaItem, Partner, Session


class SessionCheckInForm(CheckInForm):
    """The check-in form with an optional session: empty checks the delegate in to the
    exchange; a session also marks them present at it (and checks them in if they were not)."""

    session = forms.ModelChoiceField(
        label=_("Where"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Arrival at the exchange"),
        help_text=_("Choose a session to mark attendance at it; it stays chosen for the next code."),
    )
    field_order = ["session", "code"]

    def __init__(self, *args: Any, exchange: Exchange, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Session.objects.filter(exchange=exchange).order_by("starts_at", "id")


class MediaItemForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MediaItem.Kind.choices, initial=MediaItem.Kind.OTHER)
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("A video, slides, a report or a photo album elsewhere. Or upload a document below."),
    )
    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("A PDF, office document, text file or image, at most 20 MB."),
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("The whole exchange"),
    )

    def __init__(self, *args: Any, exchange: Exchange, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Session.objects.filter(exchange=exchange).order_by("starts_at", "id")


class PartnerForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Also the logo’s alternative text."),
        error_messages={"required": _("Enter the name of the partner or funder")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=Partner.Role.choices, initial=Partner.Role.PARTNER)
    url = forms.URLField(label=_("Website"), max_length=500, required=False, assume_scheme="https")
    logo = ImageUploadField(label=_("Logo"), required=False)
    alt_text = forms.CharField(
        label=_("Alternative text of the logo"),
        max_length=MAX_ALT_LENGTH,
        required=False,
        help_text=_("What the logo says or shows, for people who cannot see it. Empty: the name."),
    )

    @classmethod
    def for_partner(cls, partner: Partner, *args: Any, **kwargs: Any) -> "PartnerForm":
        """The form to change ``partner``: a new logo replaces the one it has."""
        alt_text = partner.logo.alt_text if partner.logo is not None else ""
        initial = {"name": partner.name, "role": partner.role, "url": partner.url,
                   "alt_text": "" if alt_text == partner.name else alt_text}
        form = cls(*args, initial=initial, **kwargs)
        if partner.logo is not None:
            form.fields["logo"].label = _("Replace the logo")
        return form
