"""Signed-in people get whole cached pages of their own (core.page_cache, ``signed_in=True``),
and every change of what they see shows on the next view: public writes, their drafts, their
roles and memberships, authorships asked of them, suggestions for the entries they edit,
their proposals and exchange registrations (their profile), their user row, their CSRF
cookie, and messages."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.exchanges.factories import RegistrationFactory
from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    ProposalFactory,
    ReflectionFactory,
    TermFactory,
    UserFactory,
)
from translocal.coproduction import services as coproduction_services
from translocal.exchanges import services as exchange_services
from translocal.knowledge import services as knowledge_services
from translocal.knowledge.models import Status
from translocal.places import services as places_services
from translocal.places.models import HubMembership
from translocal.sdg import services as sdg_services
from translocal.sdg.models import Suggestion
from translocal.search.services import index_instances
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


def _cached(client: Client, url: str, queries: int = 1) -> str:
    """The page as the signed-in page cache serves it: fetched twice to store it (the second
    time, a page that shows hub member counts fills them live and keeps them in the cache at
    these versions, places.membership_caching), then again, answered with the session, the
    user and the versions in one statement only (so from the cache), plus the live figures'
    query of a page that shows some (``queries=2``: support counts)."""
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        body = client.get(url).content.decode()
    assert len(captured) == queries, [q["sql"] for q in captured]
    assert not any("member_count" in (q["sql"] or "") for q in captured)  # kept since the second view
    return body


def test_a_repeated_signed_in_page_costs_one_query_and_is_the_same(django_assert_num_queries):
    member = UserFactory(display_name="Nomvula Dlamini")
    CaseFactory.create_batch(3)
    client = _member_client(member)
    first = client.get(reverse("knowledge:case-list"))
    # The session, the user and the versions in one statement: this process saw the session
    # on the first view and knows whom it signed in (accounts.sessions).
    with django_assert_num_queries(1):
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
    client.get("/places/")
    client.get("/places/")
    # Nothing stored: the first visit (home) made the CSRF cookie, and the place list is not marked.
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


# --- Search and profile ------------------------------------------------------------------------


def test_search_is_cached_for_a_signed_in_reader_and_follows_a_public_write():
    author = UserFactory()
    draft = CaseFactory(title="Tidal street assembly", status=Status.DRAFT, published_at=None, created_by=author)
    client = _member_client(UserFactory(display_name="Nomvula Dlamini"))
    body = _cached(client, "/search/?q=tidal")
    assert "Nomvula Dlamini" in body and "street assembly" not in body
    knowledge_services.publish_case(acting_user=author, case=draft)
    assert "street assembly" in client.get("/search/?q=tidal").content.decode()  # "Tidal" is marked


def test_a_new_draft_shows_on_ones_own_cached_profile_at_once():
    member = UserFactory()
    client = _member_client(member)
    assert "Draft of a harbour assembly" not in _cached(client, member.get_absolute_url())
    knowledge_services.create_case(acting_user=member, data={"title": "Draft of a harbour assembly"})
    assert "Draft of a harbour assembly" in client.get(member.get_absolute_url()).content.decode()


def test_an_authorship_asked_shows_on_ones_own_cached_profile_at_once():
    author, invited = UserFactory(), UserFactory()
    reflection = ReflectionFactory(created_by=author, title="Notes from the harbour")
    AuthorshipFactory(reflection=reflection, user=author)
    client = _member_client(invited)
    assert "You have been named as an author" not in _cached(client, invited.get_absolute_url())
    knowledge_services.add_author(acting_user=author, reflection=reflection, member=invited)
    assert "You have been named as an author" in client.get(invited.get_absolute_url()).content.decode()
    knowledge_services.accept_authorship(acting_user=invited, reflection=reflection)
    body = client.get(invited.get_absolute_url()).content.decode()
    assert "You have been named as an author" not in body and "Notes from the harbour" in body


def _registration_status(body: str, title: str) -> str:
    """The status the profile's "Your exchanges" gives the registration for exchange ``title``."""
    found = re.search(rf'>{re.escape(title)}</a> <span class="meta">[^<]*· ([^<]+)</span>', body)
    assert found, body
    return found.group(1)


def test_each_decision_on_a_registration_shows_on_the_persons_cached_profile_at_once():
    registration = RegistrationFactory(registration_type__capacity=1, registration_type__exchange__title="Tidal visit")
    person, organiser = registration.user, registration.exchange.created_by
    profile = person.get_absolute_url()
    client = _member_client(person)
    assert _registration_status(_cached(client, profile), "Tidal visit") == "Applied"
    exchange_services.waitlist_registration(acting_user=organiser, registration=registration)
    assert _registration_status(_cached(client, profile), "Tidal visit") == "On the waiting list"
    exchange_services.accept_registration(acting_user=organiser, registration=registration)
    assert _registration_status(_cached(client, profile), "Tidal visit") == "Accepted"
    exchange_services.cancel_registration(acting_user=person, registration=registration)
    assert _registration_status(client.get(profile).content.decode(), "Tidal visit") == "Cancelled"


def test_a_place_freed_shows_as_accepted_on_the_cached_profile_of_the_first_waiting():
    holder = RegistrationFactory(registration_type__capacity=1, status="accepted",
                                 registration_type__exchange__title="Tidal visit")
    waiting = RegistrationFactory(registration_type=holder.registration_type, status="waitlisted")
    client = _member_client(waiting.user)
    profile = waiting.user.get_absolute_url()
    assert _registration_status(_cached(client, profile), "Tidal visit") == "On the waiting list"
    exchange_services.cancel_registration(acting_user=holder.user, registration=holder)  # moves them up
    assert _registration_status(client.get(profile).content.decode(), "Tidal visit") == "Accepted"


def test_a_registration_applied_for_shows_on_ones_cached_profile_at_once():
    registration = RegistrationFactory(registration_type__exchange__title="Tidal visit")
    person = UserFactory()
    client = _member_client(person)
    assert "Tidal visit" not in _cached(client, person.get_absolute_url())
    exchange_services.apply_to_exchange(
        acting_user=person,
        exchange=registration.exchange,
        registration_type=registration.registration_type,
        learning_goals="How the visit's hosts run their assemblies.",
    )
    assert _registration_status(client.get(person.get_absolute_url()).content.decode(), "Tidal visit") == "Applied"


def test_a_proposal_hidden_by_a_moderator_shows_as_hidden_on_its_authors_cached_profile_at_once():
    proposal = ProposalFactory(title="Benches by the canal")
    author = proposal.author
    moderator = UserFactory(is_staff=True)
    client = _member_client(author)
    body = _cached(client, author.get_absolute_url(), queries=2)  # its support count is live
    assert "Benches by the canal" in body and "Hidden by a moderator" not in body
    coproduction_services.hide(acting_user=moderator, target=proposal, reason="Off topic.")
    body = client.get(author.get_absolute_url()).content.decode()
    assert "Benches by the canal" in body and "Hidden by a moderator" in body
    # Others, anonymous or signed in, no longer see it at all.
    assert "Benches by the canal" not in _member_client(UserFactory()).get(author.get_absolute_url()).content.decode()
    assert "Benches by the canal" not in Client().get(author.get_absolute_url()).content.decode()


def test_on_search_and_profile_no_one_gets_another_persons_header_drafts_or_buttons_from_a_cache():
    ana = UserFactory(display_name="Ana Okafor", bio="")
    ben = UserFactory(display_name="Ben Lindqvist")
    CaseFactory(created_by=ana, title="Tidal draft case of Ana", status=Status.DRAFT, published_at=None)
    index_instances([CaseFactory(created_by=ana, title="Tidal gardens of Ana")])
    AuthorshipFactory(reflection=ReflectionFactory(), user=ana, status="pending")
    RegistrationFactory(user=ana, registration_type__exchange__title="Tidal visit")
    ana_client, ben_client = _member_client(ana), _member_client(ben)
    edit = f'href="{reverse("accounts:profile-edit")}"'
    own = _cached(ana_client, ana.get_absolute_url())
    # The check could fail: Ana's own cached profile shows her all of it.
    for part in ("Ana Okafor", "Tidal draft case of Ana", edit, "You have been named as an author", "Tidal visit"):
        assert part in own, part
    ana_search = _cached(ana_client, "/search/?q=tidal")
    assert "Ana Okafor" in ana_search and "gardens of Ana" in ana_search
    for url in (ana.get_absolute_url(), "/search/?q=tidal"):
        body = _cached(ben_client, url)
        nav = re.search(r'<nav class="account-nav".*?</nav>', body, re.DOTALL).group(0)
        assert "Ben Lindqvist" in nav and "Ana Okafor" not in nav, url
        for part in ("Tidal draft case of Ana", edit, "You have been named as an author", "Tidal visit"):
            assert part not in body, (url, part)
        assert "gardens of Ana" in body, url  # what everyone sees is there (search marks "Tidal")
