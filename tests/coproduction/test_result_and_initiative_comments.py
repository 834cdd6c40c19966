"""Threaded comments on results and initiatives: the same comment views as proposals, meetings,
polls and budget projects (coproduction.comment_views), the same moderation, and pages whose
cost does not grow with the comments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from translocal.accounts.models import User
from translocal.coproduction import services
from translocal.coproduction.accountability import services as result_services
from translocal.coproduction.initiatives.models import Initiative
from translocal.coproduction.models import Comment, Result

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _result(world, process) -> Result:
    return result_services.create_result(
        acting_user=world.people["coordinator"], process=process, title="Benches along the canal"
    )


def _initiative(world, process, **fields) -> Initiative:
    return Initiative.objects.create(
        process=process, author=world.author, title="Benches at the tram stop", body="Text", signatures_needed=5,
        deadline=timezone.now() + dt.timedelta(days=3), **fields,
    )


@pytest.mark.parametrize("kind", ["result", "initiative"])
def test_residents_comment_and_reply_on_results_and_initiatives(world, kind):
    process = world.process(moment="proposals")  # commenting is open
    target = _result(world, process) if kind == "result" else _initiative(world, process)
    member = _client(world.people["member"])
    response = member.post(target.comment_create_url(), {"body": "Will they be in the shade?"})
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url() + "#comments-title"
    question = Comment.objects.get(body="Will they be in the shade?")
    assert (question.target_type.model, question.target_id) == (kind, target.pk)
    _client(world.people["coordinator"]).post(
        target.comment_create_url(), {"body": "Yes, under the plane trees.", "parent": question.pk}
    )
    reply = Comment.objects.get(body="Yes, under the plane trees.")
    assert reply.parent_id == question.pk
    target.refresh_from_db()
    question.refresh_from_db()
    assert (target.comment_count, question.reply_count) == (2, 1)
    body = member.get(target.get_absolute_url()).content.decode()
    assert "Will they be in the shade?" in body and "2 comments" in body
    assert 'action="' + target.comment_create_url() + '"' in body
    listing = member.get(target.comments_url())
    assert listing.status_code == 200 and "Will they be in the shade?" in listing.content.decode()


def test_a_hidden_comment_on_a_result_leaves_its_page_and_the_hide_is_audited(world, client):
    from translocal.audit.models import AuditEntry

    process = world.process(moment="proposals")
    result = _result(world, process)
    comment = services.add_comment(acting_user=world.people["member"], target=result, body="Spam spam spam")
    services.hide(acting_user=world.people["moderator"], target=comment, reason="spam")
    result.refresh_from_db()
    assert result.comment_count == 0
    assert "Spam spam spam" not in client.get(result.get_absolute_url()).content.decode()
    assert AuditEntry.objects.filter(action="coproduction.hide").count() == 1


def test_a_hidden_initiative_takes_no_comments(world):
    process = world.process(moment="proposals")
    initiative = _initiative(world, process, is_hidden=True)
    response = _client(world.author).post(initiative.comment_create_url(), {"body": "Still here"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comments_close_with_the_phase_that_opens_them(world):
    process = world.process(moment="voting")  # no comments in this phase
    result = _result(world, process)
    response = _client(world.people["member"]).post(result.comment_create_url(), {"body": "Too late"})
    assert response.status_code == 403 and not Comment.objects.exists()
    assert "Publish comment" not in _client(world.people["member"]).get(result.get_absolute_url()).content.decode()


def _comments(world, target, rows: int) -> None:
    content_type = ContentType.objects.get_for_model(target)
    Comment.objects.bulk_create(
        Comment(process=target.process, target_type=content_type, target_id=target.pk, author=world.people["member"],
                body=f"Comment {i}") for i in range(rows)
    )


@pytest.mark.parametrize("rows", [10, 2000])
def test_result_and_initiative_pages_cost_the_same_whatever_the_comments(world, client, django_assert_num_queries,
                                                                         rows):
    process = world.process(moment="proposals")
    result, initiative = _result(world, process), _initiative(world, process)
    _comments(world, result, rows)
    _comments(world, initiative, rows)
    ContentType.objects.get_for_model(Result)  # looked up once per server process, then cached
    ContentType.objects.get_for_model(Initiative)
    # the versions (one query), running phase, process + phases, result, updates, sources,
    # the commitments it came from (core.lineage), a page of comments with their authors, its
    # SDG goals (the sidebar section translocal.sdg adds)
    with django_assert_num_queries(10):
        body = client.get(result.get_absolute_url()).content.decode()
    assert body.count('class="comment"') + body.count('class="comment ') >= 10
    # the versions, running phase, process + phases, initiative, a page of comments
    with django_assert_num_queries(6):
        assert client.get(initiative.get_absolute_url()).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(result.comments_url()).status_code == 200
