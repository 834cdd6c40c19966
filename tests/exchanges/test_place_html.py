"""exchanges.place_html: a place page's exchanges section in Python is its template, byte for
byte, in English, Spanish and Swedish, with data in every part, with parts missing and empty."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation

from tests.exchanges.factories import ExchangeFactory, LessonFactory, RegistrationFactory
from tests.factories import PlaceFactory, UserFactory
from translocal.core import contributions
from translocal.exchanges.place_html import place_exchanges_html

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "es", "sv")


def _place_with_exchanges():
    place = PlaceFactory(name="Greater Manchester & <Salford>")
    elsewhere = PlaceFactory(name="Barcelona")
    ExchangeFactory(hub=None, place=place, title='Peer visit "co-production" & <youth>', starts_on=dt.date(2026, 3, 9))
    ExchangeFactory(hub=None, place=place, title="Hosted two", starts_on=dt.date(2025, 11, 30))
    for i, (where, delegates) in enumerate([(elsewhere, 1), (elsewhere, 3), (None, 2)]):
        exchange = ExchangeFactory(hub=None, place=where, title=f"Visit {i} <b>", starts_on=dt.date(2026, 1, 10 + i))
        for _ in range(delegates):
            RegistrationFactory(
                registration_type__exchange=exchange, user=UserFactory(place=place), status="accepted"
            )
        LessonFactory(registration__registration_type__exchange=exchange, place=place, title=f"Lesson {i} & more")
    return place


def _section():
    return contributions.sections("place")[[s.key for s in contributions.sections("place")].index("exchanges")]


def test_the_place_page_uses_it():
    assert _section().html is place_exchanges_html


def test_the_same_bytes_as_the_template_with_data_and_without():
    place = _place_with_exchanges()
    section = _section()
    for language in LANGUAGES:
        with translation.override(language):
            context = {**section.context(place, AnonymousUser()), "subject": place, "viewer": AnonymousUser()}
            assert context["exchanges"] and context["attended"] and context["lessons"]
            assert {e.delegates_from_place for e in context["attended"]} == {1, 2, 3}
            variants = [context]
            for missing in ("exchanges", "attended", "lessons"):
                variants.append({**context, missing: []})
            variants.append({**context, "exchanges": [], "attended": [], "lessons": []})
            for shown in variants:
                assert place_exchanges_html(shown) == render_to_string(section.template, shown), language
    with translation.override("es"):
        html = place_exchanges_html(context)
    assert "3 delegados de aquí" in html and "1 delegado de aquí" in html
    assert "&amp; &lt;youth&gt;" in html and "&lt;b&gt;" in html
