"""A case's card built in Python (knowledge.cards, what every case card on the site now is) is
the same bytes as ``knowledge/_case_card.html`` renders, for cards in every shape and language,
and costs the same queries."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import CaseFactory, PlaceFactory, TermFactory
from translocal.core.models import Image
from translocal.knowledge.cards import case_card_html, case_cards_html
from translocal.knowledge.models import Case, CaseTranslation, Completeness
from translocal.knowledge.selectors.cases import _case_cards, case_cards_by_id

SUMMARIES = ["", "Short & sweet <b>bold</b>, l'usuari.", " ".join(f"word{i}" for i in range(60))]


def _template(case: Case, **context) -> str:  # noqa: ANN003
    return render_to_string("knowledge/_case_card.html", {"case": case, **context})


def _cards(db) -> list[Case]:  # noqa: ANN001
    """Cases in every shape a card has: place (with a country other than its name, or named as
    its country), a location name alone or nothing; a start date on 1 January (a year) or any
    day, or none; each completeness; summaries empty, with markup, past 40 words; 0 to 6 general
    issues, some with a Spanish label."""
    places = [
        PlaceFactory(name="Greater Manchester", country="GB"),
        PlaceFactory(name="Spain", country="ES"),  # the English country name: no ", Spain"
        PlaceFactory(name="São Paulo & <Co>", country="BR"),
    ]
    terms = [
        TermFactory(label=f"Issue {i} & more", labels={"es": f"Asunto {i}"} if i % 2 else {}) for i in range(6)
    ]
    where = [("place", p) for p in places] + [("location", "Somewhere <near>"), ("none", None)]
    dates = [None, dt.date(1989, 1, 1), dt.date(2021, 6, 30)]
    cases = []
    for n, ((kind, value), start, completeness, summary) in enumerate(
        itertools.product(where, dates, list(Completeness), SUMMARIES)
    ):
        case = CaseFactory(
            title=f"Case {n} <i>&</i> “quoted”",
            place=value if kind == "place" else None,
            location_name=value if kind == "location" else "",
            start_date=start,
            completeness=completeness,
            summary=summary,
            original_language=["en", "es", "fr"][n % 3],
        )
        case.general_issues.set(terms[: n % 7])
        cases.append(case)
    return cases


@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
def test_a_card_is_the_template_byte_for_byte(db, language):
    cases = _cards(db)
    image = Image.objects.create(
        name="a" * 64, thumb_name="b" * 64, format="jpeg", width=800, height=600, thumb_width=400,
        thumb_height=300, size_bytes=1, alt_text="A <square> & “its” trees", owner_kind="knowledge.case",
        owner_id=cases[0].pk,
    )
    Case.objects.filter(pk__in=[c.pk for c in cases[::4]]).update(lead_image=image)
    compared = 0
    with translation.override(language):
        # As the case list reads them (only the card's columns, place and image joined, issues
        # prefetched, titles in the reader's language), and with a translated title.
        listed = list(_case_cards(Case.objects.filter(pk__in=[c.pk for c in cases])).order_by("pk"))
        for i, case in enumerate(listed[::7]):
            case.translated_title, case.translated_summary = f"Caso {i} <traducido>", SUMMARIES[i % 3]
        for case, level, show_issues in itertools.product(listed, [2, 3, None], [False, True]):
            context = {"level": level, "show_issues": show_issues} if level else {"show_issues": show_issues}
            fast = case_card_html(case, level=level or 2, show_issues=show_issues)
            assert fast == _template(case, **context), (case.pk, level, show_issues)
            compared += 1
    assert compared == len(cases) * 6 == 810
    assert 'class="card__image"' in fast or any('class="card__image"' in case_card_html(c) for c in listed)


def test_a_card_reads_no_more_than_the_template(db):
    """Loaded without joins, a card queries its place and issues as the template would."""
    cases = _cards(db)[:12]
    for case in cases:
        fresh, again = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
        with CaptureQueriesContext(connection) as fast:
            html = case_card_html(fresh, level=3, show_issues=True)
        with CaptureQueriesContext(connection) as slow:
            assert html == _template(again, level=3, show_issues=True)
        assert len(fast) == len(slow)


def test_the_cards_of_a_list_follow_one_another(db):
    cases = list(_case_cards(Case.objects.filter(pk__in=[c.pk for c in _cards(db)[:5]])).order_by("pk"))
    joined = "".join(_template(case, level=3, show_issues=True) for case in cases)
    with CaptureQueriesContext(connection) as queries:
        assert case_cards_html(cases, level=3, show_issues=True) == joined
    assert len(queries) == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_case_list_loads_cards_in_plain_sql_as_the_orm_does(db, language):
    """``case_cards_by_id`` (the case list's page, one statement) gives the cards, in the order
    asked, that ``_case_cards`` (the ORM, a prefetch) gives: the same fields, deferred fields,
    place, lead image, titles in the reader's language and issues in order, so the same HTML."""
    cases = _cards(db)[:40]
    image = Image.objects.create(
        name="c" * 64, thumb_name="d" * 64, format="png", width=10, height=10, thumb_width=5, thumb_height=5,
        size_bytes=1, alt_text="Alt", owner_kind="knowledge.case", owner_id=cases[0].pk,
    )
    Case.objects.filter(pk__in=[c.pk for c in cases[::3]]).update(lead_image=image)
    for case in cases[::5]:
        CaseTranslation.objects.create(
            entry=case, language="es", title=f"Título {case.pk} <&>", summary="Resumen “x”", source_version=1,
            source_hash="x",
        )
    ids = [c.pk for c in reversed(cases)]
    with translation.override(language):
        with CaptureQueriesContext(connection) as queries:
            plain = case_cards_by_id(ids, using="default")
            plain_html = case_cards_html(plain, level=3, show_issues=True)
        orm = sorted(_case_cards(Case.objects.filter(pk__in=ids)), key=lambda c: ids.index(c.pk))
        assert plain_html == case_cards_html(orm, level=3, show_issues=True)
    assert len(queries) == 1
    assert [c.pk for c in plain] == ids
    for card, expected in zip(plain, orm, strict=True):
        assert card.get_deferred_fields() == expected.get_deferred_fields()
        assert {k: v for k, v in vars(card).items() if not k.startswith("_")} == {
            k: v for k, v in vars(expected).items() if not k.startswith("_")
        }
        assert card.place == expected.place and card.lead_image == expected.lead_image
        assert list(card.general_issues.all()) == list(expected.general_issues.all())
        assert [t.display_label for t in card.general_issues.all()] == [
            t.display_label for t in expected.general_issues.all()
        ]
    assert case_cards_by_id([], using="default") == []
