"""Input parsing for co-production pages; the services validate again and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH

from .models import AnswerState, Report
from .selectors import PROPOSAL_ORDERS


class ProposalForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("Say what you propose in a few words."),
        error_messages={"required": _("Enter a title for your proposal.")},
    )
    body = forms.CharField(
        label=_("Your proposal"), max_length=MAX_DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What should change, where, and who would it help?"),
        error_messages={"required": _("Describe your proposal.")},
    )


class AnswerForm(GovukFormMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Answer"), choices=AnswerState.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )
    text = forms.CharField(
        label=_("Explanation"), max_length=MAX_DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Residents read this on the proposal and its timeline."),
        error_messages={"required": _("Explain the answer: residents read it on the proposal.")},
    )


class ProposalFilterForm(GovukFormMixin, forms.Form):
    """The list's sort order and filters, from the query string (bad values fall back)."""

    order = forms.ChoiceField(
        label=_("Sort by"), required=False,
        choices=[("supported", _("Most supported")), ("newest", _("Newest")), ("random", _("Random"))],
    )
    answer = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=[("", _("Any")), ("none", _("Not answered yet")), *AnswerState.choices],
    )
    threshold = forms.BooleanField(label=_("Only those that reached the threshold"), required=False)
    seed = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        order = data.get("order") or "supported"
        return {
            "order": order if order in PROPOSAL_ORDERS else "supported",
            "answer": data.get("answer") or "",
            "threshold": bool(data.get("threshold")),
            "seed": data.get("seed"),
        }


class CommentForm(GovukFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=MAX_DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your comment.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(GovukFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"), choices=Report.Reason.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you are reporting this.")},
    )
    details = forms.CharField(
        label=_("Anything the moderators should know"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationForm(GovukFormMixin, forms.Form):
    action = forms.ChoiceField(choices=[("hide", "hide"), ("unhide", "unhide")], widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason (kept in the audit log)"), required=False, max_length=500)
