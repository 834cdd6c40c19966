"""One meaning per date (issue 15: "the same case is dated '1989' in the list and '4 April
2023' in search"). Every list, search result, card and page shows an entry's one date with its
label, and the same labelled date wherever the entry appears."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, MethodFactory, PlaceFactory, ReflectionFactory
from translocal.core.dates import DateMeaning, LabelledDate
from translocal.knowledge.models import Case, Method, Reflection
from translocal.search.services import index_instances

pytestmark = pytest.mark.django_db

POSTED = dt.datetime(2023, 4, 4, 12, 0, tzinfo=dt.UTC)
STARTED_1989 = '<span class="labelled-date">Started <time datetime="1989">1989</time></span>'
PUBLISHED_4_APRIL = '<span class="labelled-date">Published <time datetime="2023-04-04">4 April 2023</time></span>'


def _index_all() -> None:
    for model in (Case, Method, Reflection):
        index_instances(model.objects.all())


def _pages(client, entry, list_url: str) -> dict[str, str]:
    return {
        "list": client.get(list_url).content.decode(),
        "search": client.get(reverse("search:search"), {"q": entry.title}).content.decode(),
        "page": client.get(entry.get_absolute_url()).content.decode(),
    }


def test_a_case_shows_when_it_started_in_the_list_in_search_and_on_its_page(client):
    place = PlaceFactory(name="Porto Alegre", slug="porto-alegre", country="BR")
    case = CaseFactory(title="Porto Alegre budget", place=place, start_date=dt.date(1989, 1, 1), published_at=POSTED)
    _index_all()

    pages = _pages(client, case, reverse("knowledge:case-list"))
    pages["place"] = client.get(place.get_absolute_url()).content.decode()

    for name, html in pages.items():
        assert STARTED_1989 in html, name
        assert "4 April 2023" not in html, name  # the date it was written up is not shown


def test_a_case_without_a_start_date_shows_no_date_rather_than_its_publication(client):
    case = CaseFactory(title="Undated assembly", start_date=None, published_at=POSTED)
    _index_all()

    for name, html in _pages(client, case, reverse("knowledge:case-list")).items():
        assert "4 April 2023" not in html, name
        assert "Published" not in html, name


def test_a_start_date_within_a_year_shows_the_day(client):
    case = CaseFactory(title="Spring assembly", start_date=dt.date(2021, 3, 15), published_at=POSTED)
    _index_all()

    started = '<span class="labelled-date">Started <time datetime="2021-03-15">15 March 2021</time></span>'
    for name, html in _pages(client, case, reverse("knowledge:case-list")).items():
        assert started in html, name


def test_a_reflection_shows_its_publication_labelled_in_the_list_search_page_and_home(client):
    reflection = ReflectionFactory(title="What Porto Alegre taught us", published_at=POSTED)
    _index_all()

    pages = _pages(client, reflection, reverse("knowledge:reflection-list"))
    pages["home"] = client.get(reverse("core:home")).content.decode()

    for name, html in pages.items():
        assert PUBLISHED_4_APRIL in html, name


def test_a_method_in_search_shows_its_publication_labelled(client):
    MethodFactory(title="Citizens jury", published_at=POSTED)
    _index_all()

    html = client.get(reverse("search:search"), {"q": "citizens jury"}).content.decode()

    assert PUBLISHED_4_APRIL in html


def test_the_labels_read_in_the_readers_language(client):
    case = CaseFactory(title="Porto Alegre budget", start_date=dt.date(1989, 1, 1), published_at=POSTED)
    reflection = ReflectionFactory(title="Porto Alegre reflection", published_at=POSTED)
    _index_all()

    spanish = client.get(reverse("search:search"), {"q": "Porto Alegre"}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    swedish = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    catalan = client.get(reflection.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ca").content.decode()

    assert 'Iniciado en <time datetime="1989">1989</time>' in spanish
    assert 'Publicado el <time datetime="2023-04-04">4 de abril de 2023</time>' in spanish
    assert 'Startade <time datetime="1989">1989</time>' in swedish
    assert "Publicat el <time" in catalan


def test_a_labelled_date_as_text_and_its_precision():
    assert str(LabelledDate(DateMeaning.STARTED, dt.date(1989, 1, 1))) == "Started 1989"
    assert str(LabelledDate(DateMeaning.ENDED, dt.date(1990, 6, 30))) == "Ended 30 June 1990"
    # A publication on 1 January is a day, not a year.
    assert str(LabelledDate(DateMeaning.PUBLISHED, dt.date(2024, 1, 1))) == "Published 1 January 2024"
    assert LabelledDate.of(DateMeaning.PUBLISHED, None) is None
