"""Input parsing and validation for the knowledge pages; writes go through services."""

from typing import Any

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q

from translocal.accounts.models import User
from translocal.places.models import Hub, Organisation, Place

from .models import CASE_VOCABULARY_FIELDS, Case, Method, Reflection, Series
from .services import AuthorInput

MARKDOWN_HINT = (
    "Write in Markdown: *italic*, **bold**, [a link](https://example.org), ## for a heading, "
    "- for a list. Scripts and styles are removed."
)
LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda c: c[1])


def _checkboxes(form: forms.ModelForm, names: tuple[str, ...]) -> None:
    for name in names:
        if name in form.fields:
            field = form.fields[name]
            field.widget = forms.CheckboxSelectMultiple()
            field.widget.choices = field.choices


class _EntryForm(forms.ModelForm):
    """What every entry form shares: title, summary, Markdown body, language, hub, themes."""

    checkbox_fields: tuple[str, ...] = ()
    #: (heading, field names) for the form page; fields not listed go in a last section.
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def section_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        listed: set[str] = set()
        result = []
        for heading, names in self.sections:
            fields = [self[name] for name in names if name in self.fields]
            listed.update(names)
            if fields:
                result.append((heading, fields))
        rest = [self[name] for name in self.fields if name not in listed]
        if rest:
            result.append(("More", rest))
        return result

    original_language = forms.ChoiceField(label="Original language", choices=LANGUAGE_CHOICES, initial="en")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _checkboxes(self, (*self.checkbox_fields, "themes", "sdgs"))
        if "sdgs" in self.fields:
            self.fields["sdgs"].queryset = self.fields["sdgs"].queryset.filter(parent__isnull=True)
        if "body" in self.fields:
            self.fields["body"].help_text = MARKDOWN_HINT
            self.fields["body"].widget = forms.Textarea(attrs={"rows": 14})
        if "summary" in self.fields:
            self.fields["summary"].widget = forms.Textarea(attrs={"rows": 3})
            self.fields["summary"].help_text = "One or two sentences shown in lists and search results."
        if "hub" in self.fields:
            self.fields["hub"].queryset = Hub.objects.select_related("place").order_by("name")
            self.fields["hub"].help_text = "The hub whose coordinators look after this entry (optional)."


class CaseForm(_EntryForm):
    sections = (
        ("About the case", ("title", "summary", "body", "original_language", "hub", "is_component_of")),
        ("Issues and topics", ("general_issues", "specific_topics", "themes", "sdgs")),
        ("Purpose and approach", ("scope_of_influence", "purposes", "approaches", "public_spectrum")),
        (
            "Participants",
            ("number_of_participants", "open_limited", "recruitment_method", "targeted_participants"),
        ),
        (
            "Process and methods",
            (
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
            "Organisers and funding",
            ("organisations", "organizer_types", "funder", "funder_types", "staff", "volunteers"),
        ),
        (
            "Outcomes and impact",
            (
                "outcomes",
                "change_types",
                "implementers",
                "impact_evidence",
                "impact_description",
                "formal_evaluation",
                "evaluation_links",
            ),
        ),
        (
            "Dates and place",
            ("start_date", "end_date", "ongoing", "time_limited", "place", "location_name", "address"),
        ),
        ("Links", ("links",)),
    )
    checkbox_fields = CASE_VOCABULARY_FIELDS
    links = forms.CharField(
        label="Links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One link a line: the address, then optionally a space and a title.",
    )
    evaluation_links = forms.CharField(
        label="Links to evaluation reports",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One link a line: the address, then optionally a space and a title.",
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
            "place": "Place",
            "location_name": "Location (as described)",
            "public_spectrum": "Public participation spectrum",
            "recruitment_method": "Recruitment of participants",
            "open_limited": "Open to all or limited",
            "methods": "Methods used",
            "impact_evidence": "Is there evidence of impact?",
            "formal_evaluation": "Was there a formal evaluation?",
            "is_component_of": "Part of a larger case",
            "method_types": "General types of methods",
            "tools_techniques_types": "General types of tools and techniques",
            "legality": "Was the initiative legal?",
            "facilitator_training": "If facilitated, how were the facilitators trained?",
            "learning_resources": "Learning resources given to participants",
            "staff": "Did it have paid staff?",
            "volunteers": "Did it have volunteers?",
            "time_limited": "Held once or repeated?",
            "address": "Street address",
        }
        help_texts = {
            "start_date": "For example 2019-03-27.",
            "methods": "Hold Ctrl (Cmd on a Mac) to choose more than one.",
            "organisations": "Hold Ctrl (Cmd on a Mac) to choose more than one.",
            "is_component_of": "If this case is one part of a larger initiative, choose that case.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["methods"].queryset = Method.objects.filter(status="published").only("id", "title")
        self.fields["organisations"].queryset = Organisation.objects.only("id", "name")
        self.fields["place"].queryset = Place.objects.order_by("name").only("id", "name", "country")
        self.fields["is_component_of"].queryset = _larger_case_choices(self.instance)
        if self.instance.pk and not self.is_bound:
            for name in ("links", "evaluation_links"):
                self.initial[name] = _links_text(getattr(self.instance, name))

    def clean_links(self) -> list[dict[str, str]]:
        return _parse_links(self.cleaned_data.get("links"))

    def clean_evaluation_links(self) -> list[dict[str, str]]:
        return _parse_links(self.cleaned_data.get("evaluation_links"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date.")
        if data.get("facilitated") is False and data.get("facilitator_training"):
            self.add_error(
                "facilitator_training",
                "Leave this empty when the case had no facilitators, or choose Yes above.",
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


def _links_text(links: list[dict[str, str]] | None) -> str:
    return "\n".join(f"{link.get('url', '')} {link.get('title', '')}".strip() for link in links or [])


def _parse_links(text: str | None) -> list[dict[str, str]]:
    """Links from "URL optional title" lines, checked so a typo is pointed out by line."""
    links = []
    validate = URLValidator(schemes=["http", "https"])
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        url, _, title = line.partition(" ")
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(f"Line {number} does not start with a web address (https://...).") from None
        links.append({"url": url, "title": title.strip()})
    return links


class MethodForm(_EntryForm):
    sections = (
        ("About the method", ("title", "summary", "body", "original_language", "hub")),
        (
            "Purpose and approach",
            ("method_types", "purposes", "scope_of_influence", "public_spectrum", "themes", "sdgs"),
        ),
        ("Participants", ("participant_numbers", "open_limited", "recruitment_method")),
        ("Process", ("interactions", "mode", "facilitated", "decision_methods", "voting_methods")),
        ("Suited to", ("level_polarization", "level_complexity")),
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
            "public_spectrum": "Public participation spectrum",
            "recruitment_method": "Recruitment of participants",
            "open_limited": "Open to all or limited",
            "level_polarization": "Suited to issues of which level of polarisation?",
            "level_complexity": "Suited to issues of which level of complexity?",
        }


class ReflectionForm(_EntryForm):
    sections = (
        ("The reflection", ("title", "summary", "body", "original_language", "hub")),
        ("Series", ("series", "series_position")),
        ("What it is about", ("cases", "methods", "places", "themes", "sdgs")),
    )
    field_order = ["title", "summary", "body", "original_language", "hub", "series", "series_position"]
    series_position = forms.IntegerField(
        label="Position in the series",
        required=False,
        min_value=1,
        help_text="Leave empty to add it as the next post (or keep its place).",
    )

    class Meta:
        model = Reflection
        fields = [
            "title",
            "summary",
            "body",
            "original_language",
            "hub",
            "series",
            "cases",
            "methods",
            "places",
            "themes",
            "sdgs",
        ]
        labels = {
            "cases": "Cases it is about",
            "methods": "Methods it is about",
            "places": "Places it is about",
        }
        help_texts = {
            "cases": "Hold Ctrl (Cmd on a Mac) to choose more than one.",
            "methods": "Hold Ctrl (Cmd on a Mac) to choose more than one.",
            "places": "Hold Ctrl (Cmd on a Mac) to choose more than one.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = Series.objects.order_by("title").only("id", "title")
        self.fields["series"].help_text = "Optional: make this a numbered post of a series."
        self.fields["cases"].queryset = (
            Case.objects.filter(status="published").order_by("title").only("id", "title")
        )
        self.fields["methods"].queryset = Method.objects.filter(status="published").only("id", "title")
        self.fields["places"].queryset = Place.objects.order_by("name").only("id", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("series_position") and not data.get("series"):
            self.add_error("series_position", "Choose a series first, or leave the position empty.")
        return data


class AuthorForm(forms.Form):
    """One author row: a member by username, or a guest by name (and affiliation)."""

    username = forms.CharField(label="Member's username", required=False, max_length=150)
    guest_name = forms.CharField(label="Or a guest author's name", required=False, max_length=150)
    guest_affiliation = forms.CharField(label="Guest's affiliation", required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        username = (data.get("username") or "").strip()
        guest = (data.get("guest_name") or "").strip()
        if username and guest:
            raise ValidationError("Give either a member's username or a guest's name, not both.")
        if username:
            user = User.objects.filter(username__iexact=username, is_active=True).first()
            if user is None:
                self.add_error("username", f"No member has the username “{username}”.")
            data["user"] = user
        elif data.get("guest_affiliation") and not guest:
            self.add_error("guest_name", "Give the guest author's name.")
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("username") or data.get("guest_name"))

    def author(self) -> AuthorInput:
        data = self.cleaned_data
        if data.get("user") is not None:
            return AuthorInput(user=data["user"])
        return AuthorInput(guest_name=data["guest_name"], guest_affiliation=data.get("guest_affiliation", ""))


class _BaseAuthorFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        authors = self.authors()
        if not authors:
            raise ValidationError("Add at least one author.")
        members = [a.user.pk for a in authors if a.user is not None]
        if len(members) != len(set(members)):
            raise ValidationError("A member is listed twice as an author.")

    def authors(self) -> list[AuthorInput]:
        """Authors in the order given (the "Order" numbers, else the rows' order)."""
        rows = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if not hasattr(form, "cleaned_data") or form.is_blank():
                continue
            order = form.cleaned_data.get("ORDER")
            rows.append((order if order is not None else index + 1, index, form.author()))
        return [author for _, _, author in sorted(rows, key=lambda r: (r[0], r[1]))]


AuthorFormSet = forms.formset_factory(
    AuthorForm, formset=_BaseAuthorFormSet, extra=2, can_delete=True, can_order=True, max_num=20
)


def author_initial(reflection: Reflection | None, user: Any) -> list[dict[str, Any]]:
    if reflection is None:
        return [{"username": user.username}]
    return [
        {
            "username": a.user.username if a.user_id else "",
            "guest_name": a.guest_name,
            "guest_affiliation": a.guest_affiliation,
            "ORDER": n,
        }
        for n, a in enumerate(reflection.authorships.select_related("user").order_by("position", "id"), 1)
    ]


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "description", "hub"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"description": "What the series is about, in a few sentences (plain text)."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Hub.objects.order_by("name")
