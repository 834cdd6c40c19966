""""Who else tried this?" on a process's and a commitment's pages: the same matching service as
a case's (the places behind similar public cases elsewhere, each with why it matched),
processes, results and commitments embedded through the intelligence registration point,
never a private commitment nor a process the public cannot see, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.exchanges.factories import AcceptedRegistrationFactory, ExchangeFactory
from tests.factories import HubFactory, HubMembershipFactory, PlaceFactory, UserFactory
from translocal.coproduction import services as coproduction_services
from translocal.coproduction.accountability import services as result_services
from translocal.coproduction.models import Process
from translocal.exchanges import services as exchange_services
from translocal.intelligence import selectors
from translocal.intelligence.models import Embedding
from translocal.places.models import HubMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_case, place):
    """Malmö (the fixture's place) with a hub running a public process on young people and
    parks, and one for members only; Manchester and Bogotá with cases on the same theme (one a
    draft); a delegate from Malmö with a public and a private commitment."""
    manchester = PlaceFactory(name="Manchester", country="GB")
    bogota = PlaceFactory(name="Bogotá", country="CO")
    hub = HubFactory(name="Malmö Youth Lab", place=place)
    coordinator = UserFactory()
    HubMembershipFactory(hub=hub, user=coordinator, role=HubMembership.Role.COORDINATOR)
    elsewhere = make_case(
        "Young residents redesign their parks", "A youth panel chose playground equipment for the parks.",
        place=manchester,
    )
    make_case("Teen assembly on playgrounds", "Young people plan play areas.", place=bogota, publish=False)
    make_case("Pupils plan the school yard", "Young people design green play areas.", place=place)
    process = coproduction_services.create_process(
        acting_user=coordinator, hub=hub, title="Youth council for the parks",
        summary="Teenagers advise the city on parks and playgrounds.", is_published=True,
    )
    members = coproduction_services.create_process(
        acting_user=coordinator, hub=hub, title="Youth parks budget for members",
        summary="Teenagers decide on parks.", is_published=True, access=Process.Access.MEMBERS,
    )
    result = result_services.create_result(
        acting_user=coordinator, process=process, title="Two parks redesigned with teenagers",
        description="Young people chose the benches and the playground of two parks.",
    )
    registration = AcceptedRegistrationFactory(registration_type__exchange=ExchangeFactory(hub=HubFactory()))
    owner = registration.user

    def commit(title, privacy):
        return exchange_services.save_commitment(
            acting_user=owner, registration=registration,
            data={"title": title, "body": "Teenagers advise on playgrounds and parks.", "due_on": dt.date(2030, 1, 1),
                  "hub": hub, "privacy": privacy},
        )

    public = commit("Start a youth council for our parks", "public")
    private = commit("Youth council on parks, my private plan", "private")
    return locals()


def vectors():
    return set(Embedding.objects.filter(is_public=True).values_list("kind", "object_id"))


def test_processes_results_and_public_commitments_are_embedded_when_written(world):
    embedded = vectors()
    assert ("process", world["process"].pk) in embedded and ("result", world["result"].pk) in embedded
    assert ("commitment", world["public"].pk) in embedded
    assert ("process", world["members"].pk) not in embedded  # members only: never public
    assert ("commitment", world["private"].pk) not in embedded


def test_a_commitment_made_private_leaves_the_index(world):
    from translocal.exchanges.services.journey_moderation import make_journey_item_private

    staff = UserFactory(is_staff=True, is_superuser=True)
    make_journey_item_private(acting_user=staff, item=world["public"], reason="Asked by the delegate.")
    assert ("commitment", world["public"].pk) not in vectors()


@pytest.mark.parametrize("kind", ["process", "commitment"])
def test_who_else_tried_this_names_other_places_with_reasons(world, kind):
    subject = world["process" if kind == "process" else "public"]
    text = f"{subject.title} {getattr(subject, 'summary', '')} {getattr(subject, 'body', '')}"
    peers = selectors.peers(kind=kind, object_id=subject.pk, own_place_id=world["place"].pk, text=text)
    names = [p.name for p in peers.places]
    assert "Manchester" in names and "Malmö" not in names and "Bogotá" not in names  # own place; a draft's
    [match] = peers.places[names.index("Manchester")].matches
    assert match.entry.object_id == world["elsewhere"].pk
    assert "parks" in match.shared  # the reason: the words it shares, and the passage
    assert match.passage == "A youth panel chose playground equipment for the parks."


@pytest.mark.parametrize("page", ["process", "commitment"])
def test_the_page_asks_who_else_tried_this(world, client, page):
    url = world["process" if page == "process" else "public"].get_absolute_url()
    html = client.get(url).content.decode()
    assert "Who elsewhere tried this" in html and "Manchester" in html
    assert "Young residents redesign their parks" in html and "shared words:" in html
    assert "Bogotá" not in html and "Teen assembly" not in html
    assert "Youth parks budget for members" not in html and "my private plan" not in html


def test_a_private_commitment_is_a_404_to_others_and_its_owner_sees_no_peers(world, client):
    private = world["private"]
    assert client.get(private.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(private.get_absolute_url()).status_code == 404
    client.force_login(world["owner"])
    html = client.get(private.get_absolute_url()).content.decode()
    assert private.title in html and "Who elsewhere tried this" not in html  # no public vector


def more_cases(make_case, count):
    for n in range(count):
        town = PlaceFactory(name=f"Parks town {n}", country="DE")
        make_case(f"Parks panel {n}", "Young people advise on parks.", place=town)


@pytest.mark.parametrize("extra", [0, 8])
def test_the_matching_pages_cost_the_same_whatever_the_network(world, client, make_case, django_assert_num_queries,
                                                                 extra):
    more_cases(make_case, extra)
    process_url, commitment_url = world["process"].get_absolute_url(), world["public"].get_absolute_url()
    selectors.related_entries(kind="process", object_id=world["process"].pk)  # the index loads
    # Process page (anonymous, not cached yet): the content versions, the process and its phases, its results'
    # progress, polls and budgets (the page's own seven), its goals (one), the related entries
    # (the embeddings version, the entries) and who else tried this (the embeddings version,
    # the entries, the places' entries).
    with django_assert_num_queries(PROCESS_PAGE):
        client.get(process_url)
    # Commitment page: its own five reads (the commitment with its exchange, hub and
    # organisation, its follow-ups and goals, the process it became), then the same five of the
    # matching service as the process page.
    with django_assert_num_queries(COMMITMENT_PAGE):
        client.get(commitment_url)


PROCESS_PAGE = 13
COMMITMENT_PAGE = 10


def test_peers_of_a_process_cost_three_queries_when_the_index_is_current(world):
    kwargs = {"kind": "process", "object_id": world["process"].pk, "own_place_id": world["place"].pk}
    selectors.peers(**kwargs)
    with CaptureQueriesContext(connection) as queries:
        selectors.peers(**kwargs)
    assert len(queries) == 3  # the embeddings version, the public entries, the places' entries
