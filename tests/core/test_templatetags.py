import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from translocal.core.pagination import Page


class _Form(forms.Form):
    name = forms.CharField(help_text="Your full name")
    colours = forms.MultipleChoiceField(
        choices=[("r", "Red"), ("g", "Green")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(required=False)


def _render(source: str, **context) -> str:
    return Template("{% load translocal %}" + source).render(Context(context))


def test_field_links_hint_and_error_with_aria_describedby():
    form = _Form(data={})
    form.is_valid()
    html = _render('{% include "core/_field.html" with field=form.name %}', form=form)
    assert 'id="id_name-hint"' in html
    assert 'id="id_name-error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'aria-invalid="true"' in html
    assert "field--error" in html


def test_checkbox_group_is_a_fieldset_with_a_legend():
    html = _render('{% include "core/_field.html" with field=form.colours %}', form=_Form())
    assert "<fieldset" in html
    assert "<legend" in html and "Colours" in html
    assert 'for="id_colours_0"' in html


def test_error_summary_links_to_fields():
    form = _Form(data={})
    form.is_valid()
    html = _render('{% include "core/_error_summary.html" %}', form=form)
    assert 'href="#id_name"' in html
    assert 'href="#id_colours_0"' in html
    assert "There is a problem" in html


def test_error_summary_is_absent_without_errors():
    assert "error-summary" not in _render('{% include "core/_error_summary.html" %}', form=_Form())


def test_pagination_keeps_other_query_parameters():
    request = RequestFactory().get("/cases/", {"issue": "health", "cursor": "old"})
    page = Page(items=[1], next_cursor="NEXT", previous_cursor="PREV")
    html = _render('{% include "core/_pagination.html" %}', page=page, request=request)
    assert 'href="?issue=health&amp;cursor=NEXT"' in html
    assert 'href="?issue=health&amp;cursor=PREV"' in html
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_pagination_is_empty_for_a_single_page():
    assert "pagination" not in _render('{% include "core/_pagination.html" %}', page=Page(items=[1]))


@pytest.mark.django_db
def test_main_nav_marks_current_section(client):
    body = client.get("/places/").content.decode()
    assert 'href="/places/" aria-current="page"' in body
    assert 'href="/hubs/" aria-current' not in body


#: What core/_facet_option.html rendered for one option (included once per option before the
#: facet_options tag), kept here to show the tag's output is the same, byte for byte.
_FACET_OPTION_INCLUDE = (
    '        <div class="checkbox"><input id="f-{{ facet.name }}-{{ option_id }}" type="checkbox" '
    'name="{{ facet.name }}" value="{{ option.value }}"{% if option.selected %} checked{% endif %}>'
    '<label for="f-{{ facet.name }}-{{ option_id }}">{{ option.label }}{% if option.count is not None %} '
    '<span class="count">({{ option.count }})</span>{% endif %}</label></div>\n'
)


@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
def test_facet_options_render_what_one_include_per_option_did(language):
    from django.utils import translation
    from django.utils.safestring import mark_safe

    from translocal.core.listing import Facet, FacetOption

    options = [
        FacetOption("a&b", 'Tom & "Jerry" <i>', 12345, True),
        FacetOption("plain", mark_safe("<b>safe</b>"), 0),
        FacetOption("none", "No count", None),
        FacetOption("x'y", "Ünïcode ça", 7, True),
    ]
    facet = Facet('is"sue', "Issue", options)
    old_source = "{% for option in options %}{% with option_id=forloop.counter|add:offset %}" + _FACET_OPTION_INCLUDE
    old_source += "{% endwith %}{% endfor %}"
    with translation.override(language):
        for offset in (0, 999):
            old = Template(old_source).render(Context({"facet": facet, "options": options, "offset": offset}))
            new = _render("{% facet_options facet options offset %}", facet=facet, options=options, offset=offset)
            assert new == old
    assert 'value="a&amp;b" checked><label for="f-is&quot;sue-1000">Tom &amp; &quot;Jerry&quot; &lt;i&gt; ' in new
    assert "<b>safe</b>" in new and 'id="f-is&quot;sue-1002"' in new
