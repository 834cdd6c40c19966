"""GOV.UK errors in every form: a message that names the field, and no ``---------``."""

import importlib
import pkgutil

import pytest
from django import forms

import translocal
from translocal.core.forms import GovukFormMixin
from translocal.core.templatetags.translocal import field_widget


class _Example(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title")
    start_date = forms.DateField(label="Start date")
    country = forms.ChoiceField(label="Country", choices=[("", "---------"), ("ES", "Spain")])
    colours = forms.MultipleChoiceField(label="Colours", choices=[("r", "Red")])
    agree = forms.BooleanField(label="I agree to the terms")
    own = forms.CharField(label="Own", error_messages={"required": "Say something of your own"})
    sdgs = forms.CharField(label="SDGs")
    optional_pick = forms.ChoiceField(label="Pick", required=False, choices=[("", "---------"), ("a", "A")])


def test_an_empty_required_field_says_what_to_do_naming_it():
    form = _Example(data={})
    assert not form.is_valid()
    assert form.errors["title"] == ["Enter a title"]
    assert form.errors["start_date"] == ["Enter a start date"]
    assert form.errors["country"] == ["Choose country"]
    assert form.errors["colours"] == ["Choose at least one option for colours"]
    assert form.errors["agree"] == ["Tick the box to confirm: i agree to the terms"]
    assert form.errors["own"] == ["Say something of your own"]  # a form's own message is kept
    assert form.errors["sdgs"] == ["Enter SDGs"]  # an acronym keeps its capitals


def test_a_form_can_word_its_own_messages():
    class Titled(_Example):
        required_messages = {"title": "Enter the name of the case"}

    assert Titled(data={}).errors["title"] == ["Enter the name of the case"]


def test_selects_have_words_instead_of_dashes():
    form = _Example()
    assert dict(form.fields["country"].choices)[""] == "Choose one"
    assert dict(form.fields["optional_pick"].choices)[""] == "Not chosen"


def test_the_field_tag_replaces_dashes_of_fields_added_after_the_form_was_made():
    form = _Example()
    form.fields["late"] = forms.ModelChoiceField(queryset=_no_rows(), required=False)
    html = field_widget(form["late"])
    assert "---------" not in html and "Not chosen" in html


def _no_rows():  # noqa: ANN202
    from translocal.places.models import Place

    return Place.objects.none()


def _site_form_classes() -> list[type]:
    """Every form class the site's apps define (admin forms are Django's business)."""
    for module in pkgutil.walk_packages(translocal.__path__, "translocal."):
        name = module.name
        if ("form" in name.rsplit(".", 1)[-1] or name.endswith(".views")) and ".admin" not in name:
            importlib.import_module(name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        module = cls.__module__
        if module.startswith("translocal.") and ".admin" not in module and "versioning" not in module:
            found.append(cls)
    return found


def test_every_form_of_the_site_has_the_govuk_messages():
    classes = _site_form_classes()
    assert len(classes) > 40, [c.__name__ for c in classes]
    missing = [f"{c.__module__}.{c.__name__}" for c in classes if not issubclass(c, GovukFormMixin)]
    assert not missing, missing


@pytest.mark.django_db
def test_the_case_form_has_no_dashes_and_names_the_title():
    from translocal.knowledge.forms import CaseForm, ReflectionForm

    form = CaseForm(data={})
    assert form.errors["title"] == ["Enter a title"]
    for form in (CaseForm(), ReflectionForm()):
        html = str(form)
        assert "---------" not in html
