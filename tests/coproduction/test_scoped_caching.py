"""Cached pages follow the frequent writes of co-production (a support, a comment, a ballot, a
signature) and nothing else: the page of what was written to shows it at once, every other
cached page (another proposal, the case list, the home page) is served without re-rendering;
a case edit leaves co-production pages cached and a co-production write leaves case pages.

"Served from the cache" is counted in queries: a cached anonymous page reads its versions (one
query) and, for a process's pages, the running phase (one more); a re-render costs many more."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory
from translocal.coproduction import budget_services, services
from translocal.coproduction.initiatives import services as initiative_services
from translocal.knowledge import services as knowledge_services

pytestmark = pytest.mark.django_db

CACHED_PAGE = 1  # the versions
CACHED_PROCESS_PAGE = 2  # the versions, the running phase


@pytest.fixture
def pages(world, client):
    """A process in its support phase with proposals A and B, a published case; every page
    visited once by an anonymous visitor (so it is cached)."""
    process = world.process(moment="support")
    a, b = world.proposal(process, title="Proposal A"), world.proposal(process, title="Proposal B")
    case = CaseFactory(title="Porto Alegre budget")
    urls = {
        "home": "/",
        "case list": reverse("knowledge:case-list"),
        "case": case.get_absolute_url(),
        "proposal list": reverse("coproduction:proposal-list", args=[process.slug]),
        "A": a.get_absolute_url(),
        "B": b.get_absolute_url(),
    }
    for url in urls.values():
        assert client.get(url).status_code == 200
    return {"process": process, "a": a, "b": b, "case": case, "urls": urls}


def _cached(client, django_assert_num_queries, url: str, queries: int) -> str:
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _assert_untouched(client, django_assert_num_queries, urls: dict[str, str]) -> None:
    for name in ("home", "case list", "case"):
        _cached(client, django_assert_num_queries, urls[name], CACHED_PAGE)
    _cached(client, django_assert_num_queries, urls["B"], CACHED_PROCESS_PAGE)


def test_a_support_on_a_shows_at_once_and_leaves_every_other_page_cached(
    pages, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    urls = pages["urls"]
    assert "0 supports" in client.get(urls["A"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.support_proposal(acting_user=UserFactory(), proposal=pages["a"])
    _assert_untouched(client, django_assert_num_queries, urls)
    assert "1 support" in client.get(urls["A"]).content.decode()
    assert "1 support" in client.get(urls["proposal list"]).content.decode()  # its count on the list


def test_a_comment_on_a_shows_at_once_and_leaves_every_other_page_cached(
    pages, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    urls = pages["urls"]
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(acting_user=UserFactory(), target=pages["a"], body="Shade for the bus stop, please")
    _assert_untouched(client, django_assert_num_queries, urls)
    assert "Shade for the bus stop, please" in client.get(urls["A"]).content.decode()
    assert "Shade for the bus stop" not in client.get(urls["B"]).content.decode()


def test_a_ballot_shows_on_its_budget_at_once_and_leaves_other_pages_cached(
    world, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    process = world.process(moment="voting")
    coordinator = world.people["coordinator"]
    budgets = []
    for title in ("Youth budget", "Parks budget"):
        budget = budget_services.create_budget(acting_user=coordinator, process=process, title=title, total=100)
        budget_services.add_project(acting_user=coordinator, budget=budget, title=f"{title} project", cost=50)
        budgets.append(budget)
    youth, parks = budgets
    proposal = world.proposal(process, title="Proposal A")
    case = CaseFactory(title="Porto Alegre budget")
    others = ["/", reverse("knowledge:case-list"), case.get_absolute_url()]
    in_process = [parks.get_absolute_url(), proposal.get_absolute_url()]
    for url in [*others, *in_process, youth.get_absolute_url(), process.get_absolute_url()]:
        assert client.get(url).status_code == 200
    assert "0 ballots" in client.get(process.get_absolute_url()).content.decode()

    project = youth.projects.get()
    with django_capture_on_commit_callbacks(execute=True):
        budget_services.cast_ballot(acting_user=UserFactory(), budget=youth, choices={project.pk: 1})

    for url in others:
        _cached(client, django_assert_num_queries, url, CACHED_PAGE)
    for url in in_process:
        _cached(client, django_assert_num_queries, url, CACHED_PROCESS_PAGE)
    process_page = client.get(process.get_absolute_url()).content.decode()
    assert "1 ballot" in process_page and "0 ballots" in process_page  # Youth moved, Parks did not
    with CaptureQueriesContext(connection) as queries:
        assert client.get(youth.get_absolute_url()).status_code == 200
    assert len(queries) > CACHED_PROCESS_PAGE  # its own page was retired: rendered again


def test_a_signature_shows_on_its_initiative_at_once_and_leaves_proposals_cached(
    world, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    process = world.process(moment="voting")
    proposal = world.proposal(process, title="Proposal A")
    initiative = initiative_services.start_initiative(
        acting_user=world.people["member"], process=process, title="Open the pool on Sundays", body="For everyone."
    )
    urls = [proposal.get_absolute_url(), reverse("coproduction:proposal-list", args=[process.slug])]
    for url in [*urls, initiative.get_absolute_url()]:
        assert client.get(url).status_code == 200
    before = client.get(initiative.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.sign(acting_user=UserFactory(), initiative=initiative)
    for url in urls:
        _cached(client, django_assert_num_queries, url, CACHED_PROCESS_PAGE)
    assert client.get(initiative.get_absolute_url()).content.decode() != before


def test_a_case_edit_leaves_co_production_pages_cached(
    pages, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    urls, case = pages["urls"], pages["case"]
    with django_capture_on_commit_callbacks(execute=True):
        knowledge_services.update_case(
            acting_user=case.created_by, case=case, data={"title": "Porto Alegre budget, 1989-2004"}
        )
    for name in ("proposal list", "A", "B"):
        _cached(client, django_assert_num_queries, urls[name], CACHED_PROCESS_PAGE)
    assert "Porto Alegre budget, 1989-2004" in client.get(urls["case"]).content.decode()
    assert "Porto Alegre budget, 1989-2004" in client.get(urls["case list"]).content.decode()


def test_a_new_process_leaves_case_pages_cached_and_shows_on_the_process_list(
    pages, world, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    urls = pages["urls"]
    process_list = reverse("coproduction:process-list")
    assert "Salford youth budget" not in client.get(process_list).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.create_process(
            acting_user=world.people["coordinator"], hub=world.hub, title="Salford youth budget", is_published=True
        )
    for name in ("case list", "case"):
        _cached(client, django_assert_num_queries, urls[name], CACHED_PAGE)
    assert "Salford youth budget" in client.get(process_list).content.decode()
