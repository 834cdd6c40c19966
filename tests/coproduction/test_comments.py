"""Comments (threaded, edit and delete own, cursor pages, replies on demand) and moderation
(reports, hide and unhide, audit rows; hidden content leaves lists and search)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import UserFactory
from translocal.audit.models import AuditEntry
from translocal.coproduction import selectors, services
from translocal.coproduction.models import Comment, Proposal, Report
from translocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def _bulk_comments(proposal, n: int, *, author, parent=None) -> None:
    content_type = ContentType.objects.get_for_model(Proposal)
    Comment.objects.bulk_create(
        Comment(process=proposal.process, target_type=content_type, target_id=proposal.pk, author=author,
                body=f"Comment {i}", parent=parent)
        for i in range(n)
    )


def test_a_comment_and_a_reply_move_the_counts(world):
    proposal = world.proposal(world.process(moment="proposals"))
    comment = services.add_comment(acting_user=world.people["resident"], target=proposal, body=" First! ")
    reply = services.add_comment(acting_user=world.people["member"], target=proposal, body="Agreed", parent=comment)
    assert comment.body == "First!" and reply.parent == comment
    assert Proposal.objects.get(pk=proposal.pk).comment_count == 2
    assert Comment.objects.get(pk=comment.pk).reply_count == 1
    assert [c.pk for c in selectors.comment_page(target=proposal).items] == [comment.pk]
    assert [c.pk for c in selectors.reply_page(comment=comment).items] == [reply.pk]


def test_commenting_follows_the_phase(world):
    proposal = world.proposal(world.process(moment="voting"))
    with pytest.raises(PermissionDenied):
        services.add_comment(acting_user=world.people["member"], target=proposal, body="Too late")
    assert not Comment.objects.exists()


def test_a_reply_must_be_under_a_comment_on_the_same_proposal(world):
    process = world.process(moment="proposals")
    first, second = world.proposal(process), world.proposal(process)
    elsewhere = services.add_comment(acting_user=world.people["member"], target=first, body="On the first")
    with pytest.raises(ValidationError):
        services.add_comment(acting_user=world.people["member"], target=second, body="Reply", parent=elsewhere)


def test_authors_edit_and_delete_their_own_comments_only(world):
    proposal = world.proposal(world.process(moment="proposals"))
    comment = services.add_comment(acting_user=world.people["resident"], target=proposal, body="Typo hre")
    with pytest.raises(PermissionDenied):
        services.edit_comment(acting_user=world.people["staff"], comment=comment, body="Not yours")
    services.edit_comment(acting_user=world.people["resident"], comment=comment, body="Typo here")
    assert Comment.objects.get(pk=comment.pk).edited_at is not None
    with pytest.raises(PermissionDenied):
        services.delete_comment(acting_user=world.people["member"], comment=comment)
    services.delete_comment(acting_user=world.people["resident"], comment=comment)
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.is_deleted and stored.body == ""
    assert Proposal.objects.get(pk=proposal.pk).comment_count == 0
    assert selectors.comment_page(target=proposal).items == []  # no replies: it leaves the list


def test_a_deleted_comment_with_replies_keeps_its_place_without_its_text(world, client):
    proposal = world.proposal(world.process(moment="proposals"))
    comment = services.add_comment(acting_user=world.people["resident"], target=proposal, body="Secret words")
    services.add_comment(acting_user=world.people["member"], target=proposal, body="A reply", parent=comment)
    services.delete_comment(acting_user=world.people["resident"], comment=comment)
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert "This comment was deleted." in body and "Secret words" not in body and "Show 1 reply" in body


def test_reports_are_once_per_person_and_audited(world):
    proposal = world.proposal(world.process(moment="proposals"))
    services.report(acting_user=world.people["resident"], target=proposal, reason="spam", details="Advert")
    with pytest.raises(ValidationError, match="already reported"):
        services.report(acting_user=world.people["resident"], target=proposal, reason="offensive")
    with pytest.raises(ValidationError):
        services.report(acting_user=world.people["member"], target=proposal, reason="made-up")
    assert Report.objects.count() == 1
    assert AuditEntry.objects.filter(action="coproduction.report", target_id=str(proposal.pk)).count() == 1


def test_only_moderators_hide_and_each_action_is_audited(world, django_capture_on_commit_callbacks):
    process = world.process(moment="proposals")
    proposal = world.proposal(process)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_proposal(acting_user=world.author, proposal=proposal, title="Free bikes", body="For all.")
    comment = services.add_comment(acting_user=world.people["resident"], target=proposal, body="Buy at spam.example")
    services.report(acting_user=world.people["member"], target=comment, reason="spam")
    for person in (world.people["resident"], world.people["member"], world.author):
        with pytest.raises(PermissionDenied):
            services.hide(acting_user=person, target=comment, reason="No")
    with pytest.raises(ValidationError):
        services.hide(acting_user=world.people["moderator"], target=comment, reason=" ")
    services.hide(acting_user=world.people["moderator"], target=comment, reason="Advertising")
    assert selectors.comment_page(target=proposal).items == []
    assert Proposal.objects.get(pk=proposal.pk).comment_count == 0
    assert Report.objects.get().resolved_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.hide(acting_user=world.people["coordinator"], target=proposal, reason="Duplicate of another")
    assert selectors.proposal_page(process=process).items == []
    assert not SearchEntry.objects.filter(kind="proposal", object_id=proposal.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.unhide(acting_user=world.people["staff"], target=proposal, reason="Not a duplicate")
    assert SearchEntry.objects.filter(kind="proposal", object_id=proposal.pk).exists()
    actions = list(AuditEntry.objects.filter(action__startswith="coproduction.").order_by("id").values_list(
        "action", "reason"))
    assert actions == [
        ("coproduction.report", ""),
        ("coproduction.hide", "Advertising"),
        ("coproduction.hide", "Duplicate of another"),
        ("coproduction.unhide", "Not a duplicate"),
    ]


def test_a_hidden_proposal_is_a_404_for_others_and_visible_to_its_author_and_moderators(world, client):
    proposal = world.proposal(world.process(moment="proposals"), is_hidden=True)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    for person in (world.author, world.people["moderator"]):
        client.force_login(person)
        assert client.get(proposal.get_absolute_url()).status_code == 200


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [10, 2000])
def test_a_proposal_page_costs_the_same_with_10_or_2000_comments(world, client, django_assert_num_queries, rows):
    proposal = world.proposal(world.process(moment="proposals"))
    _bulk_comments(proposal, rows, author=world.people["member"])
    first = Comment.objects.order_by("id").first()
    _bulk_comments(proposal, rows, author=world.people["resident"], parent=first)
    Comment.objects.filter(pk=first.pk).update(reply_count=rows)
    url = proposal.get_absolute_url()
    ContentType.objects.get_for_model(Proposal)  # looked up once per server process, then cached
    # the versions (one query), running phase (page cache), process + phases, proposal, comments
    # (first page, with authors), timeline, the results it became (none: no updates to read)
    with django_assert_num_queries(8):
        response = client.get(url)
    body = response.content.decode()
    assert body.count('class="comment"') == min(20, rows)
    assert f"Show {rows} replies" in body
    client.force_login(world.people["member"])
    # session, user, process + phases, hub and process roles (one query), proposal, comments,
    # timeline, results it became, the viewer's support (no allowance to read: the process sets
    # no limit)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [10, 2000])
def test_pages_of_comments_and_replies_by_htmx_cost_the_same(world, client, django_assert_num_queries, rows):
    proposal = world.proposal(world.process(moment="proposals"))
    _bulk_comments(proposal, rows, author=world.people["member"])
    first = Comment.objects.order_by("id").first()
    _bulk_comments(proposal, rows, author=world.people["resident"], parent=first)
    page = selectors.comment_page(target=proposal)
    url = reverse("coproduction:comment-list", args=[proposal.process.slug, proposal.pk])
    query = {"cursor": page.next_cursor} if page.next_cursor else {}
    # process + phases, proposal, comments (htmx requests skip the page cache)
    with django_assert_num_queries(4):
        response = client.get(url, query, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert body.count('class="comment"') == (20 if rows > 40 else min(rows, 20))
    replies = reverse("coproduction:comment-replies", args=[proposal.process.slug, first.pk])
    # process + phases, comment, replies, the proposal they are on
    with django_assert_num_queries(5):
        response = client.get(replies, HTTP_HX_REQUEST="true")
    assert response.content.decode().count('class="comment"') == min(20, rows)


def test_a_comment_posted_from_the_page_shows_after_the_redirect(world, client):
    proposal = world.proposal(world.process(moment="proposals"))
    client.force_login(world.people["resident"])
    url = reverse("coproduction:comment-create", args=[proposal.process.slug, proposal.pk])
    response = client.post(url, {"body": "Lovely idea"}, follow=True)
    assert "Lovely idea" in response.content.decode()
    assert "Your comment is published." in response.content.decode()


def test_comments_retire_the_processs_cached_pages_not_the_site(world, client, django_capture_on_commit_callbacks):
    from translocal.core.caching import SITE, content_version

    proposal = world.proposal(world.process(moment="proposals"))
    client.get(proposal.get_absolute_url())
    site = content_version(None, SITE)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(acting_user=UserFactory(), target=proposal, body="Fresh comment")
    assert content_version(None, SITE) == site
    assert "Fresh comment" in client.get(proposal.get_absolute_url()).content.decode()


def test_only_registered_models_are_comment_targets():
    from django.core.exceptions import FieldDoesNotExist

    from translocal.coproduction.selectors import COMMENT_TARGETS, register_comment_target
    from translocal.places.models import Hub

    assert Proposal in COMMENT_TARGETS
    with pytest.raises(FieldDoesNotExist):
        register_comment_target(Hub)  # no process: nothing to moderate it by
    assert Hub not in COMMENT_TARGETS
