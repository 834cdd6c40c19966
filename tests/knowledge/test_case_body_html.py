"""The body of a case's page built in Python (knowledge.views.case_body_html) is the same bytes
as the ``body`` partial of knowledge/case_detail.html renders, for bodies in every shape (a lead
image or none, a description or none, every kind of provenance, related cases or none,
reflections or none, an aside section or none) and in every language."""

from __future__ import annotations

import itertools

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from tests.factories import CaseFactory, ReflectionFactory, TermFactory
from translocal.core.contributions import PageSections
from translocal.core.models import Image
from translocal.knowledge import selectors
from translocal.knowledge.models import Status
from translocal.knowledge.views.case_body_html import case_body_html
from translocal.knowledge.views.cases import _case_body
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

PROVENANCE = [
    {},
    {"attribution": "By <b>Someone</b> & friends", "source_name": "Participedia"},
    {"source_name": "Participedia & co", "source_url": "https://example.org/?a=1&b=2", "source_id": "42<"},
    {"source_name": "Participedia", "source_url": "https://example.org/case"},
    {"source_name": "Participedia <x>", "licence": "CC BY-SA 4.0 & more"},
    {"licence": "CC BY 4.0"},
]
IMAGE = {"name": "a&b <c>.jpg", "alt_text": 'A "quoted" <alt>', "width": 1200, "height": 800}


def _page(case, language):
    page = selectors.case_for_page(slug=case.slug, language=language)
    selectors.fill_case_page(page)
    return page


@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
def test_the_body_is_the_partials_bytes(language):
    issue = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Issue & more")
    related = CaseFactory(title="Related <i>one</i>", status=Status.PUBLISHED)
    related.general_issues.add(issue)
    flags = list(itertools.product([True, False], repeat=3))
    shapes = [(PROVENANCE[n % len(PROVENANCE)], *flags[n % len(flags)]) for n in range(len(flags))]
    for n, (provenance, with_issue, with_reflection, with_body) in enumerate(shapes):
        case = CaseFactory(
            title=f"Case {n}", body="Some *text* & <b>more</b>" if with_body else "", **provenance
        )
        if with_issue:
            case.general_issues.add(issue)
        if with_reflection:
            reflection = ReflectionFactory(title=f"Reflection <{n}> & co", status=Status.PUBLISHED)
            reflection.cases.add(case)
        with translation.override(language):
            page = _page(case, language)
            if n % 3 == 0:
                page.lead_image = Image(**IMAGE)
            reading = selectors.reading_of(page, body_html=page.body_html)
            for sections in (PageSections(), PageSections({"aside": mark_safe("<section>Aside &amp; more</section>")})):
                context = {**_case_body(page), "sections": sections, "reading": reading}
                expected = render_to_string("knowledge/case_detail.html#body", context)
                assert case_body_html(context) == expected, (n, provenance)
