"""A comment a moderator hid stays in the lists of its author and of the process's moderators,
marked "Hidden by a moderator", and leaves everyone else's (anonymous readers, the page cache,
other residents), on proposals, on the other comment targets and among replies."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from translocal.coproduction import services
from translocal.coproduction.initiatives import services as initiative_services

pytestmark = pytest.mark.django_db

MARK = "Hidden by a moderator"


def _hidden_comment(world, target, body="Buy cheap watches at spam.example", parent=None):
    comment = services.add_comment(acting_user=world.people["member"], target=target, body=body, parent=parent)
    services.hide(acting_user=world.people["moderator"], target=comment, reason="Advertising")
    return comment


def _page(client, person, url) -> str:
    client.logout()
    if person is not None:
        client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_hidden_comment_shows_to_its_author_and_moderators_only(world, client):
    proposal = world.proposal(world.process(moment="proposals"))
    services.add_comment(acting_user=world.people["resident"], target=proposal, body="Good idea, near the school.")
    _hidden_comment(world, proposal)
    for url in (proposal.get_absolute_url(), reverse("coproduction:comment-list", args=[proposal.process.slug,
                                                                                       proposal.pk])):
        for person in (None, world.people["resident"], UserFactory(), world.author):
            body = _page(client, person, url)
            assert "Good idea, near the school." in body
            assert "spam.example" not in body and MARK not in body
        for person in (world.people["member"], world.people["moderator"], world.people["coordinator"],
                       world.people["staff"]):
            body = _page(client, person, url)
            assert "spam.example" in body and MARK in body
    # The author sees it, but can no longer edit it; the moderator can show it again.
    author_view = _page(client, world.people["member"], proposal.get_absolute_url())
    assert "Edit<span" not in author_view
    assert "Show again" in _page(client, world.people["moderator"], proposal.get_absolute_url())
    # Anonymous readers got the cached page without it after the moderator saw it.
    assert "spam.example" not in _page(client, None, proposal.get_absolute_url())


def test_a_hidden_reply_shows_to_its_author_and_moderators_only(world, client):
    proposal = world.proposal(world.process(moment="proposals"))
    parent = services.add_comment(acting_user=world.people["resident"], target=proposal, body="Where exactly?")
    _hidden_comment(world, proposal, body="Rude reply about the neighbours", parent=parent)
    url = reverse("coproduction:comment-replies", args=[proposal.process.slug, parent.pk])
    assert "Rude reply" not in _page(client, None, url)
    assert "Rude reply" not in _page(client, world.people["resident"], url)
    for person in (world.people["member"], world.people["moderator"]):
        body = _page(client, person, url)
        assert "Rude reply" in body and MARK in body


def test_the_rule_holds_on_other_comment_targets(world, client):
    process = world.process(moment="voting", support_threshold=5)
    # Comments are open in the "proposals" and "support" phases; write while one is, then move on.
    initiative = initiative_services.start_initiative(acting_user=world.author, process=process,
                                                      title="Keep the pool", body="Please.")
    from translocal.coproduction.models import Phase

    Phase.objects.filter(process=process).update(comment=True)
    from translocal.coproduction import selectors

    selectors.forget_current_phase(process)
    initiative.process = process
    _hidden_comment(world, initiative)
    assert "spam.example" not in _page(client, world.people["resident"], initiative.get_absolute_url())
    assert "spam.example" in _page(client, world.people["member"], initiative.get_absolute_url())
    assert "spam.example" in _page(client, world.people["moderator"], initiative.comments_url())
    assert "spam.example" not in _page(client, None, initiative.comments_url())
