"""A moderator's takedown: the reason its authors will read."""

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin

from ..services.entries import MAX_REASON_LENGTH


class TakedownForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you taking this down?"),
        help_text=_(
            "Its authors will see this, so say what they would need to change. Staff and the "
            "coordinators of the hub you moderate for can lift the takedown later."
        ),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say why you are taking this down: its authors will see it.")},
    )
