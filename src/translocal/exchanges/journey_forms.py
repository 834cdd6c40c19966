"""Input parsing for the learning-journey pages; the services validate again and decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.places.models import Hub, Organisation, Place
from translocal.places.selectors import listed_organisations

from .lineage import became_id
from .models import Commitment, CommitmentStatus, Lesson, Outcome, Privacy, Registration, Session, Substantiation

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _privacy_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Who can see it"),
        choices=Privacy.choices,
        initial=Privacy.PARTICIPANTS,
        widget=forms.RadioSelect,
        help_text=_("The organisers of the exchange always can. Private items are in no list, figure or report."),
    )


class _EntryChoiceField(forms.TypedChoiceField):
    """A case or method of the commons, chosen by id (the service checks it may be cited)."""

    def __init__(self, *, entries: list[Any], **kwargs: Any) -> None:
        self.entries = {entry.pk: entry for entry in entries}
        choices = [("", _("None")), *((entry.pk, entry.title) for entry in entries)]
        super().__init__(choices=choices, coerce=int, required=False, empty_value=None, **kwargs)

    def clean(self, value: Any) -> Any:
        pk = super().clean(value)
        return self.entries.get(pk) if pk is not None else None


class LessonForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label=_("What you learned, in a sentence"), max_length=200)
    body = forms.CharField(
        label=_("More detail"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    answers_goal = forms.BooleanField(
        label=_("This answers one of the learning goals I set before the exchange"), required=False
    )
    session = forms.ModelChoiceField(label=_("From the session"), queryset=Session.objects.none(), required=False)
    place = forms.ModelChoiceField(label=_("From the place"), queryset=Place.objects.order_by("name"), required=False)
    person_name = forms.CharField(
        label=_("From the person"),
        max_length=150,
        required=False,
        help_text=_("Their name, and their role or organisation if it helps."),
    )
    privacy = _privacy_field()

    def __init__(
        self, *args: Any, registration: Registration, cases: list[Any], methods: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        session_field = self.fields["session"]
        assert isinstance(session_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        session_field.queryset = Session.objects.filter(exchange_id=registration.exchange_id).order_by("starts_at")
        self.fields["case"] = _EntryChoiceField(label=_("From the case"), entries=cases)
        self.fields["method"] = _EntryChoiceField(label=_("From the method"), entries=methods)
        self.order_fields(["title", "body", "answers_goal", "session", "case", "method", "place"])

    @staticmethod
    def initial_for(lesson: Lesson) -> dict[str, Any]:
        return {
            "title": lesson.title,
            "body": lesson.body,
            "answers_goal": lesson.answers_goal,
            "session": lesson.session_id,
            "case": lesson.case_id,
            "method": lesson.method_id,
            "place": lesson.place_id,
            "person_name": lesson.person_name,
            "privacy": lesson.privacy,
        }


class CommitmentForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label=_("What you will do at home"), max_length=200)
    body = forms.CharField(
        label=_("More detail"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    lesson = forms.ModelChoiceField(label=_("The lesson it comes from"), queryset=Lesson.objects.none(), required=False)
    owner_name = forms.CharField(
        label=_("Who carries it"), max_length=150, required=False, help_text=_("Leave empty if it is you.")
    )
    due_on = forms.DateField(label=_("By when"), widget=_DATE)
    hub = forms.ModelChoiceField(label=_("The hub it concerns"), queryset=Hub.objects.order_by("name"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("The organisation it concerns"), queryset=Organisation.objects.none(), required=False
    )
    privacy = _privacy_field()
    becomes = forms.TypedChoiceField(
        label=_("The co-production process it became"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "When your commitment grew into a co-production process on this platform. The process's "
            "coordinators see the commitment's title and your name, and confirm it before it shows on "
            "the process's results."
        ),
    )

    def __init__(
        self, *args: Any, registration: Registration, processes: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        becomes_field = self.fields["becomes"]
        assert isinstance(becomes_field, forms.TypedChoiceField)  # noqa: S101 - declared above
        becomes_field.choices = [("", _("None yet")), *(processes or [])]
        lesson_field = self.fields["lesson"]
        organisation_field = self.fields["organisation"]
        assert isinstance(lesson_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        assert isinstance(organisation_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        lesson_field.queryset = Lesson.objects.filter(registration=registration).order_by("created_at", "id")
        organisation_field.queryset = listed_organisations().order_by("name")

    @staticmethod
    def initial_for(commitment: Commitment) -> dict[str, Any]:
        return {
            "title": commitment.title,
            "body": commitment.body,
            "lesson": commitment.lesson_id,
            "owner_name": commitment.owner_name,
            "due_on": commitment.due_on,
            "hub": commitment.hub_id,
            "organisation": commitment.organisation_id,
            "privacy": commitment.privacy,
            "becomes": became_id(commitment),
        }


class FollowUpForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Where it stands"), choices=CommitmentStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Progress note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    written_on = forms.DateField(label=_("Date"), widget=_DATE, required=False, help_text=_("Empty: today."))
    evidence_url = forms.URLField(label=_("Evidence: a link"), max_length=500, required=False, assume_scheme="https")
    evidence_document = forms.FileField(
        label=_("Evidence: a document"),
        required=False,
        help_text=_("A PDF, office document, text file or image, at most 10 MB."),
    )
    evidence_path = forms.CharField(
        label=_("Evidence: a page on this platform"),
        max_length=300,
        required=False,
        help_text=_("Its address on this site, such as /cases/my-case/."),
    )


class OutcomeForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What changed"), choices=Outcome.Kind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("The change"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is different now, where and since when."),
    )
    who_changed = forms.CharField(
        label=_("Who changed"), max_length=300, help_text=_("A person, team, organisation or body.")
    )
    contribution = forms.CharField(
        label=_("How the exchange contributed"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    observed_on = forms.DateField(label=_("When it happened"), widget=_DATE)
    commitment = forms.ModelChoiceField(
        label=_("The commitment it follows"), queryset=Commitment.objects.none(), required=False
    )
    privacy = _privacy_field()

    def __init__(self, *args: Any, registration: Registration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commitment"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Commitment.objects.filter(registration=registration).order_by("due_on", "id")


class SubstantiationRequestForm(GovukFormMixin, forms.Form):
    verifier_name = forms.CharField(label=_("Verifier's name"), max_length=150)
    verifier_email = forms.EmailField(
        label=_("Verifier's e-mail address"), help_text=_("They get a link to answer; no account is needed.")
    )
    verifier_role = forms.CharField(label=_("Their role or organisation"), max_length=200, required=False)


class SubstantiationAnswerForm(GovukFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you confirm the change?"), choices=Substantiation.Answer.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class RatingForm(GovukFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the exchange to you?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: not at all; 5: very useful."),
    )
