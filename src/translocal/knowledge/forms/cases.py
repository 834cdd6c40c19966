"""The case form: every structured field of a case, grouped like the case page."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from translocal.core.locales import country_choices, localized_country_name
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH
from translocal.places.models import Place
from translocal.places.selectors import organisations_for_choice

from ..models import CASE_VOCABULARY_FIELDS, Case, Method
from .common import _EntryForm, links_text, model_choices, parse_links
from .pickers import PickerWidget, use_pickers

#: The case form's fields with long lists of choices: type-to-search pickers (field -> source).
CASE_PICKERS = {
    "methods": "methods",
    "organisations": "organisations",
    "place": "places",
    "is_component_of": "cases",
}


class CaseForm(_EntryForm):
    # The five questions a reader of a case asks, in the order the story is told; each section
    # is linked from the form's contents list.
    sections = (
        (
            _("What happened"),
            (
                "title",
                "summary",
                "body",
                "original_language",
                "hub",
                "is_component_of",
                "general_issues",
                "specific_topics",
                "themes",
                "sdgs",
                "scope_of_influence",
                "purposes",
                "approaches",
            ),
        ),
        (
            _("Where and when"),
            (
                "place", "new_place_name", "new_place_country", "location_name", "address", "start_date", "end_date",
                "ongoing", "time_limited",
            ),
        ),
        (
            _("Who took part and who organised it"),
            (
                "number_of_participants",
                "open_limited",
                "recruitment_method",
                "targeted_participants",
                "organisations",
                "organizer_types",
                "funder",
                "funder_types",
                "staff",
                "volunteers",
            ),
        ),
        (
            _("How it was decided"),
            (
                "public_spectrum",
                "method_types",
                "methods",
                "tools_techniques_types",
                "legality",
                "facilitated",
                "facilitator_training",
                "mode",
                "interactions",
                "learning_resources",
                "decision_methods",
                "voting_methods",
            ),
        ),
        (
            _("What changed"),
            (
                "outcomes",
                "change_types",
                "implementers",
                "impact_evidence",
                "impact_description",
                "formal_evaluation",
                "evaluation_links",
                "links",
            ),
        ),
    )
    checkbox_fields = CASE_VOCABULARY_FIELDS
    text_limits = {**_EntryForm.text_limits, "impact_description": MAX_DESCRIPTION_LENGTH}
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One link a line: the address, then optionally a space and a title."),
    )
    new_place_name = forms.CharField(
        label=_("Not in the list? Propose a new place"),
        required=False,
        max_length=200,
        help_text=_(
            "The name of the city or region. It is added at once for this case and checked by staff later; "
            "if the place exists already, the case is put there."
        ),
    )
    new_place_country = forms.ChoiceField(label=_("Country of the new place"), required=False, choices=())
    evaluation_links = forms.CharField(
        label=_("Links to evaluation reports"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One link a line: the address, then optionally a space and a title."),
    )

    class Meta:
        model = Case
        fields = [
            "title",
            "summary",
            "body",
            "original_language",
            "hub",
            "is_component_of",
            "general_issues",
            "specific_topics",
            "scope_of_influence",
            "purposes",
            "approaches",
            "public_spectrum",
            "number_of_participants",
            "open_limited",
            "recruitment_method",
            "targeted_participants",
            "method_types",
            "methods",
            "tools_techniques_types",
            "legality",
            "decision_methods",
            "voting_methods",
            "interactions",
            "learning_resources",
            "mode",
            "facilitated",
            "facilitator_training",
            "outcomes",
            "change_types",
            "implementers",
            "impact_evidence",
            "impact_description",
            "formal_evaluation",
            "evaluation_links",
            "organisations",
            "organizer_types",
            "funder",
            "funder_types",
            "staff",
            "volunteers",
            "start_date",
            "end_date",
            "ongoing",
            "time_limited",
            "place",
            "location_name",
            "address",
            "links",
            "themes",
            "sdgs",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "impact_description": forms.Textarea(attrs={"rows": 4}),
            "facilitated": forms.NullBooleanSelect,
            "ongoing": forms.NullBooleanSelect,
            "staff": forms.NullBooleanSelect,
            "volunteers": forms.NullBooleanSelect,
        }
        labels = {
            "place": _("Place"),
            "location_name": _("Location (as described)"),
            "public_spectrum": _("Public participation spectrum"),
            "recruitment_method": _("Recruitment of participants"),
            "open_limited": _("Open to all or limited"),
            "methods": _("Methods used"),
            "impact_evidence": _("Is there evidence of impact?"),
            "formal_evaluation": _("Was there a formal evaluation?"),
            "is_component_of": _("Part of a larger case"),
            "method_types": _("General types of methods"),
            "tools_techniques_types": _("General types of tools and techniques"),
            "legality": _("Was the initiative legal?"),
            "facilitator_training": _("If facilitated, how were the facilitators trained?"),
            "learning_resources": _("Learning resources given to participants"),
            "staff": _("Did it have paid staff?"),
            "volunteers": _("Did it have volunteers?"),
            "time_limited": _("Held once or repeated?"),
            "address": _("Street address"),
        }
        help_texts = {
            "start_date": _("For example 2019-03-27."),
            "methods": _("Type part of a method's name, then choose it from the list; choose as many as apply."),
            "organisations": _("Type part of an organisation's name, then choose it; choose as many as apply."),
            "place": _(
                "Type part of the city's or region's name. Not in the list? Choose “Add a new place” "
                "and it is kept as the location as described, for a coordinator to add."
            ),
            "is_component_of": _(
                "If this case is one part of a larger initiative, type part of its title and choose it."
            ),
            "impact_description": _("Plain text."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "methods").queryset = Method.objects.filter(status="published").only("id", "title")
        kept = self.instance.organisations.values("pk") if self.instance.pk else ()
        model_choices(self, "organisations").queryset = organisations_for_choice(keep=kept).only("id", "name")
        model_choices(self, "place").queryset = Place.objects.order_by("name").only("id", "name", "country")
        model_choices(self, "is_component_of").queryset = _larger_case_choices(self.instance)
        use_pickers(self, CASE_PICKERS)
        place_widget = self.fields["place"].widget
        if isinstance(place_widget, PickerWidget):
            place_widget.extra_option = "describe"
        countries = [(code, localized_country_name(code)) for code, _name in country_choices()]
        country_field = self.fields["new_place_country"]
        if isinstance(country_field, forms.ChoiceField):
            country_field.choices = [("", _("Not chosen")), *sorted(countries, key=lambda c: c[1])]
        if self.instance.pk and not self.is_bound:
            for name in ("links", "evaluation_links"):
                self.initial[name] = links_text(getattr(self.instance, name))

    def clean_links(self) -> list[dict[str, str]]:
        return parse_links(self.cleaned_data.get("links"))

    def clean_evaluation_links(self) -> list[dict[str, str]]:
        return parse_links(self.cleaned_data.get("evaluation_links"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be the same as or after the start date."))
        if data.get("new_place_name"):
            if data.get("place"):
                self.add_error("new_place_name", _("Choose a place from the list or propose a new one, not both."))
            elif not data.get("new_place_country"):
                self.add_error("new_place_country", _("Choose the country of the new place"))
        if data.get("facilitated") is False and data.get("facilitator_training"):
            self.add_error(
                "facilitator_training",
                _("Leave this empty when the case had no facilitators, or choose Yes above."),
            )
        return data


def _larger_case_choices(case: Case) -> Any:
    """Published cases (and the one already chosen), never the case itself or its direct
    components; deeper loops are refused by the service with a message."""
    choices = Case.objects.filter(Q(status="published") | Q(pk=case.is_component_of_id or 0))
    if case.pk:
        choices = choices.exclude(pk=case.pk).exclude(is_component_of_id=case.pk)
    return choices.order_by("title").only(
        "id", "title", "status", "created_by", "hub", "is_component_of"
    )
