"""RSS and Atom feeds of co-production spaces, parsed back: a public process's proposals,
results, meetings and citizen initiatives and a hub's processes, each item linking to its page;
never a hidden or withdrawn proposal or initiative, a members-only, invited-only or unpublished
process, or an online meeting link; autodiscovery links on the pages; a fixed number of queries
whatever the size."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ProcessFactory, ProposalFactory
from translocal.coproduction import services
from translocal.coproduction.accountability.models import Result
from translocal.coproduction.initiatives import services as initiative_services
from translocal.coproduction.initiatives.models import Initiative
from translocal.coproduction.meetings.models import Meeting
from translocal.coproduction.models import Process, Proposal

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _rss_items(client, url) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel").findall("item")  # noqa: S314 (our own response)


def _atom_entries(client, url) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314 (our own response)


def _url(name: str, process: Process) -> str:
    return reverse(f"coproduction:{name}", args=[process.slug])


def test_the_proposal_feed_has_listed_proposals_only(world, client):
    process = world.process(moment="support")
    listed = world.proposal(process, title="Trees along the canal")
    world.proposal(process, title="A proposal a moderator hid", is_hidden=True)
    world.proposal(process, title="A proposal its author withdrew", withdrawn_at=timezone.now())
    items = _rss_items(client, _url("proposal-feed-rss", process))
    assert [item.findtext("title") for item in items] == ["Trees along the canal"]
    assert items[0].findtext("link") == "http://testserver" + listed.get_absolute_url()
    assert world.author.name in ET.tostring(items[0], encoding="unicode")
    entries = _atom_entries(client, _url("proposal-feed-atom", process))
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Trees along the canal"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver" + listed.get_absolute_url()


def test_a_proposal_hidden_after_the_feed_was_read_leaves_it(world, client, django_capture_on_commit_callbacks):
    process = world.process(moment="support")
    proposal = world.proposal(process, title="Spam about watches")
    assert len(_rss_items(client, _url("proposal-feed-rss", process))) == 1  # now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        services.hide(acting_user=world.people["moderator"], target=proposal, reason="Advertising")
    assert _rss_items(client, _url("proposal-feed-rss", process)) == []


@pytest.mark.parametrize("fields", [{"access": "members"}, {"access": "invited"}, {"is_published": False}])
def test_feeds_of_a_process_anonymous_readers_may_not_see_are_not_found_for_anyone(world, client, fields):
    process = world.process(moment="support", **fields)
    world.proposal(process, title="Members' business")
    client.force_login(world.people["coordinator"])  # who sees it on the site: a feed is for everyone
    for name in ("proposal-feed-rss", "proposal-feed-atom", "result-feed-rss", "result-feed-atom",
                 "meeting-feed-rss", "meeting-feed-atom", "initiative-feed-rss", "initiative-feed-atom"):
        assert client.get(_url(name, process)).status_code == 404
    page = client.get(process.get_absolute_url()).content.decode()
    assert 'type="application/rss+xml"' not in page  # no autodiscovery of a feed that is a 404


def test_the_results_feed_has_status_and_progress(world, client):
    process = world.process(moment="results")
    result = Result.objects.create(process=process, title="New benches on Oldham Road", status="in_progress",
                                   progress=40, description="Six of fifteen are in.")
    items = _rss_items(client, _url("result-feed-rss", process))
    assert [item.findtext("title") for item in items] == ["New benches on Oldham Road"]
    assert "40% done" in items[0].findtext("description")
    assert items[0].findtext("link") == "http://testserver" + result.get_absolute_url()
    assert len(_atom_entries(client, _url("result-feed-atom", process))) == 1


def test_the_meetings_feed_gives_time_and_place_but_no_online_link(world, client):
    process = world.process(moment="voting")
    starts = timezone.now() + dt.timedelta(days=3)
    Meeting.objects.create(process=process, title="Workshop at the library", starts_at=starts,
                           ends_at=starts + dt.timedelta(hours=2), location="Central Library, Manchester")
    Meeting.objects.create(process=process, title="Online assembly", starts_at=starts,
                           ends_at=starts + dt.timedelta(hours=1), online_url="https://meet.example/secret-room")
    response = client.get(_url("meeting-feed-rss", process))
    assert b"secret-room" not in response.content
    items = _rss_items(client, _url("meeting-feed-rss", process))
    assert sorted(item.findtext("title") for item in items) == ["Online assembly", "Workshop at the library"]
    assert any("Central Library, Manchester" in item.findtext("description") for item in items)
    assert len(_atom_entries(client, _url("meeting-feed-atom", process))) == 2


def test_the_initiative_feed_has_listed_initiatives_only_and_drops_one_hidden_later(
    world, client, django_capture_on_commit_callbacks
):
    process = world.process(moment="voting")
    with django_capture_on_commit_callbacks(execute=True):
        listed = initiative_services.start_initiative(
            acting_user=world.author, process=process, title="Keep the Hulme pool open",
            body="The pool is the only one within walking distance.",
        )
        withdrawn = initiative_services.start_initiative(
            acting_user=world.author, process=process, title="A fountain in Ancoats", body="Drinking water.",
        )
        initiative_services.withdraw_initiative(acting_user=world.author, initiative=withdrawn)
        hidden = initiative_services.start_initiative(
            acting_user=world.author, process=process, title="Spam about watches", body="Buy one.",
        )
        services.hide(acting_user=world.people["moderator"], target=hidden, reason="Advertising")
    client.force_login(world.people["coordinator"])  # who sees all three on the site: the feed is as anonymous
    items = _rss_items(client, _url("initiative-feed-rss", process))
    assert [item.findtext("title") for item in items] == ["Keep the Hulme pool open"]
    assert items[0].findtext("link") == "http://testserver" + listed.get_absolute_url()
    assert world.author.name in ET.tostring(items[0], encoding="unicode")
    assert "walking distance" in items[0].findtext("description")
    entries = _atom_entries(client, _url("initiative-feed-atom", process))
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Keep the Hulme pool open"]
    client.logout()
    assert len(_rss_items(client, _url("initiative-feed-rss", process))) == 1  # now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        services.hide(acting_user=world.people["moderator"], target=listed, reason="Off topic")
    assert _rss_items(client, _url("initiative-feed-rss", process)) == []


def test_the_hub_feed_has_its_public_published_processes_only(world, client):
    public = world.process(moment="support", title="GM Decides")
    world.process(moment="support", title="Members' budget", access="members")
    world.process(moment="support", title="A draft process", is_published=False)
    ProcessFactory(title="Another hub's process")
    url = reverse("coproduction:hub-process-feed-rss", args=[world.hub.slug])
    items = _rss_items(client, url)
    assert [item.findtext("title") for item in items] == ["GM Decides"]
    assert items[0].findtext("link") == "http://testserver" + public.get_absolute_url()
    atom = reverse("coproduction:hub-process-feed-atom", args=[world.hub.slug])
    assert [e.findtext(f"{ATOM}title") for e in _atom_entries(client, atom)] == ["GM Decides"]
    assert client.get(reverse("coproduction:hub-process-feed-rss", args=["no-such-hub"])).status_code == 404


def test_the_pages_link_their_feeds_for_autodiscovery(world, client):
    process = world.process(moment="support")
    detail = client.get(process.get_absolute_url()).content.decode()
    for name in ("proposal-feed-rss", "proposal-feed-atom", "result-feed-rss", "result-feed-atom",
                 "meeting-feed-rss", "meeting-feed-atom", "initiative-feed-rss", "initiative-feed-atom"):
        assert f'href="{_url(name, process)}"' in detail
    for page, name in (("proposal-list", "proposal-feed-rss"), ("result-list", "result-feed-atom"),
                       ("meeting-list", "meeting-feed-rss"), ("initiative-list", "initiative-feed-rss"),
                       ("initiative-list", "initiative-feed-atom")):
        body = client.get(_url(page, process)).content.decode()
        assert '<link rel="alternate" type="application/' in body and f'href="{_url(name, process)}"' in body
    hub_page = client.get(world.hub.get_absolute_url()).content.decode()
    head = hub_page.split("</head>")[0]
    assert f'href="{reverse("coproduction:hub-process-feed-rss", args=[world.hub.slug])}"' in head


@pytest.mark.parametrize("rows", [5, 100])
def test_the_proposal_feed_costs_the_same_at_5_and_100_proposals(world, client, django_assert_num_queries, rows):
    process = world.process(moment="support")
    Proposal.objects.bulk_create(
        Proposal(process=process, author=world.author, title=f"Proposal {i}", body="Text") for i in range(rows)
    )
    ProposalFactory(title="Elsewhere")
    # the versions (page cache), process + phases, proposals with their authors
    with django_assert_num_queries(4):
        items = _rss_items(client, _url("proposal-feed-rss", process))
    assert len(items) == min(rows, 30)
    with django_assert_num_queries(1):  # then from the page cache
        client.get(_url("proposal-feed-rss", process))


@pytest.mark.parametrize("rows", [5, 100])
def test_the_results_meetings_and_hub_feeds_cost_the_same_at_5_and_100(world, client, django_assert_num_queries,
                                                                       rows):
    process = world.process(moment="results")
    starts = timezone.now()
    Result.objects.bulk_create(Result(process=process, title=f"Result {i}") for i in range(rows))
    Meeting.objects.bulk_create(
        Meeting(process=process, title=f"Meeting {i}", starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
        for i in range(rows)
    )
    for _ in range(rows):
        ProcessFactory(hub=world.hub)
    with django_assert_num_queries(4):
        assert len(_rss_items(client, _url("result-feed-rss", process))) == min(rows, 30)
    with django_assert_num_queries(4):
        assert len(_rss_items(client, _url("meeting-feed-atom", process).replace(".atom", ".rss"))) == min(rows, 30)
    # the versions (page cache), the hub, its processes
    with django_assert_num_queries(3):
        assert len(_rss_items(client, reverse("coproduction:hub-process-feed-rss", args=[world.hub.slug]))) == min(
            rows + 1, 30)


@pytest.mark.parametrize("rows", [5, 100])
def test_the_initiative_feed_costs_the_same_at_5_and_100(world, client, django_assert_num_queries, rows):
    process = world.process(moment="voting")
    deadline = timezone.now() + dt.timedelta(days=3)
    Initiative.objects.bulk_create(
        Initiative(process=process, author=world.author, title=f"Initiative {i}", body="Text", signatures_needed=5,
                   deadline=deadline)
        for i in range(rows)
    )
    # the versions (page cache), process + phases, initiatives with their authors
    with django_assert_num_queries(4):
        assert len(_rss_items(client, _url("initiative-feed-rss", process))) == min(rows, 30)
    with django_assert_num_queries(1):  # then from the page cache
        client.get(_url("initiative-feed-rss", process))
