""""Related across the network" on entry pages: the nearest published entries, never a draft
or a taken-down one, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

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



@pytest.mark.parametrize("language", ["en", "es"])
def test_related_show_a_case_s_translation_in_the_reader_s_language_in_as_many_queries(client, cases, author, language):
    from translocal.knowledge.services import save_translation

    similar = cases["similar"]
    save_translation(
        acting_user=author, entry=similar, language="es",
        data={"title": "Jóvenes rediseñan sus calles", "summary": "Un panel juvenil eligió bancos.", "body": "Texto."},
    )
    selectors.related_entries(kind="case", object_id=cases["youth"].pk)  # the index loads
    html = client.get(cases["youth"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    if language == "es":
        assert f'<a href="{similar.get_absolute_url()}?lang=es" lang="es">Jóvenes rediseñan sus calles</a>' in html
    else:
        assert f'<a href="{similar.get_absolute_url()}" lang="en">{similar.title}</a>' in html
        assert "Jóvenes rediseñan" not in html
    with translation.override(language), CaptureQueriesContext(connection) as queries:
        selectors.related_entries(kind="case", object_id=cases["youth"].pk)
    assert len(queries) == 2


@pytest.fixture
def network(make_case, author, place):
    from tests.factories import PlaceFactory
    from translocal.places.services import create_organisation, unpublish_organisation

    manchester = PlaceFactory(name="Manchester", country="GB")
    bogota = PlaceFactory(name="Bogotá", country="CO")
    own = make_case("Youth council shapes the parks", "Teenagers advise the city on playgrounds.", place=place)
    same_place = make_case("Pupils plan the school yard", "Young people design green play areas.", place=place)
    elsewhere = make_case(
        "Young residents redesign parks", "A youth panel chose playground equipment.", place=manchester
    )
    draft = make_case("Teen assembly on playgrounds", "Young people plan play areas.", place=bogota, publish=False)
    org = create_organisation(
        acting_user=author,
        data={"name": "Youth Voice Collective", "description": "Helps teenagers advise cities on parks."},
    )
    hidden = create_organisation(
        acting_user=author, data={"name": "Young Parks Forum", "description": "Teenagers advise on playgrounds."}
    )
    staff = author.__class__.objects.create(username="boss", is_staff=True, is_superuser=True)
    unpublish_organisation(acting_user=staff, organisation=hidden, reason="Test.")
    return locals()


def test_who_elsewhere_tried_this_names_other_places_and_why(network):
    peers = selectors.peers(kind="case", object_id=network["own"].pk, own_place_id=network["place"].pk)
    names = [p.name for p in peers.places]
    assert "Manchester" in names and "Malmö" not in names and "Bogotá" not in names  # own place, a draft's
    manchester = peers.places[names.index("Manchester")]
    assert [c.object_id for c in manchester.cases] == [network["elsewhere"].pk]  # the reason: what matched
    organisations = [o.object_id for o in peers.organisations]
    assert network["org"].pk in organisations and network["hidden"].pk not in organisations


def test_the_case_page_shows_who_elsewhere_tried_this(client, network):
    html = client.get(network["own"].get_absolute_url()).content.decode()
    assert "Who elsewhere tried this" in html and "Manchester" in html and "Youth Voice Collective" in html
    assert "Young Parks Forum" not in html and "Bogotá" not in html


def test_peers_cost_three_queries_when_the_index_is_current(network):
    kwargs = {"kind": "case", "object_id": network["own"].pk, "own_place_id": network["place"].pk}
    selectors.peers(**kwargs)
    with CaptureQueriesContext(connection) as queries:
        selectors.peers(**kwargs)
    assert len(queries) == 3  # the embeddings version, the public entries, the places' entries
