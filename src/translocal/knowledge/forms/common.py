"""What every entry form shares: Markdown body, language, hub, themes and SDGs."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from translocal.core.locales import content_language_choices
from translocal.core.text_limits import MAX_BODY_LENGTH, MAX_SUMMARY_LENGTH, limit_form_fields
from translocal.core.versioning import VersionedFormMixin
from translocal.places.models import Hub

MARKDOWN_HINT = _(
    "Write in Markdown: *italic*, **bold**, [a link](https://example.org), ## for a heading, "
    "- for a list, | for a table. Scripts and styles are removed; images uploaded to Translocal "
    "are shown, other images as a link. Up to 100,000 characters."
)


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field `name`, which must choose model instances (so its queryset can be set)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a model choice field")
    return field


def _checkboxes(form: forms.ModelForm, names: tuple[str, ...]) -> None:
    for name in names:
        if name in form.fields:
            field = model_choices(form, name)
            # The same lazy iterator ModelChoiceField.choices returns: no query until rendered.
            field.widget = forms.CheckboxSelectMultiple(choices=field.iterator(field))


class _EntryForm(VersionedFormMixin, forms.ModelForm):
    """What every entry form shares: title, summary, Markdown body, language, hub, themes."""

    checkbox_fields: tuple[str, ...] = ()
    #: Length limits (characters) of the form's text fields; the services check them again.
    text_limits: dict[str, int] = {"summary": MAX_SUMMARY_LENGTH, "body": MAX_BODY_LENGTH}
    #: (heading, field names) for the form page; fields not listed go in a last section.
    sections: tuple[tuple[str | Promise, tuple[str, ...]], ...] = ()

    def section_fields(self) -> list[tuple[str | Promise, list[forms.BoundField]]]:
        listed: set[str] = set()
        result = []
        for heading, names in self.sections:
            fields = [self[name] for name in names if name in self.fields]
            listed.update(names)
            if fields:
                result.append((heading, fields))
        rest = [self[name] for name in self.fields if name not in listed and not self[name].is_hidden]
        if rest:
            result.append((_("More"), rest))
        return result

    #: Labels of the fields every entry form takes from the model (whose verbose names are not
    #: marked for translation: a label is the form's business).
    common_labels: dict[str, str | Promise] = {
        "title": _("Title"),
        "summary": _("Summary"),
        "body": _("Body"),
        "hub": _("Hub"),
        "themes": _("Themes"),
        "sdgs": _("Sustainable Development Goals"),
        "place": _("Place"),
        "series": _("Series"),
        "description": _("Description"),
        "number_of_participants": _("Number of participants"),
        "funder": _("Funder"),
        "ongoing": _("Ongoing"),
        "start_date": _("Start date"),
        "end_date": _("End date"),
        "impact_description": _("Impact description"),
        "organisations": _("Primary organisers"),
        "facilitated": _("Facilitated"),
        "mode": _("Face to face, online or both"),
    }

    # Named and sorted in the reader's language (a callable: evaluated when the form is built).
    original_language = forms.ChoiceField(label=_("Original language"), choices=content_language_choices, initial="en")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own_labels = getattr(getattr(self, "Meta", None), "labels", None) or {}
        for name, label in self.common_labels.items():
            if name in self.fields and name not in own_labels:
                self.fields[name].label = str(label)  # a form lives for one request, in its language
        _checkboxes(self, (*self.checkbox_fields, "themes", "sdgs"))
        if "sdgs" in self.fields:
            sdgs = model_choices(self, "sdgs")
            if sdgs.queryset is not None:
                # The goals, and the targets the entry already has (confirmed suggestions), so
                # that saving the form keeps them; targets are added from the suggestions.
                tagged_targets = Q(pk__in=self.instance.sdgs.filter(parent__isnull=False).values("pk")) if (
                    getattr(self.instance, "pk", None)
                ) else Q(pk__in=[])
                sdgs.queryset = sdgs.queryset.filter(Q(parent__isnull=True) | tagged_targets)
        if "body" in self.fields:
            self.fields["body"].help_text = MARKDOWN_HINT
            self.fields["body"].widget = forms.Textarea(attrs={"rows": 14})
        if "summary" in self.fields:
            self.fields["summary"].widget = forms.Textarea(attrs={"rows": 3})
            self.fields["summary"].help_text = _("One or two sentences shown in lists and search results (plain text).")
        limit_form_fields(self, self.text_limits)
        if "hub" in self.fields:
            model_choices(self, "hub").queryset = Hub.objects.select_related("place").order_by("name")
            self.fields["hub"].help_text = _("The hub whose coordinators look after this entry (optional).")


def links_text(links: list[dict[str, str]] | None) -> str:
    return "\n".join(f"{link.get('url', '')} {link.get('title', '')}".strip() for link in links or [])


def parse_links(text: str | None) -> list[dict[str, str]]:
    """Links from "URL optional title" lines, checked so a typo is pointed out by line."""
    links = []
    validate = URLValidator(schemes=["http", "https"])
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        url, _space, title = line.partition(" ")
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                _("Line %(number)s does not start with a web address (https://...).") % {"number": number}
            ) from None
        links.append({"url": url, "title": title.strip()})
    return links
