"""Input parsing for the initiative pages; the services validate again and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH


class InitiativeForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("What your initiative asks for, in a few words."),
        error_messages={"required": _("Enter a title for your initiative.")},
    )
    body = forms.CharField(
        label=_("Your initiative"), max_length=MAX_DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What should the hub do, and why? Once it has the signatures it needs, the coordinators "
                    "must answer it."),
        error_messages={"required": _("Say what your initiative asks for.")},
    )
