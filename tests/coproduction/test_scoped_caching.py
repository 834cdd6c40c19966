"""Cached pages follow the frequent writes of co-production (a support, a comment on anything, a
ballot in a poll or a budget, a signature) and nothing else: the page of what was written to
shows it at once, every other cached page (another proposal, the case list, the home page) is
served without re-rendering; a case edit leaves co-production pages cached and a co-production
write leaves case pages.

"Served from the cache" is counted in queries: a cached anonymous page reads its versions (one
query) and, for a process's pages, the running phase (one more); a re-render costs many more."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, UserFactory
from translocal.coproduction import services
from translocal.coproduction.accountability import services as result_services
from translocal.coproduction.budgets import services as budget_services
from translocal.coproduction.initiatives import services as initiative_services
from translocal.coproduction.initiatives.models import Initiative
from translocal.coproduction.meetings import services as meeting_services
from translocal.coproduction.polls import services as poll_services
from translocal.knowledge import services as knowledge_services

pytestmark = pytest.mark.django_db

CACHED_PAGE = 1  # the versions
CACHED_PROCESS_PAGE = 2  # the versions, the running phase
CACHED_POLL_PAGE = 3  # the versions, the running phase, the poll's own window
#: The proposal list and a result's page: the versions, the running phase, and the support counts
#: of the proposals shown, filled in live (coproduction.live_counts).
CACHED_COUNTS_PAGE = 3


#: The home page: the versions and the hub member counts, filled in live (places.membership_caching).
CACHED_HOME = 2


def _plain_page(url: str) -> int:
    """The queries of a page outside the process served from the cache."""
    return CACHED_HOME if url == "/" else CACHED_PAGE


def _process_page(url: str) -> int:
    """The queries of a process's page served from the cache."""
    return CACHED_COUNTS_PAGE if url.endswith("/proposals/") else CACHED_PROCESS_PAGE


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
        _cached(client, django_assert_num_queries, urls[name], _plain_page(urls[name]))
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
    # The proposal list shows no comment count: it stays cached too (its support counts filled in).
    _cached(client, django_assert_num_queries, urls["proposal list"], CACHED_COUNTS_PAGE)
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
        _cached(client, django_assert_num_queries, url, _plain_page(url))
    for url in in_process:
        _cached(client, django_assert_num_queries, url, _process_page(url))
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
        _cached(client, django_assert_num_queries, url, _process_page(url))
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
        _cached(client, django_assert_num_queries, urls[name], _process_page(urls[name]))
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
        _cached(client, django_assert_num_queries, urls[name], _plain_page(urls[name]))
    assert "Salford youth budget" in client.get(process_list).content.decode()


def _ballots_shown(body: str) -> int:
    return int(re.search(r"<dt>Ballots</dt><dd>(\d+)</dd>", body).group(1))


def test_a_poll_ballot_shows_on_its_poll_at_once_and_leaves_every_other_page_cached(
    world, client, django_assert_num_queries
):
    process = world.process(moment="voting")
    coordinator = world.people["coordinator"]
    pool, canal = (
        poll_services.create_poll(acting_user=coordinator, process=process, question=question, options=["Yes", "No"])
        for question in ("Open the pool on Sundays?", "Light the canal path?")
    )
    proposal = world.proposal(process, title="Proposal A")
    case = CaseFactory(title="Porto Alegre budget")
    others = ["/", reverse("knowledge:case-list"), case.get_absolute_url()]
    in_process = [
        process.get_absolute_url(), proposal.get_absolute_url(),
        reverse("coproduction:proposal-list", args=[process.slug]),
    ]
    canal_pages = [canal.get_absolute_url(), reverse("coproduction:poll-results", args=[process.slug, canal.pk])]
    for url in [*others, *in_process, *canal_pages]:
        assert client.get(url).status_code == 200
    assert _ballots_shown(client.get(pool.get_absolute_url()).content.decode()) == 0

    option = pool.options.order_by("position").first()
    poll_services.cast_ballot(acting_user=UserFactory(), poll=pool, marks={option.pk: 1})  # bumps in its transaction

    for url in others:
        _cached(client, django_assert_num_queries, url, _plain_page(url))
    for url in in_process:
        _cached(client, django_assert_num_queries, url, _process_page(url))
    for url in canal_pages:  # the other poll of the same process
        _cached(client, django_assert_num_queries, url, CACHED_POLL_PAGE)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(pool.get_absolute_url()).content.decode()
    assert len(queries) > CACHED_POLL_PAGE  # its own page was retired: rendered again
    assert _ballots_shown(body) == 1


def _commented_items(world, process, kind: str) -> list:
    """Two items of ``kind`` in ``process``, each with a page of its own."""
    coordinator = world.people["coordinator"]
    if kind == "poll":
        return [
            poll_services.create_poll(acting_user=coordinator, process=process, question=f"Question {n}?",
                                      options=["Yes", "No"])
            for n in (1, 2)
        ]
    if kind == "meeting":
        starts = timezone.now() + dt.timedelta(days=3)
        return [
            meeting_services.create_meeting(acting_user=coordinator, process=process, title=f"Workshop {n}",
                                            starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                            location="Town hall")
            for n in (1, 2)
        ]
    if kind == "result":
        return [result_services.create_result(acting_user=coordinator, process=process, title=f"Result {n}")
                for n in (1, 2)]
    if kind == "initiative":
        return [
            Initiative.objects.create(process=process, author=world.author, title=f"Initiative {n}", body="Text",
                                      signatures_needed=5, deadline=timezone.now() + dt.timedelta(days=3))
            for n in (1, 2)
        ]
    projects = []  # budget projects, in two budgets: a budget's page shows its projects' comment counts
    for n in (1, 2):
        budget = budget_services.create_budget(acting_user=coordinator, process=process, title=f"Budget {n}",
                                               total=100)
        projects.append(budget_services.add_project(acting_user=coordinator, budget=budget, title=f"Project {n}",
                                                    cost=50))
    return projects


@pytest.mark.parametrize("kind", ["poll", "meeting", "result", "initiative", "budget project"])
def test_a_comment_shows_on_its_item_at_once_and_leaves_every_other_page_cached(
    world, client, django_assert_num_queries, kind
):
    process = world.process(moment="support")  # commenting is open
    commented, other = _commented_items(world, process, kind)
    proposal = world.proposal(process, title="Proposal A")
    case = CaseFactory(title="Porto Alegre budget")
    others = ["/", reverse("knowledge:case-list"), case.get_absolute_url()]
    in_process = [proposal.get_absolute_url(), reverse("coproduction:proposal-list", args=[process.slug])]
    for url in [*others, *in_process, other.get_absolute_url(), commented.get_absolute_url(), commented.comments_url()]:
        assert client.get(url).status_code == 200

    services.add_comment(acting_user=world.people["member"], target=commented, body="Shade by the benches, please")

    for url in others:
        _cached(client, django_assert_num_queries, url, _plain_page(url))
    for url in in_process:
        _cached(client, django_assert_num_queries, url, _process_page(url))
    _cached(client, django_assert_num_queries, other.get_absolute_url(),
            CACHED_POLL_PAGE if kind == "poll" else CACHED_PROCESS_PAGE)
    for url in (commented.get_absolute_url(), commented.comments_url()):  # retired: rendered again
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content.decode()
        assert len(queries) > CACHED_POLL_PAGE
        assert "Shade by the benches, please" in body
    if kind == "budget project":  # its budget's page counts it
        assert "About Project 1: 1 comment" in client.get(commented.budget.get_absolute_url()).content.decode()
