"""Supports leave the cached proposal list and result pages cached: the support counts on them
are filled in live (coproduction.live_counts) each time a page is served from the anonymous
page cache, and the "most supported" order lags the supports by one window at most
(views.SUPPORTED_ORDER_SECONDS), while signed-in readers, who support, see everything as it is.

"Served from the cache" is counted in queries: the versions, the running phase and the counts of
the proposals shown (3); a re-render costs more."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from translocal.coproduction import services, views
from translocal.coproduction.accountability import services as result_services
from translocal.coproduction.models import Proposal
from translocal.coproduction.selectors import PAGE_SIZE

pytestmark = pytest.mark.django_db

#: the versions, the running phase, the support counts of the proposals shown
CACHED_WITH_COUNTS = 3


def _list_url(process, order: str = "") -> str:
    return reverse("coproduction:proposal-list", args=[process.slug]) + (f"?order={order}" if order else "")


def _many(world, process, n: int) -> list[Proposal]:
    return Proposal.objects.bulk_create(
        Proposal(process=process, author=world.author, title=f"Proposal {i:04d}", body="Text", support_count=i % 7)
        for i in range(n)
    )


def _counts(body: str) -> dict[int, str]:
    return {int(pk): text for pk, text in re.findall(r'<span data-support-count="(\d+)">([^<]*)</span>', body)}


def _titles(body: str) -> list[str]:
    return re.findall(r">(Proposal [^<]+)</a></h2>", body)


def _support(user, proposal, capture) -> None:
    with capture(execute=True):
        services.support_proposal(acting_user=user, proposal=Proposal.objects.select_related("process").get(
            pk=proposal.pk))


@pytest.mark.parametrize("rows", [10, 2000])
def test_a_support_leaves_the_cached_list_cached_and_its_count_current(
    world, client, django_assert_num_queries, django_capture_on_commit_callbacks, rows
):
    process = world.process(moment="support", supports_per_person=None)
    proposals = _many(world, process, rows)
    url = _list_url(process)
    first = client.get(url).content.decode()
    shown = _counts(first)
    assert len(shown) == min(rows, PAGE_SIZE)
    target = Proposal.objects.get(pk=next(iter(shown)))
    _support(UserFactory(), target, django_capture_on_commit_callbacks)

    with django_assert_num_queries(CACHED_WITH_COUNTS):
        body = client.get(url).content.decode()
    expected = target.support_count + 1
    assert _counts(body)[target.pk] == f"{expected} support" + ("s" if expected != 1 else "")
    others = {pk: text for pk, text in _counts(body).items() if pk != target.pk}
    assert others == {pk: text for pk, text in shown.items() if pk != target.pk}
    # Exactly the page a fresh render gives now (the order did not change: one support more on
    # the first row keeps it first).
    cache.clear()
    assert client.get(url).content.decode() == body
    assert len(proposals) == rows


def test_the_most_supported_order_is_re_sorted_once_its_window_has_passed(
    world, client, monkeypatch, django_assert_num_queries, django_capture_on_commit_callbacks
):
    process = world.process(moment="support", supports_per_person=None)
    low, high = world.proposal(process, title="Proposal low"), world.proposal(process, title="Proposal high")
    Proposal.objects.filter(pk=high.pk).update(support_count=1)
    monkeypatch.setattr(views, "supported_order_window", lambda: 1000)
    url = _list_url(process)
    body = client.get(url).content.decode()
    assert _titles(body) == ["Proposal high", "Proposal low"]
    assert "The order by supports is updated every minute; the numbers of supports are current." in body
    for _ in range(2):
        _support(UserFactory(), low, django_capture_on_commit_callbacks)

    with django_assert_num_queries(CACHED_WITH_COUNTS):  # same window: the order as it was
        body = client.get(url).content.decode()
    assert _titles(body) == ["Proposal high", "Proposal low"]
    assert _counts(body) == {high.pk: "1 support", low.pk: "2 supports"}  # the counts as they are

    monkeypatch.setattr(views, "supported_order_window", lambda: 1001)
    body = client.get(url).content.decode()
    assert _titles(body) == ["Proposal low", "Proposal high"]

    # Newest first does not depend on the counts: it stays cached across windows.
    newest = _list_url(process, "newest")
    client.get(newest)
    monkeypatch.setattr(views, "supported_order_window", lambda: 1002)
    _support(UserFactory(), high, django_capture_on_commit_callbacks)
    with django_assert_num_queries(CACHED_WITH_COUNTS):
        body = client.get(newest).content.decode()
    assert _counts(body) == {high.pk: "2 supports", low.pk: "2 supports"}
    assert "The order by supports is updated" not in body


def test_a_signed_in_reader_sees_their_support_and_the_order_at_once(
    world, client, django_capture_on_commit_callbacks
):
    process = world.process(moment="support", supports_per_person=None)
    low, high = world.proposal(process, title="Proposal low"), world.proposal(process, title="Proposal high")
    Proposal.objects.filter(pk=high.pk).update(support_count=1)
    url = _list_url(process)
    assert _titles(client.get(url).content.decode()) == ["Proposal high", "Proposal low"]  # cached
    person = world.people["resident"]
    client.force_login(person)
    _support(UserFactory(), low, django_capture_on_commit_callbacks)
    response = client.post(reverse("coproduction:proposal-support", args=[process.slug, low.pk]))
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert _titles(body) == ["Proposal low", "Proposal high"]
    assert _counts(body) == {low.pk: "2 supports", high.pk: "1 support"}
    assert "you support it" in body
    assert "The order by supports is updated" not in body  # they see it as it is


def test_the_support_that_reaches_the_threshold_renders_the_list_again(
    world, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    process = world.process(moment="support", supports_per_person=None, support_threshold=2)
    proposal = world.proposal(process, title="Proposal near")
    url, reached = _list_url(process), _list_url(process) + "?threshold=on"
    for page in (url, reached):
        assert "Threshold reached" not in client.get(page).content.decode()
    _support(UserFactory(), proposal, django_capture_on_commit_callbacks)
    with django_assert_num_queries(CACHED_WITH_COUNTS):  # 1 of 2: still cached
        assert _counts(client.get(url).content.decode()) == {proposal.pk: "1 support"}
    _support(UserFactory(), proposal, django_capture_on_commit_callbacks)
    for page in (url, reached):
        body = client.get(page).content.decode()
        assert "Threshold reached" in body and _counts(body) == {proposal.pk: "2 supports"}


def test_counts_are_filled_in_the_readers_language(world, client, django_capture_on_commit_callbacks):
    process = world.process(moment="support", supports_per_person=None)
    proposal = world.proposal(process, title="Proposal uno")
    url = _list_url(process, "newest")
    assert "0 apoyos" in client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    _support(UserFactory(), proposal, django_capture_on_commit_callbacks)
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert _counts(body) == {proposal.pk: "1 apoyo"}
    cache.clear()
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode() == body


@pytest.mark.parametrize("rows", [10, 2000])
def test_a_support_leaves_result_pages_cached_and_their_counts_current(
    world, client, django_assert_num_queries, django_capture_on_commit_callbacks, rows
):
    process = world.process(moment="support", supports_per_person=None)
    proposals = _many(world, process, rows)
    coordinator = world.people["coordinator"]
    result = result_services.create_result(acting_user=coordinator, process=process, title="Shade at bus stops")
    for proposal in proposals[:5]:
        result_services.link_proposal(acting_user=coordinator, result=result, proposal=proposal)
    urls = [result.get_absolute_url(), reverse("coproduction:result-list", args=[process.slug])]
    for url in urls:
        assert client.get(url).status_code == 200
    _support(UserFactory(), proposals[3], django_capture_on_commit_callbacks)

    with django_assert_num_queries(CACHED_WITH_COUNTS):
        body = client.get(urls[0]).content.decode()
    assert _counts(body)[proposals[3].pk] == "4 supports"
    assert len(_counts(body)) == 5
    with django_assert_num_queries(2):  # the list shows no counts: the versions, the running phase
        client.get(urls[1])
    cache.clear()
    assert client.get(urls[0]).content.decode() == body


def test_a_linked_proposals_new_title_or_answer_shows_on_the_result_page(
    world, client, django_capture_on_commit_callbacks
):
    process = world.process(moment="support", supports_per_person=None)
    proposal = world.proposal(process, title="Proposal shade")
    coordinator = world.people["coordinator"]
    result = result_services.create_result(acting_user=coordinator, process=process, title="Shade at bus stops")
    result_services.link_proposal(acting_user=coordinator, result=result, proposal=proposal)
    url = result.get_absolute_url()
    assert "Accepted" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_proposal(acting_user=coordinator, proposal=proposal, state="accepted", text="We will.")
    assert "Accepted" in client.get(url).content.decode()


def _profile_proposals(world, rows: int):
    """The author's public proposals (``rows`` of them, 20 shown) and one in an invited-only
    process that only the author (and that process's people) may see."""
    public = world.process(moment="support", supports_per_person=None)
    private = world.process(moment="support", access="invited", title="Invited-only process")
    proposals = _many(world, public, rows)
    secret = world.proposal(private, title="Proposal kept among the invited")
    return public, proposals, secret


@pytest.mark.parametrize("rows", [10, 200])
def test_a_support_leaves_the_anonymous_profile_cached_and_its_counts_current(
    world, client, django_assert_num_queries, django_capture_on_commit_callbacks, rows
):
    _public, proposals, _secret = _profile_proposals(world, rows)
    url = world.author.get_absolute_url()
    first = client.get(url).content.decode()
    shown = _counts(first)
    assert shown and "Proposal kept among the invited" not in first
    target = Proposal.objects.get(pk=next(iter(shown)))
    _support(UserFactory(), target, django_capture_on_commit_callbacks)
    with django_assert_num_queries(2):  # the versions, the counts of the proposals shown
        body = client.get(url).content.decode()
    expected = target.support_count + 1
    assert _counts(body)[target.pk] == f"{expected} support" + ("s" if expected != 1 else "")
    cache.clear()
    assert client.get(url).content.decode() == body
    assert len(proposals) == rows


def test_the_cached_profile_never_shows_a_private_proposal_to_another_reader(world, django_capture_on_commit_callbacks):
    """The author, another member and an anonymous visitor read the profile in turn, in every
    order: only the author sees the proposal of the invited-only process, and the support that
    makes a proposal reach its threshold shows its badge on the cached page."""
    public, proposals, secret = _profile_proposals(world, 3)
    public.support_threshold = 1
    public.save(update_fields=["support_threshold"])
    url = world.author.get_absolute_url()
    clients = {"anonymous": Client(), "author": Client(), "member": Client()}
    clients["author"].force_login(world.author)
    clients["member"].force_login(world.people["member"])
    orders = (("anonymous", "author", "member"), ("author", "member", "anonymous"), ("member", "anonymous", "author"))
    for order in orders:
        for who in order:
            body = clients[who].get(url).content.decode()
            assert ("Proposal kept among the invited" in body) == (who == "author"), who
            assert ("What happened to my proposals" in body) == (who == "author"), who
    assert "Threshold reached" not in clients["anonymous"].get(url).content.decode()
    _support(UserFactory(), proposals[0], django_capture_on_commit_callbacks)
    assert "Threshold reached" in clients["anonymous"].get(url).content.decode()
    assert secret.pk not in _counts(clients["anonymous"].get(url).content.decode())


def test_a_marker_typed_into_a_text_is_never_filled(world, client, django_capture_on_commit_callbacks):
    """Only our own template writes the marked span: a result's Markdown that carries one (to
    read the count of a proposal of an invited-only process) has it stripped by the sanitiser,
    so the live fill never touches it."""
    public = world.process(moment="support", supports_per_person=None)
    private = world.process(moment="support", access="invited")
    secret = world.proposal(private, title="Proposal kept among the invited")
    Proposal.objects.filter(pk=secret.pk).update(support_count=41)
    coordinator = world.people["coordinator"]
    result = result_services.create_result(
        acting_user=coordinator, process=public, title="Shade at bus stops",
        description=f'Count: <span data-support-count="{secret.pk}">0 supports</span>',
    )
    url = result.get_absolute_url()
    client.get(url)
    body = client.get(url).content.decode()  # from the cache, filled
    assert "41 supports" not in body and f'data-support-count="{secret.pk}"' not in body
