"""The header of a case's page built in Python (knowledge.views.case_header_html) is the same
bytes as the ``header`` partial of knowledge/case_detail.html renders: every status, a place or
none, a start date or none, each completeness grade, a summary or none, for a reader who may
edit the case (the hint's link, the actions) and one who may not, a takedown's notice and a
translation's, in every language. tests/knowledge/test_case_page_reads.py also compares whole
pages (the ORM's path renders the partial)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from tests.factories import CaseFactory, PlaceFactory, UserFactory
from translocal.knowledge import selectors
from translocal.knowledge.models import CaseTranslation, Completeness, Status
from translocal.knowledge.views import cases as case_views
from translocal.knowledge.views.case_header_html import case_header_html
from translocal.knowledge.views.common import takedown_context

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ca", "es", "sv"]


def _compare(case, user, language, lang_query=None):
    request = RequestFactory().get(case.get_absolute_url())
    request.user = user
    with translation.override(language):
        wanted, original_asked = selectors.wanted_language(lang_query)
        page = selectors.case_for_page(slug=case.slug, language=wanted)
        reading = selectors.reading_of(page, original_asked=original_asked)
        context = {"case": page, "entry": page, "reading": reading, **takedown_context(request, page)}
        expected = render_to_string("knowledge/case_detail.html#header", context, request)
        assert case_header_html(request, context) == expected, (case.title, user, language)
        return expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_is_the_partials_bytes(language):
    author, other = UserFactory(), UserFactory()
    place = PlaceFactory(name="Saint <Denis> & co")
    shapes = itertools.product(
        [Status.PUBLISHED, Status.DRAFT, Status.UNPUBLISHED],
        [place, None],
        [dt.date(2019, 5, 4), None],
        [Completeness.STUB, Completeness.PARTIAL, Completeness.COMPLETE],
        ["A <summary> & more", ""],
    )
    compared = 0
    for n, (status, where, started, grade, summary) in enumerate(shapes):
        case = CaseFactory(
            title=f"Case <{n}> & co", status=status, place=where, start_date=started, summary=summary,
            created_by=author, published_at=None if status == Status.DRAFT else dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        )
        type(case).objects.filter(pk=case.pk).update(completeness=grade)
        for user in (AnonymousUser(), author, other):
            _compare(case, user, language)
            compared += 1
    assert compared == 3 * 2 * 2 * 3 * 2 * 3


def test_a_translation_and_the_original_asked_for_are_the_partials_bytes():
    translator = UserFactory(first_name="Ana <T>")
    case = CaseFactory(title="Original", original_language="en")
    for language, extra in (("es", {"translator": translator}), ("sv", {"machine_translator": "A & machine"})):
        CaseTranslation.objects.create(
            entry=case, language=language, title=f"Title {language}", summary="", body="x", body_html="<p>x</p>",
            source_version=case.version, source_hash="0" * 64, is_outdated=language == "sv", **extra,
        )
    for language, query in itertools.product(LANGUAGES, [None, "orig", "sv"]):
        _compare(case, AnonymousUser(), language, query)
    assert "translation-notice" in _compare(case, AnonymousUser(), "es")


def test_the_page_writes_the_header_in_python(client, monkeypatch):
    case = CaseFactory(title="Shown")
    monkeypatch.setattr(case_views, "case_header_html", lambda request, context: mark_safe("<p>the python header</p>"))
    html = client.get(case.get_absolute_url()).content.decode()
    assert "<p>the python header</p>" in html and 'class="page-header"' not in html
