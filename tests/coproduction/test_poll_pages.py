"""Poll pages: voting through the form (each kind), the anonymous receipt, GOV.UK errors,
results round by round, comments, and exact query counts whatever the number of ballots."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from translocal.coproduction.models import Ballot, Comment, Poll
from translocal.coproduction.polls import services as poll_services

pytestmark = pytest.mark.django_db


def _poll(world, **fields) -> Poll:
    process = world.process(moment="voting")
    fields.setdefault("question", "Which park first?")
    fields.setdefault("options", ["Heaton Park", "Platt Fields", "Philips Park"])
    return poll_services.create_poll(acting_user=world.people["coordinator"], process=process, **fields)


def _ids(poll):
    return [o.pk for o in poll.options.order_by("position")]


def _url(name, poll):
    return reverse(f"coproduction:{name}", args=[poll.process.slug, poll.pk])


def test_the_process_page_lists_its_polls(world, client):
    poll = _poll(world)
    body = client.get(poll.process.get_absolute_url()).content.decode()
    assert 'id="polls-title"' in body and poll.get_absolute_url() in body


def test_a_resident_votes_with_rank_selects_and_sees_the_rounds(world, client):
    poll = _poll(world, kind="ranked")
    a, b, c = _ids(poll)
    client.force_login(world.people["resident"])
    page = client.get(_url("poll-detail", poll)).content.decode()
    assert f'name="rank_{a}"' in page and "<select" in page and "Not ranked" in page
    response = client.post(_url("poll-vote", poll), {f"rank_{a}": "2", f"rank_{b}": "1", f"rank_{c}": ""})
    assert response.status_code == 302
    assert Ballot.objects.get(poll=poll).marks == {str(a): 2, str(b): 1}
    page = client.get(_url("poll-detail", poll)).content.decode()
    assert "You have voted" in page and "Change my ballot" in page
    results = client.get(_url("poll-results", poll)).content.decode()
    assert "Round 1" in results and "Exhausted ballots" in results and "wins the instant runoff" in results


def test_a_bad_ranking_shows_the_error_summary_at_the_option(world, client):
    poll = _poll(world, kind="ranked")
    a, b, _c = _ids(poll)
    client.force_login(world.people["resident"])
    response = client.post(_url("poll-vote", poll), {f"rank_{a}": "1", f"rank_{b}": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body
    assert f'href="#id_rank_{b}"' in body
    assert "Give rank 1 to one option only" in body
    assert "<title>Error:" in body
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("kind", "post", "stored"),
    [
        ("single", lambda ids: {"choice": str(ids[1])}, lambda ids: {str(ids[1]): 1}),
        ("multiple", lambda ids: {"choices": [str(ids[0]), str(ids[2])]}, lambda ids: {str(ids[0]): 1, str(ids[2]): 1}),
        ("score", lambda ids: {f"score_{i}": str(n) for n, i in enumerate(ids)}, lambda ids: {str(ids[0]): 0,
                                                                                               str(ids[1]): 1,
                                                                                               str(ids[2]): 2}),
    ],
)
def test_each_kind_votes_through_its_form(world, client, kind, post, stored):
    poll = _poll(world, kind=kind)
    ids = _ids(poll)
    client.force_login(world.people["member"])
    assert client.post(_url("poll-vote", poll), post(ids)).status_code == 302
    assert Ballot.objects.get(poll=poll).marks == stored(ids)
    assert client.get(_url("poll-results", poll)).status_code == 200


def test_too_many_choices_are_refused_with_the_maximum(world, client):
    poll = _poll(world, kind="multiple", max_choices=1)
    client.force_login(world.people["member"])
    body = client.post(_url("poll-vote", poll), {"choices": [str(i) for i in _ids(poll)[:2]]}).content.decode()
    assert "Choose at most 1 option." in body
    assert not Ballot.objects.exists()


def test_an_anonymous_ballot_answers_with_its_receipt_once_and_stores_it_nowhere(world, client):
    poll = _poll(world, anonymous=True)
    a, b, _c = _ids(poll)
    client.force_login(world.people["resident"])
    response = client.post(_url("poll-vote", poll), {"choice": str(a)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    receipt = response.context["receipt"]
    assert receipt in response.content.decode()
    assert client.session.get("_messages") is None
    page = client.get(_url("poll-detail", poll)).content.decode()
    assert receipt not in page and 'name="receipt"' in page
    refused = client.post(_url("poll-vote", poll), {"choice": str(b)}).content.decode()
    assert "enter the receipt you were given" in refused
    assert client.post(_url("poll-vote", poll), {"choice": str(b), "receipt": receipt}).status_code == 302
    assert Ballot.objects.get(poll=poll).marks == {str(b): 1}


def test_hidden_results_say_so_until_the_poll_closes(world, client):
    poll = _poll(world, results_hidden_until_close=True)
    poll_services.cast_ballot(acting_user=world.people["member"], poll=poll, marks={_ids(poll)[0]: 1})
    client.force_login(world.people["coordinator"])
    body = client.get(_url("poll-results", poll)).content.decode()
    assert "hidden from everyone, organisers included" in body and "<table" not in body
    assert client.post(_url("poll-close", poll)).status_code == 302
    body = client.get(_url("poll-results", poll)).content.decode()
    assert "<table" in body and "Final: the poll is closed" in body


def test_comments_on_a_poll(world, client):
    process = world.process(moment="proposals")  # commenting is open, voting is not
    poll = poll_services.create_poll(acting_user=world.people["coordinator"], process=process, question="Q?",
                                     options=["Yes", "No"])
    client.force_login(world.people["resident"])
    response = client.post(_url("poll-comment-create", poll), {"body": "Why only two options?"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.process == process and comment.target_id == poll.pk
    assert Poll.objects.get(pk=poll.pk).comment_count == 1
    body = client.get(_url("poll-detail", poll)).content.decode()
    assert "Why only two options?" in body and "1 comment" in body
    assert "Why only two options?" in client.get(_url("poll-comment-list", poll)).content.decode()


def _with_ballots(world, rows: int, kind: str = "ranked") -> Poll:
    poll = _poll(world, kind=kind)
    a, b, c = _ids(poll)
    rankings = [{a: 1, b: 2}, {b: 1}, {c: 1, a: 2}]
    ballots = [Ballot(poll=poll, voter=UserFactory.build(), marks={str(k): v for k, v in rankings[i % 3].items()})
               for i in range(rows)]
    for ballot in ballots:
        ballot.voter.save()
    Ballot.objects.bulk_create(ballots)
    Poll.objects.filter(pk=poll.pk).update(ballot_count=rows)
    return poll


@pytest.mark.parametrize("rows", [10, 2000])
def test_the_poll_and_results_pages_cost_the_same_at_10_and_2000_ballots(world, client, django_assert_num_queries,
                                                                            rows):
    poll = _with_ballots(world, rows)
    # Anonymous, cold: the page cache's versions (1), the phase and window of the cache key
    # (2), the process with its hub and place, its phases, the poll, its options, its comments.
    with django_assert_num_queries(8):
        assert client.get(_url("poll-detail", poll)).status_code == 200
    # ... and results: the ballots instead of the comments.
    with django_assert_num_queries(8):
        response = client.get(_url("poll-results", poll))
    assert response.status_code == 200
    assert sum(response.context["results"].runoff.rounds[0].votes.values()) == rows
    # Signed in: session, user, their hub membership and process role (one query), no page
    # cache; their ballot.
    client.force_login(world.people["resident"])
    with django_assert_num_queries(9):
        assert client.get(_url("poll-detail", poll)).status_code == 200
    with django_assert_num_queries(8):
        assert client.get(_url("poll-results", poll)).status_code == 200


def test_an_organiser_starts_a_poll_from_the_process_page(world, client):
    process = world.process(moment="voting")
    client.force_login(world.people["coordinator"])
    page = client.get(process.get_absolute_url()).content.decode()
    create = reverse("coproduction:poll-create", args=[process.slug])
    assert create in page
    response = client.post(create, {"question": "Which evening?", "kind": "multiple", "options": "Monday\n\nTuesday\n",
                                    "max_choices": "1", "score_max": "5", "anonymous": "on"})
    poll = Poll.objects.get(process=process)
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    assert (poll.kind, poll.max_choices, poll.anonymous) == ("multiple", 1, True)
    assert list(poll.options.order_by("position").values_list("label", flat=True)) == ["Monday", "Tuesday"]


def test_the_poll_form_shows_the_services_refusals_as_errors(world, client):
    process = world.process(moment="voting")
    client.force_login(world.people["coordinator"])
    create = reverse("coproduction:poll-create", args=[process.slug])
    body = client.post(create, {"question": "Which?", "kind": "single", "options": "Only one", "score_max": "5",
                                "opens_at": "2030-01-02T10:00"}).content.decode()
    assert 'class="error-summary"' in body
    assert 'href="#id_options"' in body and "Give at least two options." in body
    assert "Give both dates, or neither to follow the phases." in body
    assert not Poll.objects.exists()


def test_the_rules_cannot_be_changed_through_the_form_once_voted(world, client):
    poll = _poll(world)
    client.force_login(world.people["coordinator"])
    edit = _url("poll-edit", poll)
    assert client.get(edit).status_code == 200
    poll_services.cast_ballot(acting_user=world.people["member"], poll=poll, marks={_ids(poll)[0]: 1})
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"question": "Changed?", "kind": "single", "options": "a\nb", "score_max": "5"}
                       ).status_code == 403
    assert Poll.objects.get(pk=poll.pk).question == "Which park first?"
