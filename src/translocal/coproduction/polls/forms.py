"""The ballot form of a poll, built for its kind; it checks a ballot by the same rules as the
service (counting.ballot_errors) so each problem is shown at the option it concerns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin

from ..models import Poll, PollOption
from . import counting
from .services import ballot_error_message


def rank_field(option: PollOption) -> str:
    return f"rank_{option.pk}"


def score_field(option: PollOption) -> str:
    return f"score_{option.pk}"


class BallotForm(GovukFormMixin, forms.Form):
    """Fields by kind: ``choice`` (single: radios), ``choices`` (multiple: checkboxes),
    ``rank_<option id>`` (ranked: one select of ranks per option, so no dragging is needed and
    a keyboard or screen reader fills it like any form), ``score_<option id>`` (score: a select
    of 0..max per option); ``receipt`` for changing an anonymous ballot."""

    def __init__(
        self, *args: Any, poll: Poll, options: list[PollOption], marks: dict[int, int] | None = None,
        ask_receipt: bool = False, **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.poll, self.options = poll, options
        marks = marks or {}
        choices = [(str(option.pk), option.label) for option in options]
        if poll.kind == Poll.Kind.SINGLE:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your answer"), choices=choices, widget=forms.RadioSelect,
                error_messages={"required": _("Choose one option.")},
                initial=next((str(o) for o, v in marks.items() if v == 1), None),
            )
        elif poll.kind == Poll.Kind.MULTIPLE:
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Your answer"), choices=choices, widget=forms.CheckboxSelectMultiple,
                help_text=_("Choose up to %(n)d.") % {"n": poll.max_choices or len(options)},
                error_messages={"required": _("Choose at least one option.")},
                initial=[str(o) for o, v in marks.items() if v == 1],
            )
        elif poll.kind == Poll.Kind.RANKED:
            ranks = [("", _("Not ranked")), *((str(n), str(n)) for n in range(1, len(options) + 1))]
            for option in options:
                self.fields[rank_field(option)] = forms.TypedChoiceField(
                    label=option.label, choices=ranks, coerce=int, empty_value=0, required=False,  # type: ignore[arg-type]
                    initial=marks.get(option.pk) or "",
                )
        else:
            scores = [(str(n), str(n)) for n in range(poll.score_max + 1)]
            for option in options:
                self.fields[score_field(option)] = forms.TypedChoiceField(
                    label=option.label, choices=[("", _("Choose a score")), *scores], coerce=int,
                    initial=marks.get(option.pk, ""),
                    error_messages={"required": gettext("Give “%(option)s” a score.") % {"option": option.label}},
                )
        if ask_receipt:
            self.fields["receipt"] = forms.CharField(
                label=_("Your receipt"), required=False, max_length=40,
                help_text=_("The code you were given when you first voted, e.g. K7QF-2MZP-XW4R-9HAT-CE3N. It is "
                            "the only way to find your anonymous ballot."),
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            )

    @property
    def option_fields(self) -> list[forms.BoundField]:
        """The per-option fields (ranked, score) in option order, for the template's table."""
        return [self[name] for name in self.fields if name.startswith(("rank_", "score_"))]

    def marks(self) -> dict[int, int]:
        """The ballot as {option id: value} (after is_valid())."""
        data = self.cleaned_data
        if self.poll.kind == Poll.Kind.SINGLE:
            return {int(data["choice"]): 1} if data.get("choice") else {}
        if self.poll.kind == Poll.Kind.MULTIPLE:
            return {int(value): 1 for value in data.get("choices", [])}
        prefix = "rank_" if self.poll.kind == Poll.Kind.RANKED else "score_"
        values: dict[int, Any] = {option.pk: data.get(prefix + str(option.pk)) for option in self.options}
        if self.poll.kind == Poll.Kind.RANKED:
            return {option: rank for option, rank in values.items() if rank}  # 0: not ranked
        return {option: score for option, score in values.items() if score not in (None, "")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        errors = counting.ballot_errors(
            kind=self.poll.kind, options=[o.pk for o in self.options], marks=self.marks(),
            max_choices=self.poll.max_choices, score_max=self.poll.score_max,
        )
        labels = {o.pk: o.label for o in self.options}
        for error in errors:
            self.add_error(self._field_for(error), ballot_error_message(error, labels))
        return data

    def _field_for(self, error: counting.BallotError) -> str | None:
        if self.poll.kind == Poll.Kind.SINGLE:
            return "choice"
        if self.poll.kind == Poll.Kind.MULTIPLE:
            return "choices"
        option = error.option if error.option is not None else (self.options[0].pk if self.options else None)
        name = f"{'rank' if self.poll.kind == Poll.Kind.RANKED else 'score'}_{option}"
        return name if name in self.fields else None


_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class PollForm(GovukFormMixin, forms.Form):
    """A poll's question and rules, for its organisers (the service checks again and decides)."""

    question = forms.CharField(label=_("Question"), max_length=300,
                               error_messages={"required": _("Enter the question people answer.")})
    description = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the poll decides or informs, and what happens with the result."),
    )
    kind = forms.ChoiceField(label=_("Kind of poll"), choices=Poll.Kind.choices, widget=forms.RadioSelect,
                             initial=Poll.Kind.SINGLE, error_messages={"required": _("Choose the kind of poll.")})
    options = forms.CharField(
        label=_("Options"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("One option a line, in order."),
        error_messages={"required": _("Give at least two options.")},
    )
    max_choices = forms.IntegerField(
        label=_("Most options a ballot may choose"), required=False, min_value=1,
        help_text=_("Multiple choice only. Leave empty for as many as there are."),
        error_messages={"min_value": _("Let people choose at least one option."),
                        "invalid": _("Enter a whole number.")},
    )
    score_max = forms.IntegerField(
        label=_("Highest score"), min_value=1, max_value=10, initial=5,
        help_text=_("Score polls only: each option is scored from 0 to this."),
        error_messages={"required": _("Enter the highest score, from 1 to 10."),
                        "min_value": _("Enter the highest score, from 1 to 10."),
                        "max_value": _("Enter the highest score, from 1 to 10."),
                        "invalid": _("Enter the highest score, from 1 to 10.")},
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous ballots"), required=False,
        help_text=_("Nothing will link a ballot to the person who cast it; voters get a receipt to change it."),
    )
    results_hidden_until_close = forms.BooleanField(
        label=_("Hide the results until the poll closes"), required=False,
        help_text=_("Hidden from everyone, organisers included."),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"), required=False, widget=_DATETIME, input_formats=_DATETIME_FORMATS,
        help_text=_("Leave both dates empty to open and close the poll with the phases that switch on voting "
                    "in polls."),
        error_messages={"invalid": _("Enter a real date and time.")},
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), required=False, widget=_DATETIME, input_formats=_DATETIME_FORMATS,
        error_messages={"invalid": _("Enter a real date and time.")},
    )

    def rules(self) -> dict[str, Any]:
        """The cleaned data as the services take it: ``options`` a list of labels, the rest fields."""
        data = dict(self.cleaned_data)
        data["options"] = [line.strip() for line in data["options"].splitlines() if line.strip()]
        return data
