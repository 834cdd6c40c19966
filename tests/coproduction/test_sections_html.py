"""coproduction.sections_html: the processes section of the home, place and hub pages in Python
is its template, byte for byte, in English, Spanish, Catalan (an apostrophe in a translation) and
Swedish: processes in a running phase, between phases and without any, a title translated into
the reader's language, the hub's calendar link, and no process at all."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tests.factories import HubFactory, PhaseFactory, PlaceFactory, ProcessFactory
from translocal.coproduction.models import ProcessTranslation
from translocal.coproduction.sections_html import processes_html
from translocal.core import contributions

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "es", "ca", "sv")
PAGES = ("home", "place", "hub")


def _section(page):
    return next(s for s in contributions.sections(page) if s.key == "coproduction-processes")


def test_the_three_pages_use_it():
    assert all(_section(page).html is processes_html for page in PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_the_same_bytes_as_the_template_with_processes_and_without(page):
    place = PlaceFactory(name="L'Hospitalet")
    hub = HubFactory(place=place, slug="l-hospitalet")
    now = timezone.now()
    running = ProcessFactory(hub=hub, place=place, title='Budget "ciutadà" & <youth>')
    PhaseFactory(process=running, name="Proposals & <ideas>", starts_at=now - dt.timedelta(days=2))
    between = ProcessFactory(hub=hub, place=place, title="Between phases")
    month = dt.timedelta(days=30)
    PhaseFactory(process=between, name="Over", starts_at=now - 2 * month, ends_at=now - month)
    ProcessFactory(hub=hub, place=place, title="Not started", original_language="ca")
    ProcessTranslation.objects.create(
        process=running, language="es", title="Presupuesto <joven>", summary="", description="",
        source_version=running.version, source_hash="0" * 64,
    )
    subject = {"home": None, "place": place, "hub": hub}[page]
    section = _section(page)
    for language in LANGUAGES:
        with translation.override(language):
            context = {**section.context(subject, AnonymousUser()), "subject": subject, "viewer": AnonymousUser()}
            context["processes"] = list(context["processes"])
            assert len(context["processes"]) == 3
            for shown in (context, {**context, "processes": []}, {**context, "calendar_hub": None}):
                assert processes_html(shown) == render_to_string(section.template, shown), (page, language)
            if language == "es":
                html = processes_html(context)
    assert "Presupuesto &lt;joven&gt;" in html and "Proposals &amp; &lt;ideas&gt;" in html
    assert ("l-hospitalet" in html) == (page == "hub")  # the calendar link is the hub page's
