"""Input parsing for the blocking page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin


class BlockForm(GovukFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Username of the person"), max_length=150,
        help_text=_("As shown in the address of their profile."),
        error_messages={"required": _("Enter the username of the person to block.")},
    )
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"), max_length=500,
        error_messages={"required": _("Say why you block this person: the audit log keeps the reason.")},
    )
    hide_content = forms.BooleanField(
        label=_("Also hide everything they wrote in this hub's processes"), required=False,
    )
