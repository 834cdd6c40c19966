"""Reflections, their authors (members and guests) and series."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from translocal.accounts.models import User
from translocal.core.forms import GovukFormMixin
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, limit_form_fields
from translocal.core.versioning import VersionedFormMixin
from translocal.exchanges import selectors as exchange_selectors
from translocal.places.models import Hub, Place

from .. import permissions, selectors
from ..models import Case, Method, Reflection, Series
from ..services import AuthorInput
from .common import _EntryForm, model_choices
from .pickers import PersonPickerWidget, use_pickers


class ReflectionForm(_EntryForm):
    sections = (
        (_("The reflection"), ("title", "summary", "body", "original_language", "hub")),
        (_("Series"), ("series", "series_position")),
        (_("What it is about"), ("exchange", "cases", "methods", "places", "themes", "sdgs")),
    )
    field_order = ["title", "summary", "body", "original_language", "hub", "series", "series_position"]
    series_position = forms.IntegerField(
        label=_("Position in the series"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to add it as the next post (or keep its place)."),
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
            "exchange",
            "cases",
            "methods",
            "places",
            "themes",
            "sdgs",
        ]
        labels = {
            "exchange": _("The exchange it reflects on"),
            "cases": _("Cases it is about"),
            "methods": _("Methods it is about"),
            "places": _("Places it is about"),
        }
        help_texts = {
            "cases": _("Type part of a case's title, then choose it; choose as many as apply."),
            "methods": _("Type part of a method's name, then choose it from the list; choose as many as apply."),
            "places": _("Type part of a place's name, then choose it; choose as many as apply."),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user  # who is editing: only a series' editors may choose a position in it
        super().__init__(*args, **kwargs)
        model_choices(self, "series").queryset = Series.objects.order_by("title").only("id", "title")
        self.fields["series"].help_text = _(
            "Optional: make this a numbered post of a series. If you do not edit the series, your post "
            "is proposed to its editors, and numbered once they accept it."
        )
        self.proposal = selectors.pending_series_proposal_of(reflection_id=self.instance.pk)
        if self.proposal is not None and not self.is_bound:
            self.initial["series"] = self.proposal.series_id
            self.fields["series"].help_text = _(
                "Proposed to “%(series)s”: waiting for its editors to accept it."
            ) % {"series": self.proposal.series.title}
        model_choices(self, "cases").queryset = (
            Case.objects.filter(status="published").order_by("title").only("id", "title")
        )
        model_choices(self, "methods").queryset = Method.objects.filter(status="published").only("id", "title")
        model_choices(self, "places").queryset = Place.objects.order_by("name").only("id", "name")
        model_choices(self, "exchange").queryset = exchange_selectors.exchanges_to_reflect_on()
        self.fields["exchange"].help_text = _("Optional: a public exchange; its page and feed list the reflection.")
        use_pickers(self, {"cases": "cases", "methods": "methods", "places": "places"})

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        series, position = data.get("series"), data.get("series_position")
        if position and not series:
            self.add_error("series_position", _("Choose a series first, or leave the position empty."))
        elif position and series is not None:
            stored = self.instance.pk and Reflection.objects.filter(pk=self.instance.pk).values_list(
                "series_id", "series_position"
            ).first()
            if stored and tuple(stored) == (series.pk, position):
                data["series_position"] = None  # unchanged: it keeps its place
            elif self.user is not None and not permissions.can_edit_series(self.user, series):
                self.add_error("series_position", _(
                    "Only the editors of “%(series)s” choose where a post goes in it. Leave the position "
                    "empty: it keeps its place (or comes next)."
                ) % {"series": series.title})
        return data


class AuthorForm(GovukFormMixin, forms.Form):
    """One author row: a member by username, or a guest by name (and affiliation)."""

    username = forms.CharField(
        label=_("Member's name or username"), required=False, max_length=150, widget=PersonPickerWidget
    )
    guest_name = forms.CharField(label=_("Or a guest author's name"), required=False, max_length=150)
    guest_affiliation = forms.CharField(label=_("Guest's affiliation"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        username = (data.get("username") or "").strip()
        guest = (data.get("guest_name") or "").strip()
        if username and guest:
            raise ValidationError(_("Give either a member's username or a guest's name, not both."))
        if username:
            user = User.objects.filter(username__iexact=username, is_active=True).first()
            if user is None:
                named = list(User.objects.filter(display_name__iexact=username, is_active=True)[:2])
                if len(named) == 1:
                    user = named[0]
                elif named:
                    self.add_error("username", _(
                        "Several members are called “%(name)s”: choose one from the list, or type their username."
                    ) % {"name": username})
                else:
                    self.add_error("username", _("No member has the name or username “%(name)s”.") % {"name": username})
            data["user"] = user
        elif data.get("guest_affiliation") and not guest:
            self.add_error("guest_name", _("Give the guest author's name."))
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
            raise ValidationError(_("Add at least one author."))
        members = [a.user.pk for a in authors if a.user is not None]
        if len(members) != len(set(members)):
            raise ValidationError(_("A member is listed twice as an author."))

    def authors(self) -> list[AuthorInput]:
        """Authors in the order given (the "Order" numbers, else the rows' order)."""
        rows = []
        for index, form in enumerate(self.forms):
            if not hasattr(form, "cleaned_data") or (self.can_delete and form.cleaned_data.get("DELETE")):
                continue
            if form.is_blank():
                continue
            order = form.cleaned_data.get("ORDER")
            rows.append((order if order is not None else index + 1, index, form.author()))
        return [author for _, _, author in sorted(rows, key=lambda r: (r[0], r[1]))]


# The stubs type formset_factory's result as the plain BaseFormSet whatever `formset` is.
AuthorFormSet = cast(
    type[_BaseAuthorFormSet],
    forms.formset_factory(AuthorForm, formset=_BaseAuthorFormSet, extra=2, can_delete=True, can_order=True, max_num=20),
)


def author_initial(reflection: Reflection | None, user: Any) -> list[dict[str, Any]]:
    if reflection is None:
        return [{"username": user.username}]
    return [
        {
            "username": a.user.username if a.user is not None else "",
            "guest_name": a.guest_name,
            "guest_affiliation": a.guest_affiliation,
            "ORDER": n,
            "status": a.status,
            "status_label": a.get_status_display(),
        }
        for n, a in enumerate(reflection.authorships.select_related("user").order_by("position", "id"), 1)
    ]


class SeriesForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "description", "hub"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"title": _("Title"), "description": _("Description"), "hub": _("Hub")}
        help_texts = {"description": _("What the series is about, in a few sentences (plain text).")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "hub").queryset = Hub.objects.order_by("name")
        limit_form_fields(self, {"description": MAX_DESCRIPTION_LENGTH})
