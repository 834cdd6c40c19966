"""Exact query counts of the pages that gather several apps (home, place, hub, profile,
organisation): the same at 10 and at 200 rows of every section, cold and warm cache, for an
anonymous visitor and for a signed-in person. An exact count (not a maximum) shows a query
that appeared and one that vanished alike.

Cold is an empty cache; warm is the same request again. Anonymous visitors of the cacheable
pages get the whole page from the page cache when warm (one query: the content version).
Signed in always costs the session and the user (2) on top, and the content version (1) once
a page uses a fragment cache, except on the pages cached per person (home, place, hub,
profile), where the user's statement reads the versions too (accounts.backends).
"""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.exchanges.factories import ExchangeFactory, LessonFactory, RegistrationFactory
from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    MethodFactory,
    OrganisationFactory,
    PhaseFactory,
    PlaceFactory,
    ProcessFactory,
    ProposalFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from translocal.coproduction.models import Result, ResultLink
from translocal.knowledge.models import Status

pytestmark = pytest.mark.django_db


def _reflections(n: int, **kwargs) -> list:
    series = SeriesFactory.create_batch(min(n, 20))
    reflections = []
    for i in range(n):
        reflection = ReflectionFactory(series=series[i % len(series)], series_position=i // len(series) + 1, **kwargs)
        AuthorshipFactory(reflection=reflection, user=reflection.created_by)
        reflections.append(reflection)
    return reflections


def _processes(n: int, **kwargs) -> None:
    """Published public processes (each with two phases, one running) for the process sections."""
    for process in ProcessFactory.create_batch(min(n, 30), **kwargs):
        PhaseFactory(process=process, position=1)
        PhaseFactory(process=process, position=2, starts_at=process.created_at.replace(year=2099))


def _home(n: int) -> tuple[str, None]:
    _reflections(n)
    places = PlaceFactory.create_batch(min(n, 30))
    for i in range(n):
        HubFactory(place=places[i % len(places)], member_count=i)
    CaseFactory.create_batch(n, featured=True)
    MethodFactory.create_batch(n)
    _processes(n)
    ExchangeFactory.create_batch(n, hub=None, place=places[0])
    return reverse("core:home"), None


def _place(n: int) -> tuple[str, None]:
    place = PlaceFactory()
    HubFactory.create_batch(n, place=place)
    OrganisationFactory.create_batch(n, place=place)
    CaseFactory.create_batch(n, place=place)
    for reflection in _reflections(n):
        reflection.places.add(place)
    _processes(n, place=place)
    ExchangeFactory.create_batch(n, hub=None, place=place)
    for exchange in ExchangeFactory.create_batch(n, hub=None):  # attended by people from the place
        RegistrationFactory(registration_type__exchange=exchange, user__place=place, status="accepted")
        LessonFactory(registration__registration_type__exchange=exchange, place=place)  # lessons taken from it
    return place.get_absolute_url(), None


def _hub(n: int) -> tuple[str, None]:
    hub = HubFactory()
    HubMembershipFactory.create_batch(n, hub=hub)
    HubMembershipFactory.create_batch(3, hub=hub, role="coordinator")
    for organisation in OrganisationFactory.create_batch(n):
        hub.organisations.add(organisation)
    CaseFactory.create_batch(n, place=hub.place)
    for reflection in _reflections(n):
        reflection.places.add(hub.place)
    _processes(n, hub=hub)
    ExchangeFactory.create_batch(n, hub=hub)
    return hub.get_absolute_url(), None


def _profile(n: int) -> tuple[str, object]:
    person = UserFactory(place=PlaceFactory(), organisation=OrganisationFactory())
    for reflection in _reflections(n, created_by=person):
        reflection.authorships.update(user=person)
    ReflectionFactory(created_by=person, status=Status.DRAFT, published_at=None)
    CaseFactory.create_batch(n, created_by=person, place=PlaceFactory())
    CaseFactory(created_by=person, status=Status.DRAFT, published_at=None)
    MethodFactory.create_batch(n, created_by=person)
    for hub in HubFactory.create_batch(n):
        HubMembershipFactory(hub=hub, user=person)
    for _ in range(n):
        RegistrationFactory(user=person, registration_type__exchange__hub=None)
    for proposal in ProposalFactory.create_batch(n, author=person, process=ProcessFactory()):
        result = Result.objects.create(process=proposal.process, title=f"Result of {proposal.title}", progress=40)
        ResultLink.objects.create(result=result, process=proposal.process, proposal=proposal)
    return person.get_absolute_url(), person


def _organisation(n: int) -> tuple[str, None]:
    organisation = OrganisationFactory(place=PlaceFactory())
    for hub in HubFactory.create_batch(n):
        hub.organisations.add(organisation)
    UserFactory.create_batch(n, organisation=organisation, place=PlaceFactory())
    for case in CaseFactory.create_batch(n, place=PlaceFactory()):
        case.organisations.add(organisation)
    return organisation.get_absolute_url(), None


# page: (data, {scenario: exact count}); see the module docstring for the scenarios.
PAGES: dict[str, tuple[Callable[[int], tuple[str, object]], dict[str, int]]] = {
    # version; knowledge counts (1), latest reflections + bylines (2), series (1), featured
    # cases (1); network totals (1), places + their hubs (2); processes + their phases (2);
    # upcoming exchanges (1). Warm: the versions and the member counts filled in live (1,
    # places.membership_caching: joins and leaves leave the page cached).
    "home": (_home, {"anonymous cold": 12, "anonymous warm": 2, "signed in cold": 13, "signed in warm": 2}),
    # place, hubs, organisations; version; cases, reflections (1: a list of entries shows no
    # bylines), processes + phases (2);
    # exchanges hosted (1), exchanges attended from the place (1), lessons taken from it (1).
    # Signed in warm: the session, user and versions in one statement (accounts.backends: this
    # process saw the session on the cold view), place (the hubs and organisations are a
    # fragment), the hubs' member counts filled in live (1). Anonymous warm: versions, member counts.
    "place": (_place, {"anonymous cold": 11, "anonymous warm": 2, "signed in cold": 12, "signed in warm": 3}),
    # hub, coordinators, members, organisations; version; cases, reflections (1),
    # processes + phases (2), exchanges hosted (1); signed in: the viewer's membership and the
    # hubs they coordinate. Signed in warm: session, user and versions in one statement, hub, hubs they
    # coordinate, membership (people and organisations are a fragment for all but coordinators
    # and staff). Anonymous warm: versions, the member count filled in live.
    "hub": (_hub, {"anonymous cold": 10, "anonymous warm": 2, "signed in cold": 13, "signed in warm": 4}),
    # person, version, roles/expertise/languages (one statement: taxonomy.selectors.fill_terms),
    # hubs; reflections, cases,
    # methods, proposals (with their processes) and the results they became. Anonymous warm: the
    # whole page from the page cache (versions) with its support counts filled in live (1,
    # coproduction.live_counts). Signed in, the person's own entries are per viewer; warm, the
    # "About" block (terms and hubs: 2) is a fragment. On their own profile:
    # + the author requests waiting for them (1) and their exchange registrations (1).
    "profile": (_profile, {"anonymous cold": 9, "anonymous warm": 2, "signed in cold": 12, "signed in warm": 9}),
    # organisation, hubs, people; version; cases it organised.
    "organisation": (
        _organisation,
        {"anonymous cold": 5, "anonymous warm": 1, "signed in cold": 7, "signed in warm": 6},
    ),
}


def _get(client, url: str, exactly: int, assert_num_queries) -> None:
    with assert_num_queries(exactly):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_query_count_is_exact_and_independent_of_rows(client, django_assert_num_queries, page, rows):
    """Anonymous first, then signed in (the page's owner where it has one), each cold then warm."""
    build, expected = PAGES[page]
    url, owner = build(rows)
    for viewer in ("anonymous", "signed in"):
        if viewer == "signed in":
            client.force_login(owner or UserFactory())
        cache.clear()
        _get(client, url, expected[f"{viewer} cold"], django_assert_num_queries)
        _get(client, url, expected[f"{viewer} warm"], django_assert_num_queries)


def test_a_refused_cursor_costs_no_list_query(client, django_assert_num_queries):
    """The 400 page answers before any list or facet is read: a probe costs the content
    version read that keys the list's cached fragment, nothing more."""
    CaseFactory.create_batch(3)
    with django_assert_num_queries(1):
        response = client.get("/cases/?cursor=WyJhZnRlciIsIFsxXV0")  # issue 9's example
    assert response.status_code == 400


def test_the_takedown_form_query_count_is_exact(client, django_assert_num_queries):
    staff = UserFactory(is_staff=True)
    case = CaseFactory(status=Status.PUBLISHED)
    client.force_login(staff)
    client.get("/")  # the session and the chrome's per-process caches warmed
    with django_assert_num_queries(3):  # session, user, the case
        response = client.get(f"/cases/{case.slug}/unpublish/")
    assert response.status_code == 200 and 'name="reason"' in response.content.decode()
