"""Input parsing for a budget ballot; the service checks the rules (under its lock) and decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH

from ..models import Process, Proposal
from .models import BallotStyle, Budget, BudgetProject, OutcomeRule


class BallotForm(GovukFormMixin, forms.Form):
    """The projects a person chooses: checkboxes (``projects``) for the approval styles, a number
    of points per project (``points_<id>``) for the points style."""

    def __init__(self, *args: object, budget: Budget, projects: list[BudgetProject], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.budget, self.projects = budget, projects
        self.uses_points = budget.style == BallotStyle.POINTS
        if self.uses_points:
            for project in projects:
                self.fields[f"points_{project.pk}"] = forms.IntegerField(
                    label=project.title, required=False, min_value=0, max_value=budget.points or None,
                    error_messages={
                        "invalid": _("Enter points as a whole number."),
                        "min_value": _("Points cannot be fewer than 0."),
                        "max_value": _("Give a project no more than all your points."),
                    },
                )
        else:
            self.fields["projects"] = forms.TypedMultipleChoiceField(
                label=_("Projects"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
                choices=[(project.pk, project.title) for project in projects],
                error_messages={"invalid_choice": _("Choose only projects of this budget.")},
            )

    def choices(self) -> dict[int, int]:
        """{project id: points} from the cleaned data (points 1 for the approval styles)."""
        if self.uses_points:
            picked = {p.pk: self.cleaned_data.get(f"points_{p.pk}") or 0 for p in self.projects}
            return {pk: points for pk, points in picked.items() if points > 0}
        return dict.fromkeys(self.cleaned_data.get("projects") or [], 1)

    def add_service_error(self, error: ValidationError) -> None:
        """Show the service's refusal as an error of the whole ballot."""
        for message in error.messages:
            self.add_error(None, message)

    @property
    def ballot_errors(self) -> list[str]:
        """Every error of the ballot, for the summary (each links to the first choice)."""
        messages = [str(message) for message in self.non_field_errors()]
        for name in self.fields:
            messages.extend(str(message) for message in self.errors.get(name, []))
        return messages


class BudgetForm(GovukFormMixin, forms.Form):
    """A budget and its rules (the service refuses a change of rules after the first ballot,
    shown as an error at the top with what was entered kept)."""

    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title for the budget.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    total = forms.IntegerField(
        label=_("Amount to share out"), min_value=1, help_text=_("In whole units of the currency."),
        error_messages={
            "required": _("Enter the amount to share out."),
            "invalid": _("Enter the amount as a whole number."),
            "min_value": _("The amount must be at least 1."),
        },
    )
    currency = forms.CharField(
        label=_("Currency"), max_length=3, initial="GBP", help_text=_("Its three-letter code, like GBP or EUR."),
        error_messages={"required": _("Enter the currency as its three-letter code, like GBP or EUR.")},
    )
    style = forms.ChoiceField(
        label=_("How people vote"), choices=BallotStyle.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose how people vote.")},
    )
    min_projects = forms.IntegerField(
        label=_("Fewest projects a ballot names"), min_value=1, initial=1,
        error_messages={
            "required": _("Enter the fewest projects a ballot names."),
            "invalid": _("Enter the fewest projects as a whole number."),
            "min_value": _("A ballot names at least one project."),
        },
    )
    max_projects = forms.IntegerField(
        label=_("Most projects a ballot names (optional)"), required=False, min_value=1,
        error_messages={
            "invalid": _("Enter the most projects as a whole number."),
            "min_value": _("A ballot names at least one project."),
        },
    )
    points = forms.IntegerField(
        label=_("Points each person shares out"), required=False, min_value=1, max_value=32767,
        help_text=_("Only when people share out points."),
        error_messages={
            "invalid": _("Enter the points as a whole number."),
            "min_value": _("Give each person at least 1 point."),
            "max_value": _("Give each person no more than 32,767 points."),
        },
    )
    binding_rule = forms.ChoiceField(
        label=_("Rule that decides"), choices=OutcomeRule.choices, widget=forms.RadioSelect,
        help_text=_("Both rules' outcomes are shown side by side; this one is binding."),
        error_messages={"required": _("Choose the rule that decides.")},
    )
    accepts_imported_ballots = forms.BooleanField(
        label=_("Also count ballots cast elsewhere (on paper or in another tool), imported from a .pb file"),
        required=False,
    )


class ProjectForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title for the project.")},
    )
    description = forms.CharField(
        label=_("What it would do"), required=False, max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    cost = forms.IntegerField(
        label=_("Cost"), min_value=1, help_text=_("In whole units of the budget's currency."),
        error_messages={
            "required": _("Enter what the project costs."),
            "invalid": _("Enter the cost as a whole number."),
            "min_value": _("The cost must be at least 1."),
        },
    )
    proposal = forms.ModelChoiceField(
        label=_("The proposal it grew from (optional)"), required=False, queryset=Proposal.objects.none(),
        error_messages={"invalid_choice": _("Choose a proposal of this process.")},
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField = self.fields["proposal"]  # type: ignore[assignment]
        field.queryset = Proposal.objects.filter(process=process, withdrawn_at__isnull=True).order_by("title")


class PbImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label=_("A pabulib .pb file"),
        help_text=_("Its projects are added; its ballots too when this budget counts ballots cast elsewhere."),
        error_messages={"required": _("Choose a .pb file."), "empty": _("The file you chose is empty.")},
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PB_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file is not UTF-8 text.")) from exc


#: The largest .pb file accepted through the page (pabulib's largest instances are a few MB).
MAX_PB_BYTES = 20 * 1024 * 1024
