"""A list of entries built in Python (core.entry_lists, ``{% entry_list %}``: the place, hub and
profile pages' lists) is the same bytes as ``core/_entry_list.html`` renders, for entries in
every shape, in English, Spanish and Swedish, and costs the same queries."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.safestring import mark_safe

from tests.factories import CaseFactory, MethodFactory, PlaceFactory, ReflectionFactory
from translocal.knowledge.models import Case, Method, Reflection
from translocal.knowledge.models.base import Status
from translocal.knowledge.selectors.common import ENTRY_LIST_FIELDS
from translocal.knowledge.selectors.translations import with_translated_titles

INCLUDE = Template(
    '{% load i18n %}{% translate "No cases yet." as empty %}'
    '{% include "core/_entry_list.html" with entries=entries heading_level=level empty=given|default:empty '
    "show_status=own %}"
)
TAG = Template(
    '{% load i18n entry_lists %}{% translate "No cases yet." as empty %}'
    "{% entry_list entries heading_level=level empty=given|default:empty show_status=own %}"
)
BARE_INCLUDE = Template('{% include "core/_entry_list.html" with entries=entries %}')
BARE_TAG = Template("{% load entry_lists %}{% entry_list entries %}")

SUMMARIES = ["", "Short & sweet <b>bold</b>, l'usuari.", " ".join(f"word{i}" for i in range(60))]


def _entries(db) -> list[list]:  # noqa: ANN001
    """Cases, reflections and methods in every shape a list shows: published or not (draft,
    taken down), with a start date (a case: on 1 January, a year; or any day) or none, each kind
    of summary, an original language or another, titles with markup; then as the pages read them
    (only the list's columns, titles in the reader's language), some with a translated title."""
    place = PlaceFactory(name="Greater Manchester", country="GB")
    statuses = [Status.PUBLISHED, Status.DRAFT, Status.UNPUBLISHED]
    made = []
    for n, (status, start, summary) in enumerate(
        itertools.product(statuses, [None, dt.date(1989, 1, 1), dt.date(2021, 6, 30)], SUMMARIES)
    ):
        published_at = dt.datetime(2024, 3, 1 + n % 27, tzinfo=dt.UTC) if status == Status.PUBLISHED else None
        common = {
            "title": f"Entry {n} <i>&</i> “quoted”",
            "summary": summary,
            "status": status,
            "published_at": published_at,
            "original_language": ["en", "es", "fr"][n % 3],
        }
        made.append(CaseFactory(place=place, start_date=start, **common))
        if start is None:
            made.append(ReflectionFactory(**common))
            made.append(MethodFactory(**common))
    lists = []
    for model in (Case, Reflection, Method):
        ids = [e.pk for e in made if isinstance(e, model)]
        fields = ("start_date",) if model is Case else ()
        read = with_translated_titles(model.objects.filter(pk__in=ids).only(*ENTRY_LIST_FIELDS, *fields))
        entries = list(read.order_by("pk"))
        for i, entry in enumerate(entries[::4]):
            entry.translated_title, entry.translated_summary = f"Traducido {i} <b>", SUMMARIES[i % 3]
        lists.append(entries)
    return lists


@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
def test_an_entry_list_is_the_template_byte_for_byte(db, language):
    lists = _entries(db)
    compared = 0
    with translation.override(language):
        for entries, level, own, given in itertools.product(
            [*lists, lists[0][:1], []], [3, 2, None], [False, True], ["", mark_safe("<em>Nada</em>"), "a < b"]
        ):
            context = {"entries": entries, "level": level, "own": own, "given": given}
            assert TAG.render(Context(context)) == INCLUDE.render(Context(context))
            compared += 1
        for entries in [*lists, []]:
            assert BARE_TAG.render(Context({"entries": entries})) == BARE_INCLUDE.render(Context({"entries": entries}))
    assert compared == 5 * 3 * 2 * 3
    assert sum(len(entries) for entries in lists) == 27 + 9 + 9


def test_an_entry_list_costs_no_query_when_the_entries_are_read(db):
    lists = _entries(db)
    with CaptureQueriesContext(connection) as queries:
        html = TAG.render(Context({"entries": lists[0], "level": 3, "own": True, "given": ""}))
    assert len(queries) == 0
    assert html.count('<li class="card">') == 27
    assert "badge--draft" in html  # drafts and taken-down cases show their status on one's own list
