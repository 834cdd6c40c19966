"""The cold home page as its prepared and plain reads give it, with the sections written in
Python (``html`` of core.contributions: knowledge.home_html, places.home_html), is the page the
ORM's reads gave (each section's queryset run as it is, with Django's prefetches, and the
network totals as an ORM aggregate) through the sections' templates, byte for byte; and each
section written in Python gives its template's bytes, with data and empty. With data in every
section (reflections by members and guests, pending and declined authors among them, in a
series and not, translated titles; featured cases with and without a place; series; processes
with a phase running and without; upcoming exchanges; places with several hubs in ties of
members and names), in English, Spanish and Swedish, for an anonymous reader and a member."""

import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Prefetch, Sum
from django.template.loader import render_to_string
from django.utils import translation

from tests.exchanges.factories import ExchangeFactory
from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    PhaseFactory,
    PlaceFactory,
    ProcessFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from tests.knowledge.fresh_pages import fresh_page
from translocal.core import contributions
from translocal.core.prepared import PreparedQuery
from translocal.knowledge.models import CaseTranslation, ReflectionTranslation, Status
from translocal.knowledge.models.reflections import Authorship
from translocal.places import selectors as place_selectors
from translocal.places.models import Hub, Place

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ca", "es", "sv"]


def _translation(model, entry, language, title):
    return model.objects.create(
        entry=entry, language=language, title=title, summary=f"{title} <summary>", body="", body_html="",
        source_version=1, source_hash="0" * 64,
    )


def _world():
    """Data in every section of the home page; the member who reads it."""
    member = UserFactory(display_name="Ana <member>")
    series = SeriesFactory(title="Trans-local learning", description="Posts & notes " * 20)
    SeriesFactory(title="Empty series")
    for i in range(8):
        reflection = ReflectionFactory(
            title=f"Reflection {i} <b>", series=series if i % 2 else None, series_position=i if i % 2 else None,
            summary="What we learnt " * (i * 4),
        )
        AuthorshipFactory(reflection=reflection, user=reflection.created_by, position=1)
        if i % 3 == 0:
            AuthorshipFactory(
                reflection=reflection, user=None, guest_name=f"Guest {i}", guest_affiliation="Uni", position=0
            )
        if i % 4 == 1:
            AuthorshipFactory(reflection=reflection, user=UserFactory(), status=Authorship.Status.PENDING, position=2)
            AuthorshipFactory(reflection=reflection, user=UserFactory(), status=Authorship.Status.DECLINED, position=3)
        if i == 7:
            _translation(ReflectionTranslation, reflection, "es", "Reflexión siete")
    ReflectionFactory(title="A draft", status=Status.DRAFT, published_at=None)
    for i in range(8):
        place = PlaceFactory(name=f"Village {i}") if i % 2 else None
        case = CaseFactory(title=f"Case {i}", featured=i < 4, place=place)
        if i == 1:
            _translation(CaseTranslation, case, "sv", "Fall ett")
    countries = (("Åre", "SE"), ("Bilbao", "ES"), ("Kisumu", "KE"))
    places = [PlaceFactory(name=name, country=country) for name, country in countries]
    for i, (place, members, name) in enumerate(
        [
            (places[0], 5, "B hub"), (places[0], 5, "A hub"), (places[1], 10, "Solo"),
            (places[2], 4, "X"), (places[2], 6, "Y"),
        ]
    ):
        HubFactory(place=place, member_count=members, name=f"{name} {i}")
    for i, process in enumerate(ProcessFactory.create_batch(3)):
        PhaseFactory(process=process, position=1, name=f"Listening {i}")
        if i:
            PhaseFactory(process=process, position=2, starts_at=process.created_at.replace(year=2099))
    ExchangeFactory.create_batch(3, hub=None, place=places[1])
    ExchangeFactory(hub=None, place=None)
    return member


def _orm_call(self, *args, **static):
    """The statement's queryset run as it is (built, compiled, Django's prefetches)."""
    return list(self.build(*args, **static))


def _orm_places_with_hubs(*, limit=place_selectors.HOME_PLACES_LIMIT):
    hubs = Prefetch("hubs", queryset=Hub.objects.order_by("-member_count", "name", "pk"), to_attr="hub_list")
    return list(
        Place.objects.annotate(hub_members=Sum("hubs__member_count"), hub_count=Count("hubs"))
        .filter(hub_count__gt=0)
        .order_by("-hub_members", "name", "pk")
        .prefetch_related(hubs)[:limit]
    )


def _orm_network_totals():
    totals = Hub.objects.aggregate(
        hubs=Count("id"), members=Sum("member_count"), places=Count("place", distinct=True), last=Max("id")
    )
    return {key: value or 0 for key, value in totals.items()}


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_the_home_page_is_the_orm_page_byte_for_byte(client, monkeypatch, reader):
    member = _world()
    if reader == "member":
        client.force_login(member)
    pages = {language: fresh_page(client, "/", language) for language in LANGUAGES}
    with monkeypatch.context() as orm:
        orm.setattr(PreparedQuery, "__call__", _orm_call)
        orm.setattr(place_selectors, "places_with_hubs", _orm_places_with_hubs)
        orm.setattr(place_selectors, "network_totals", _orm_network_totals)
        for section in contributions.sections("home"):
            orm.setitem(contributions._sections, ("home", section.key), dataclasses.replace(section, html=None))
        expected = {language: fresh_page(client, "/", language) for language in LANGUAGES}
    for language in LANGUAGES:
        assert pages[language][0] == 200
        assert pages[language] == expected[language], language
    english = pages["en"][1]
    shown_in_english = (
        "Reflection 7 &lt;b&gt;", "Guest 6", "Case 0", "Trans-local learning",
        "Listening 0", "Now:", "B hub 0", "Exchange",
    )
    for shown in shown_in_english:
        assert shown in english, shown
    assert "Reflexión siete" in pages["es"][1] and "Fall ett" in pages["sv"][1]


def test_network_totals_without_hubs():
    assert place_selectors.network_totals() == {"hubs": 0, "members": 0, "places": 0, "last": 0}


def _in_python() -> list[contributions.Section]:
    return [section for section in contributions.sections("home") if section.html is not None]


def _counted(context):
    """``context`` with every figure (a dict's values) at 0, at 1 (the singular) and at 12345."""
    for n in (0, 1, 12345):
        yield {key: {name: n for name in value} if isinstance(value, dict) else value for key, value in context.items()}


def test_the_sections_in_python_are_their_templates_byte_for_byte():
    _world()
    assert {s.key for s in _in_python()} >= {
        "latest-reflections", "series", "featured-cases", "places-and-hubs", "knowledge-figures", "network-figures",
        "upcoming-exchanges",
    }
    for language in LANGUAGES:
        with translation.override(language):
            for section in _in_python():
                context = {**section.context(None, AnonymousUser()), "subject": None, "viewer": AnonymousUser()}
                empty = {key: [] if isinstance(value, list) else value for key, value in context.items()}
                for shown in (context, empty, *_counted(context)):
                    assert section.html(shown) == render_to_string(section.template, shown), (section.key, language)
