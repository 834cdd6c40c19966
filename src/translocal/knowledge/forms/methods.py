"""The method form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Method
from .common import _EntryForm


class MethodForm(_EntryForm):
    sections = (
        (_("About the method"), ("title", "summary", "body", "original_language", "hub")),
        (
            _("Purpose and approach"),
            ("method_types", "purposes", "scope_of_influence", "public_spectrum", "themes", "sdgs"),
        ),
        (_("Participants"), ("participant_numbers", "open_limited", "recruitment_method")),
        (_("Process"), ("interactions", "mode", "facilitated", "decision_methods", "voting_methods")),
        (_("Suited to"), ("level_polarization", "level_complexity")),
    )
    checkbox_fields = (
        "method_types",
        "purposes",
        "scope_of_influence",
        "participant_numbers",
        "interactions",
        "decision_methods",
        "voting_methods",
    )

    class Meta:
        model = Method
        fields = [
            "title",
            "summary",
            "body",
            "original_language",
            "hub",
            "method_types",
            "purposes",
            "public_spectrum",
            "scope_of_influence",
            "participant_numbers",
            "open_limited",
            "recruitment_method",
            "interactions",
            "decision_methods",
            "voting_methods",
            "mode",
            "facilitated",
            "level_polarization",
            "level_complexity",
            "themes",
            "sdgs",
        ]
        widgets = {"facilitated": forms.NullBooleanSelect}
        labels = {
            "public_spectrum": _("Public participation spectrum"),
            "recruitment_method": _("Recruitment of participants"),
            "open_limited": _("Open to all or limited"),
            "level_polarization": _("Suited to issues of which level of polarisation?"),
            "level_complexity": _("Suited to issues of which level of complexity?"),
        }


