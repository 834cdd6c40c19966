"""Signed-in people get whole cached pages of their own (core.page_cache, ``signed_in=True``),
and every change of what they see shows on the next view: public writes, their drafts, their
roles and memberships, authorships asked of them, suggestions for the entries they edit,
their user row, their CSRF cookie, and messages."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    ReflectionFactory,
    TermFactory,
    UserFactory,
)
from translocal.knowledge import services as knowledge_services
from translocal.knowledge.models import Status
from translocal.places import services as places_services
from translocal.places.models import HubMembership
from translocal.sdg import services as sdg_services
from translocal.sdg.models import Suggestion
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _stored_user_pages() -> list[str]:
    return [key for key in cache._cache if ":userpage:" in key]  # local-memory cache internals


def _member_client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get("/")  # the CSRF cookie, as a browser has it after its first page
    return client


def _cached(client: Client, url: str) -> str:
    """The page as the signed-in page cache serves it: fetched once to store it, then again,
    answered with the session, the user and the versions only (so from the cache)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    assert len(queries) == 3, [q["sql"] for q in queries]
    return body


def test_a_repeated_signed_in_page_costs_three_queries_and_is_the_same(django_assert_num_queries):
    member = UserFactory(display_name="Nomvula Dlamini")
    CaseFactory.create_batch(3)
    client = _member_client(member)
    first = client.get(reverse("knowledge:case-list"))
    with django_assert_num_queries(3):  # the session, the user, the versions
        second = client.get(reverse("knowledge:case-list"))
    assert second.content == first.content
    assert "Nomvula Dlamini" in second.content.decode()
    assert "private" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def test_one_persons_cached_page_is_never_served_to_another():
    ana, ben = UserFactory(display_name="Ana Okafor"), UserFactory(display_name="Ben Lindqvist")
    _cached(_member_client(ana), "/")
    body = _member_client(ben).get("/").content.decode()
    assert "Ben Lindqvist" in body and "Ana Okafor" not in body
    assert "Sign in" in Client().get("/").content.decode()


def test_a_view_not_marked_for_signed_in_people_is_rendered_for_each_request():
    client = _member_client(UserFactory())
    client.get("/search/?q=tidal")
    client.get("/search/?q=tidal")
    # Nothing stored: the first visit (home) made the CSRF cookie, and search is not marked.
    assert _stored_user_pages() == []
    client.get("/")
    assert len(_stored_user_pages()) == 1  # the check could fail: home is stored now


def test_a_new_draft_shows_in_the_drafts_panel_at_once():
    member = UserFactory()
    client = _member_client(member)
    assert "Draft of a harbour assembly" not in _cached(client, "/cases/")
    knowledge_services.create_case(acting_user=member, data={"title": "Draft of a harbour assembly"})
    assert "Draft of a harbour assembly" in client.get("/cases/").content.decode()


def test_joining_and_a_new_role_show_on_the_hub_page_at_once():
    hub = HubFactory()
    HubMembershipFactory(hub=hub, role=HubMembership.Role.COORDINATOR)
    coordinator = hub.memberships.get().user
    member = UserFactory()
    client = _member_client(member)
    assert "Join this hub" in _cached(client, hub.get_absolute_url())
    places_services.join_hub(acting_user=member, hub=hub)
    assert "You are a member of this hub." in client.get(hub.get_absolute_url()).content.decode()
    _cached(client, hub.get_absolute_url())
    places_services.change_member_role(acting_user=coordinator, hub=hub, member=member, role="coordinator")
    assert "You are a coordinator of this hub." in client.get(hub.get_absolute_url()).content.decode()


def test_an_authorship_asked_of_someone_shows_on_their_cached_page_at_once():
    author, invited = UserFactory(), UserFactory()
    reflection = ReflectionFactory(created_by=author, title="Notes from the harbour")
    AuthorshipFactory(reflection=reflection, user=author)
    client = _member_client(invited)
    assert "authorship-accept" not in _cached(client, reflection.get_absolute_url())
    knowledge_services.add_author(acting_user=author, reflection=reflection, member=invited)
    body = client.get(reflection.get_absolute_url()).content.decode()
    assert reverse("knowledge:authorship-accept", args=[reflection.slug]) in body


def test_a_decided_suggestion_leaves_the_editors_cached_page_at_once():
    author = UserFactory()
    case = CaseFactory(created_by=author, title="Tidal gardens")
    goal = TermFactory(vocabulary=Vocabulary.SDG, slug="6", label="Clean water and sanitation")
    suggestion = Suggestion.objects.create(kind="case", object_id=case.pk, term=goal, score=0.7, model_name="test")
    client = _member_client(author)
    assert "Suggested goals" in _cached(client, case.get_absolute_url())
    sdg_services.decide_suggestion(acting_user=author, suggestion_id=suggestion.pk, confirm=False)
    assert "Suggested goals" not in client.get(case.get_absolute_url()).content.decode()


def test_a_change_of_the_user_row_shows_at_once():
    member = UserFactory(display_name="Ana Okafor")
    client = _member_client(member)
    assert "Audit log" not in _cached(client, "/")
    member.is_staff = True
    member.display_name = "Ana O. Okafor"
    member.save(update_fields=["is_staff", "display_name"])
    body = client.get("/").content.decode()
    assert "Audit log" in body and "Ana O. Okafor" in body


def test_a_public_write_shows_to_signed_in_readers_at_once():
    author = UserFactory()
    draft = CaseFactory(title="Street assembly in Kisumu", status=Status.DRAFT, published_at=None, created_by=author)
    client = _member_client(UserFactory())
    assert "Street assembly in Kisumu" not in _cached(client, "/cases/")
    knowledge_services.publish_case(acting_user=author, case=draft)
    assert "Street assembly in Kisumu" in client.get("/cases/").content.decode()


def test_a_new_csrf_cookie_gets_a_page_with_a_token_of_its_own():
    member = UserFactory()
    client = _member_client(member)
    _cached(client, "/")
    client.cookies["csrftoken"] = "A" * 32
    body = client.get("/").content.decode()
    assert {_unmask_cipher_token(token) for token in TOKEN.findall(body)} == {"A" * 32}


def test_a_message_is_shown_once_and_such_a_page_is_not_stored():
    member = UserFactory()
    hub = HubFactory(name="Harbour hub")
    client = _member_client(member)
    _cached(client, hub.get_absolute_url())
    response = client.post(reverse("places:hub-join", args=[hub.slug]), follow=True)
    assert "You are now a member of Harbour hub." in response.content.decode()
    stored = len(_stored_user_pages())
    assert stored == 1, _stored_user_pages()  # the page that showed the message was not stored
    again = _cached(client, hub.get_absolute_url())
    assert "You are a member of this hub." in again
    assert "You are now a member" not in again  # shown once, never from a cache
