"""The key-facts box a case page opens with (issue 15: "where, when, how many took part,
methods, decision method, outcome status, above the story, as Participedia does")."""

import datetime as dt
import re

import pytest

from tests.factories import CaseFactory, MethodFactory, PlaceFactory, TermFactory, UserFactory
from translocal.knowledge.models import Status
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

#: The case page for an anonymous reader: cold (the content version, the case with its place and
#: translation, its terms, its other relations: knowledge.selectors.case_page, three plain
#: statements; its related cases) and warm (the whole page from the cache). The key facts read
#: what the page already loads, so they add none.
CASE_PAGE_QUERIES = 6
CASE_PAGE_WARM_QUERIES = 1


def _box(html: str) -> str:
    match = re.search(r'<section class="key-facts".*?</section>', html, re.S)
    assert match, "no key-facts box"
    return match.group(0)


def _rows(box: str) -> dict[str, str]:
    rows = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", box, re.S)
    return {label: re.sub(r"\s+", " ", value).strip() for label, value in rows}


@pytest.fixture
def case():
    place = PlaceFactory(name="Porto Alegre", slug="porto-alegre", country="BR")
    method = MethodFactory(title="Participatory budgeting", slug="participatory-budgeting")
    draft_method = MethodFactory(title="Secret draft method", status=Status.DRAFT, published_at=None)
    case = CaseFactory(
        title="Porto Alegre budget",
        place=place,
        start_date=dt.date(1989, 1, 1),
        end_date=dt.date(2004, 6, 30),
        ongoing=False,
        number_of_participants=40000,
        body_html="<p>The story of the budget.</p>",
    )
    case.methods.add(method, draft_method)
    case.decision_methods.add(TermFactory(vocabulary=Vocabulary.DECISION_METHOD, label="Voting", slug="voting"))
    case.change_types.add(TermFactory(vocabulary=Vocabulary.CHANGE_TYPE, label="Changes in public policy"))
    return case


def test_the_case_page_opens_with_the_key_facts_above_the_story(client, case):
    html = client.get(case.get_absolute_url()).content.decode()

    box = _box(html)
    assert html.index('class="key-facts"') < html.index("The story of the budget.")
    assert '<h2 id="key-facts-title">Key facts</h2>' in box
    rows = _rows(box)
    assert list(rows) == [
        "Where",
        "When",
        "Status",
        "How many took part",
        "Methods",
        "How it was decided",
        "What changed",
    ]
    assert '<a href="/places/porto-alegre/">Porto Alegre</a>' in rows["Where"]
    assert 'href="/cases/?country=BR">Brazil</a>' in rows["Where"]
    assert 'Started <time datetime="1989">1989</time>' in rows["When"]
    assert 'Ended <time datetime="2004-06-30">30 June 2004</time>' in rows["When"]
    assert rows["Status"] == "Ended"
    assert rows["How many took part"] == "40,000"
    assert rows["Methods"] == '<a href="/methods/participatory-budgeting/">Participatory budgeting</a>'
    assert "Secret draft method" not in html  # a draft method is never named
    assert rows["How it was decided"] == '<a href="/cases/?decision=voting">Voting</a>'
    assert rows["What changed"] == "Changes in public policy"


def test_an_ongoing_case_without_recorded_methods_shows_its_types_of_method(client):
    case = CaseFactory(place=None, location_name="Somewhere by the river", ongoing=True, start_date=dt.date(2020, 3, 5))
    case.method_types.add(TermFactory(vocabulary=Vocabulary.METHOD_TYPE, label="Deliberative and dialogic process"))

    rows = _rows(_box(client.get(case.get_absolute_url()).content.decode()))

    assert rows["Where"] == "Somewhere by the river"
    assert rows["When"] == '<span class="labelled-date">Started <time datetime="2020-03-05">5 March 2020</time></span>'
    assert rows["Status"] == "Ongoing"
    assert rows["Methods"] == "Deliberative and dialogic process"


def test_a_case_that_records_none_of_the_key_facts_has_no_box(client):
    case = CaseFactory(place=None)

    html = client.get(case.get_absolute_url()).content.decode()

    assert 'class="key-facts"' not in html


def test_the_key_facts_are_in_the_readers_language(client, case):
    html = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    rows = _rows(_box(html))
    assert "Dónde" in rows and "Cuándo" in rows
    assert 'Iniciado en <time datetime="1989">1989</time>' in rows["Cuándo"]
    assert rows["Cuántas personas participaron"].replace("\xa0", " ") == "40 000"  # Spanish grouping


def test_the_case_page_costs_the_same_queries_with_its_key_facts(client, case, django_assert_num_queries, monkeypatch):
    from django.core.cache import cache

    from translocal.knowledge.views import cases

    monkeypatch.setattr(cases, "case_key_facts", lambda case: [])
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        without = client.get(case.get_absolute_url())
    assert 'class="key-facts"' not in without.content.decode()
    monkeypatch.undo()
    cache.clear()

    with django_assert_num_queries(CASE_PAGE_QUERIES):
        response = client.get(case.get_absolute_url())
    assert 'class="key-facts"' in response.content.decode()
    with django_assert_num_queries(CASE_PAGE_WARM_QUERIES):
        client.get(case.get_absolute_url())


def test_the_key_facts_of_a_signed_in_reader_cost_no_query_more(client, case, django_assert_num_queries):
    client.force_login(UserFactory())
    # The session and the user, whose statement reads the versions too (accounts.backends).
    with django_assert_num_queries(CASE_PAGE_QUERIES + 1):
        response = client.get(case.get_absolute_url())
    assert 'class="key-facts"' in response.content.decode()
