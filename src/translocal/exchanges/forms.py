"""Input parsing for the exchange pages; the services validate again and decide."""

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, TextLengthValidator
from translocal.places.models import Hub, Place

from .models import Exchange, Question, Registration, RegistrationType, Speaker, Strand

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ExchangeForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of exchange"), choices=Exchange.Kind.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[TextLengthValidator(600)],
        help_text=_("One or two sentences for lists and search results."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[TextLengthValidator(MAX_DESCRIPTION_LENGTH)],
        help_text=_("Markdown: what the exchange is for, who it is for, what to expect."),
    )
    hub = forms.ModelChoiceField(
        label=_("Host hub"),
        queryset=Hub.objects.order_by("name"),
        required=False,
        help_text=_("The hub that hosts the exchange; its coordinators organise it with you."),
    )
    place = forms.ModelChoiceField(
        label=_("Host place"),
        queryset=Place.objects.order_by("name"),
        required=False,
        help_text=_("Leave empty to use the hub's place."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=_DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=_DATE, required=False)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="UTC",
        help_text=_("The time zone of the agenda, such as Europe/Madrid or Africa/Johannesburg."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Exchange.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Exchange.Visibility.PUBLIC,
    )
    registration_open = forms.BooleanField(label=_("Registration is open"), required=False, initial=True)
    funding_note = forms.CharField(
        label=_("Funding note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[TextLengthValidator(1000)],
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise forms.ValidationError(_("Enter a time zone name such as Europe/Madrid.")) from exc
        return name

    @classmethod
    def initial_for(cls, exchange: Exchange) -> dict[str, Any]:
        return {
            "title": exchange.title,
            "kind": exchange.kind,
            "summary": exchange.summary,
            "description": exchange.description,
            "hub": exchange.hub_id,
            "place": exchange.place_id,
            "starts_on": exchange.starts_on,
            "ends_on": exchange.ends_on,
            "time_zone": exchange.time_zone,
            "visibility": exchange.visibility,
            "registration_open": exchange.registration_open,
            "funding_note": exchange.funding_note,
            "version": exchange.version,
        }


class StrandForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label=_("Strand title"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[TextLengthValidator(2000)],
    )


class SpeakerForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label=_("Speaker's name"), max_length=150)
    affiliation = forms.CharField(label=_("Organisation or role"), max_length=200, required=False)
    bio = forms.CharField(
        label=_("Short bio"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[TextLengthValidator(1500)],
    )


class RegistrationTypeForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("Such as Delegate or Observer."))
    role = forms.ChoiceField(label=_("Role"), choices=RegistrationType.Role.choices)
    capacity = forms.IntegerField(
        label=_("Places"), min_value=0, required=False, help_text=_("Leave empty for no limit.")
    )
    open_to_applications = forms.BooleanField(label=_("Open to applications"), required=False, initial=True)


class SessionForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[TextLengthValidator(4000)],
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=_DATETIME, help_text=_("In the exchange's time zone."))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=_DATETIME, help_text=_("In the exchange's time zone."))
    strand = forms.ModelChoiceField(label=_("Strand"), queryset=Strand.objects.none(), required=False)
    room = forms.CharField(label=_("Room or address"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"), queryset=Speaker.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, exchange: Exchange, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        strand_field = self.fields["strand"]
        speakers_field = self.fields["speakers"]
        assert isinstance(strand_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        assert isinstance(speakers_field, forms.ModelMultipleChoiceField)  # noqa: S101
        strand_field.queryset = Strand.objects.filter(exchange=exchange).order_by("position", "id")
        speakers_field.queryset = Speaker.objects.filter(exchange=exchange).order_by("name", "id")


def _answer_field(question: Question) -> forms.Field:
    if question.kind == Question.Kind.CHOICE:
        return forms.ChoiceField(
            label=question.label,
            required=question.required,
            choices=[(c, c) for c in question.choices],
            widget=forms.RadioSelect,
        )
    if question.kind == Question.Kind.YES_NO:
        return forms.ChoiceField(
            label=question.label,
            required=question.required,
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
        )
    return forms.CharField(
        label=question.label,
        required=question.required,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[TextLengthValidator(2000)],
    )


class QuestionForm(GovukFormMixin, forms.Form):
    label = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices, widget=forms.RadioSelect)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For one of several choices: one choice per line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("choices") or "").splitlines() if line.strip()]


class ApplicationForm(GovukFormMixin, forms.Form):
    registration_type = forms.ModelChoiceField(
        label=_("Take part as"),
        queryset=RegistrationType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    learning_goals = forms.CharField(
        label=_("What do you want to learn, and what will you bring home?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[TextLengthValidator(4000)],
        help_text=_(
            "The organisers read this when they decide; after the exchange you compare it with what you learned."
        ),
    )

    def __init__(self, *args: Any, exchange: Exchange, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["registration_type"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = RegistrationType.objects.filter(exchange=exchange, open_to_applications=True).order_by(
            "position", "id"
        )
        self.question_ids: list[int] = []
        for question in Question.objects.filter(exchange=exchange).order_by("position", "id"):
            self.fields[f"q_{question.pk}"] = _answer_field(question)
            self.question_ids.append(question.pk)

    def answers(self) -> dict[str, str]:
        """The answers typed, keyed by question id (text), for the service to check."""
        return {str(pk): self.cleaned_data.get(f"q_{pk}") or "" for pk in self.question_ids}


class DecisionForm(GovukFormMixin, forms.Form):
    DECISIONS = (
        ("accept", _("Accept")),
        ("waitlist", _("Put on the waiting list")),
        ("decline", _("Decline")),
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[TextLengthValidator(2000)],
        help_text=_("Sent with the decision by e-mail."),
    )


class InvitationAnswerForm(GovukFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=(("accept", _("I accept")), ("decline", _("I decline"))),
        widget=forms.RadioSelect,
    )
    learning_goals = forms.CharField(
        label=Registration._meta.get_field("learning_goals").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[TextLengthValidator(4000)],
    )


class InvitationForm(GovukFormMixin, forms.Form):
    registration_type = forms.ModelChoiceField(
        label=_("Invite as"), queryset=RegistrationType.objects.none(), empty_label=None
    )
    username = forms.CharField(
        label=_("Username of a member"),
        max_length=150,
        required=False,
        help_text=_("For someone with an account. Otherwise give the guest's name below."),
    )
    name = forms.CharField(label=_("Guest's name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Guest's e-mail address"), required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[TextLengthValidator(2000)],
    )

    def __init__(self, *args: Any, exchange: Exchange, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["registration_type"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = RegistrationType.objects.filter(exchange=exchange).order_by("position", "id")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("username") or "").strip() and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Give a member's username or a guest's name."))
        return data


class CheckInForm(GovukFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("The 8 letters and digits on the delegate's pass."),
    )
