"""Input parsing for a hub's local targets and indicator values (the services validate the rest)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.taxonomy.models import Term, Vocabulary

from .labels import concise_label
from .models import LocalTarget


class _TermChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        """Our concise label ("11.3 Inclusive, participatory planning"): the official titles are a
        paragraph each, too long for a list of 169 (they are on the goals and targets page)."""
        return concise_label(obj.slug)


class LocalTargetForm(GovukFormMixin, forms.Form):
    target = _TermChoice(
        label=_("Official target"),
        queryset=Term.objects.filter(vocabulary=Vocabulary.SDG, parent__isnull=False).order_by("position"),
        help_text=_("The target of the Sustainable Development Goals this local target contributes to."),
    )
    code = forms.CharField(
        label=_("Code"), max_length=30, help_text=_("Short and unique in the hub, such as 11.3.GM1.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("How it is measured"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class IndicatorValueForm(GovukFormMixin, forms.Form):
    local_target = forms.ModelChoiceField(label=_("Local target"), queryset=LocalTarget.objects.none())
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=6)
    unit = forms.CharField(
        label=_("Unit"), max_length=60, required=False, help_text=_("For example: per cent, people or tonnes.")
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source"), max_length=500, required=False)

    def __init__(self, *args: Any, hub: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["local_target"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - for the type checker
        field.queryset = LocalTarget.objects.filter(hub=hub).order_by("code")
