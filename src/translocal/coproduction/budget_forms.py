"""Input parsing for a budget ballot; the service checks the rules (under its lock) and decides."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .budget_models import BallotStyle, Budget, BudgetProject


class BallotForm(forms.Form):
    """The projects a person chooses: checkboxes (``projects``) for the approval styles, a number
    of points per project (``points_<id>``) for the points style."""

    def __init__(self, *args: object, budget: Budget, projects: list[BudgetProject], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
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
