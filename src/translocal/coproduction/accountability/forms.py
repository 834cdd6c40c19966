"""Input parsing for the result pages; the services validate again and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH

from ..models import Result

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_OUT_OF_RANGE = _("Progress is a percentage from 0 to 100.")


def _progress_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100,
        help_text=_("How much of the work is done, from 0 to 100."),
        error_messages={
            "required": _("Enter the progress, from 0 to 100."),
            "invalid": _("Enter the progress as a whole number, from 0 to 100."),
            "min_value": _OUT_OF_RANGE,
            "max_value": _OUT_OF_RANGE,
        },
    )


def _status_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Status"), choices=Result.Status.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose a status.")},
    )


class ResultForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("What the process decided to do, in a few words."),
        error_messages={"required": _("Enter a title for the result.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    status = _status_field()
    progress = _progress_field()
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=_DATE)
    ends_on = forms.DateField(label=_("Planned end date"), required=False, widget=_DATE)


class ProgressUpdateForm(GovukFormMixin, forms.Form):
    on = forms.DateField(
        label=_("Date"), widget=_DATE, help_text=_("The day this progress was made."),
        error_messages={"required": _("Enter the date of the update."), "invalid": _("Enter a real date.")},
    )
    status = _status_field()
    progress = _progress_field()
    text = forms.CharField(
        label=_("What was done"), max_length=MAX_DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Residents read this on the result and on the timeline of every proposal it came from."),
        error_messages={"required": _("Say what was done: residents read it on the result and on its proposals.")},
    )


class ResultLinkForm(GovukFormMixin, forms.Form):
    """Link one proposal or one comment by its number (shown in its address)."""

    proposal = forms.IntegerField(
        label=_("Proposal number"), required=False, min_value=1,
        help_text=_("The number at the end of the proposal's address, such as 42 in …/proposals/42/."),
        error_messages={"invalid": _("Enter the proposal's number."), "min_value": _("Enter the proposal's number.")},
    )
    comment = forms.IntegerField(
        label=_("Comment number"), required=False, min_value=1,
        help_text=_("The number after #comment- in the comment's link."),
        error_messages={"invalid": _("Enter the comment's number."), "min_value": _("Enter the comment's number.")},
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if not self.errors and not data.get("proposal") and not data.get("comment"):
            raise forms.ValidationError(_("Enter a proposal number or a comment number."))
        return data


class LineageDecisionForm(GovukFormMixin, forms.Form):
    """Confirm or refuse that a commitment became the process: one form per link (the button
    pressed gives ``decision``), ids made unique with ``auto_id``."""

    link = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("refuse", _("Refuse"))],
                                 widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for refusing"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to refuse: the delegate reads it."),
    )

    def __init__(self, *args: object, link_id: int, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", f"id_link{link_id}_%s")
        kwargs.setdefault("initial", {"link": link_id})
        super().__init__(*args, **kwargs)
