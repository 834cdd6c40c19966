"""knowledge.place_html: the cases and reflections section of a place's and a hub's page in
Python is its template, byte for byte, in English, Spanish, Catalan (an apostrophe in a
translation) and Swedish, with entries, with one list empty and with both empty."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import CaseFactory, HubFactory, PlaceFactory, ReflectionFactory
from translocal.core import contributions
from translocal.knowledge.place_html import place_entries_html

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "es", "ca", "sv")


def _section(page):
    return next(s for s in contributions.sections(page) if s.key == "knowledge")


def test_the_place_and_hub_pages_use_it():
    assert _section("place").html is place_entries_html and _section("hub").html is place_entries_html


@pytest.mark.parametrize("page", ["place", "hub"])
def test_the_same_bytes_as_the_template_with_entries_and_without(page):
    place = PlaceFactory(name="L'Hospitalet & <Bellvitge>")
    CaseFactory(place=place, title='Budget "ciutadà" & <youth>', summary="Words " * 50)
    CaseFactory(place=place, title="Second case", summary="")
    ReflectionFactory(title="Reflection <i>", summary="Short & sweet.").places.add(place)
    subject = HubFactory(place=place) if page == "hub" else place
    section = _section(page)
    for language in LANGUAGES:
        with translation.override(language):
            context = {**section.context(subject, AnonymousUser()), "subject": subject, "viewer": AnonymousUser()}
            context = {**context, "cases": list(context["cases"]), "reflections": list(context["reflections"])}
            assert len(context["cases"]) == 2 and len(context["reflections"]) == 1
            for shown in (
                context,
                {**context, "cases": []},
                {**context, "reflections": []},
                {**context, "cases": [], "reflections": []},
            ):
                assert place_entries_html(shown) == render_to_string(section.template, shown), language
    with translation.override("ca"):
        html = place_entries_html({**context, "cases": []})
    assert "d'aquí" in html and "L&#x27;Hospitalet &amp; &lt;Bellvitge&gt;" in html
