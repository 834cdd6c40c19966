"""exchanges.place_html: a place page's and a hub page's exchanges sections in Python are their
templates, byte for byte, in English, Spanish and Swedish, with data in every part, with parts
missing and empty."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation

from tests.exchanges.factories import ExchangeFactory, LessonFactory, RegistrationFactory
from tests.factories import HubFactory, PlaceFactory, UserFactory
from translocal.core import contributions
from translocal.exchanges.place_html import hub_exchanges_html, place_exchanges_html

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ca", "es", "sv")


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


def _hub_section():
    return next(s for s in contributions.sections("hub") if s.key == "exchanges")


def test_the_hub_page_uses_its_own():
    assert _hub_section().html is hub_exchanges_html


def test_a_hub_section_is_the_template_with_exchanges_and_without():
    hub = HubFactory(name="Hub & <co>", slug="hub-co")
    ExchangeFactory(hub=hub, title='Peer visit "co-production" & <youth>', starts_on=dt.date(2026, 3, 9))
    ExchangeFactory(hub=hub, title="Second", starts_on=dt.date(2025, 11, 30))
    empty_hub = HubFactory(name="Quiet hub")
    section = _hub_section()
    for language in LANGUAGES:
        with translation.override(language):
            for subject, count in ((hub, 2), (empty_hub, 0)):
                context = {**section.context(subject, AnonymousUser()), "subject": subject, "viewer": AnonymousUser()}
                assert len(context["exchanges"]) == count
                assert hub_exchanges_html(context) == render_to_string(section.template, context), language
    with translation.override("en"):
        html = hub_exchanges_html({**section.context(hub, AnonymousUser()), "subject": hub})
    assert "this hub's exchanges" in html and "&amp; &lt;youth&gt;" in html
