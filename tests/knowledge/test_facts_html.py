"""The case page's key facts and facts built in Python (knowledge.views.facts_html) are the same
bytes as ``knowledge/_key_facts.html`` and ``knowledge/_facts.html`` render, for facts in every
shape (one value or many, with or without a link and a language, text with line breaks and
markup, a date already marked safe) and in every language."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from tests.factories import CaseFactory
from translocal.knowledge.views.facts import Fact, FactGroup, Value, case_fact_groups
from translocal.knowledge.views.facts_html import fact_groups_html, key_facts_html
from translocal.knowledge.views.key_facts import case_key_facts

VALUES = [
    [Value("Plain")],
    [Value("Two\nlines & <b>markup</b>\r\nthree")],
    [Value("Linked & <i>", "/cases/?country=GB&x=<1>")],
    [Value("Named", "/organisations/o/", "es")],
    [Value(mark_safe('<time datetime="2021-06">June 2021</time>'))],
    [Value("A"), Value("B & <c>", "/b/?q=1&r=2"), Value("C", "/c/", "sv"), Value("d\ne")],
    [Value("Only linked", "/x/"), Value("another", "/y/", "fr")],
]


def _facts() -> list[Fact]:
    return [Fact(f"Label {n} <&> ‘quoted’", values) for n, values in enumerate(VALUES)]


@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
@pytest.mark.parametrize("count", [0, 1, 2, len(VALUES)])
def test_key_facts_html_is_the_templates_bytes(language, count):
    facts = _facts()[:count]
    with translation.override(language):
        expected = render_to_string("knowledge/_key_facts.html", {"key_facts": facts})
        assert key_facts_html(facts) == expected


@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_facts_html_is_the_templates_bytes(language, count):
    groups = [FactGroup(f"Group {n} & <more>", _facts()[n:]) for n in range(count)]
    with translation.override(language):
        expected = render_to_string("knowledge/_facts.html", {"fact_groups": groups})
        assert fact_groups_html(groups) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
def test_a_real_cases_facts_are_the_templates_bytes(language):
    case = CaseFactory(location_name="Somewhere <near> & far", number_of_participants=1234, links=[
        {"url": "https://example.org/?a=1&b=2", "title": "Example & co"}, {"url": "https://example.com/"},
    ])
    with translation.override(language):
        groups, key = case_fact_groups(case), case_key_facts(case)
        assert fact_groups_html(groups) == render_to_string("knowledge/_facts.html", {"fact_groups": groups})
        assert key_facts_html(key) == render_to_string("knowledge/_key_facts.html", {"key_facts": key})


def test_the_facts_labels_are_kept_per_language():
    """``facts._`` keeps gettext's answer per language: switching back and forth gives each
    language its own label, as gettext does."""
    from translocal.knowledge.views.facts import _  # noqa: PLC0415

    answers = {}
    for language in ["en", "es", "sv", "en", "es", None]:
        with translation.override(language):
            label = _("Start date")
            assert label == translation.gettext("Start date")
            answers.setdefault(language, label)
            assert answers[language] == label
    assert answers["en"] != answers["es"]
