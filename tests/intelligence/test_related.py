""""Related across the network" on entry pages: the nearest published entries, never a draft
or a taken-down one, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from translocal.intelligence import selectors
from translocal.knowledge.services import unpublish_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(make_case, author, django_user_model):
    youth = make_case("Youth council shapes the parks", "Teenagers advise the city on playgrounds and green spaces.")
    similar = make_case(
        "Young residents redesign their streets", "A youth panel chose benches and trees for the district."
    )
    draft = make_case("Teen assembly on playgrounds (draft)", "Young people plan play areas.", publish=False)
    removed = make_case("Children's parliament on parks", "Pupils advise on green spaces.")
    staff = django_user_model.objects.create(username="staff", is_staff=True, is_superuser=True)
    unpublish_case(acting_user=staff, case=removed, reason="Test takedown.")
    unrelated = make_case("Tax on fuel imports", "Customs duties reviewed by the finance ministry.")
    return {"youth": youth, "similar": similar, "draft": draft, "removed": removed, "unrelated": unrelated}


def test_related_are_published_entries_nearest_first(cases):
    related = selectors.related_entries(kind="case", object_id=cases["youth"].pk)
    ids = [entry.object_id for entry in related]
    assert ids[0] == cases["similar"].pk
    assert cases["youth"].pk not in ids
    assert cases["draft"].pk not in ids and cases["removed"].pk not in ids
    assert ids.index(cases["similar"].pk) < ids.index(cases["unrelated"].pk)


def test_a_draft_page_has_no_related_section(cases):
    assert selectors.related_entries(kind="case", object_id=cases["draft"].pk) == []


def test_related_costs_two_queries_when_the_index_is_current(cases):
    selectors.related_entries(kind="case", object_id=cases["youth"].pk)  # the index loads
    with CaptureQueriesContext(connection) as queries:
        selectors.related_entries(kind="case", object_id=cases["youth"].pk)
    assert len(queries) == 2  # the embeddings version, the public entries


def test_the_case_page_shows_related_across_the_network(client, cases):
    html = client.get(cases["youth"].get_absolute_url()).content.decode()
    assert "Related across the network" in html
    assert cases["similar"].title in html
    assert cases["draft"].title not in html and cases["removed"].title not in html
