"""Anonymous readers get whole cached pages; nobody else does, and writes show at once."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import resolve, reverse

from tests.factories import CaseFactory, UserFactory
from translocal.core.page_cache import AnonymousPageCacheMiddleware, cache_for_anonymous
from translocal.knowledge.models import Status
from translocal.knowledge.services import publish_case

pytestmark = pytest.mark.django_db


def test_a_repeated_anonymous_page_costs_one_query(client, django_assert_num_queries):
    CaseFactory.create_batch(3)
    first = client.get(reverse("knowledge:case-list"))
    with django_assert_num_queries(1):  # the content version
        second = client.get(reverse("knowledge:case-list"))
    assert second.status_code == 200
    assert second.content == first.content
    assert second["X-Frame-Options"] == "DENY"  # outer middleware still applies


def test_a_write_through_a_service_shows_to_anonymous_readers_at_once(client):
    author = UserFactory()
    draft = CaseFactory(
        title="Street assembly in Kisumu", status=Status.DRAFT, published_at=None, created_by=author
    )
    assert "Street assembly in Kisumu" not in client.get(reverse("knowledge:case-list")).content.decode()
    publish_case(acting_user=author, case=draft)
    assert "Street assembly in Kisumu" in client.get(reverse("knowledge:case-list")).content.decode()


def test_signed_in_people_never_get_the_anonymous_page(client):
    client.get(reverse("core:home"))  # fills the anonymous cache
    client.force_login(UserFactory(display_name="Nomvula Dlamini"))
    body = client.get(reverse("core:home")).content.decode()
    assert "Nomvula Dlamini" in body
    assert "Sign out" in body


def test_htmx_partials_bypass_the_page_cache(client):
    CaseFactory()
    full = client.get(reverse("knowledge:case-list"))
    partial = client.get(reverse("knowledge:case-list"), HTTP_HX_REQUEST="true")
    assert partial.content != full.content
    assert b"<html" not in partial.content


def _stored_pages() -> list[str]:
    from django.core.cache import cache

    return [key for key in cache._cache if ":page:" in key]  # local-memory cache internals


def test_pages_with_pending_messages_are_neither_stored_nor_served(client):
    client.cookies["messages"] = "pending"
    client.get(reverse("core:home"))
    assert _stored_pages() == []
    del client.cookies["messages"]
    client.get(reverse("core:home"))
    assert len(_stored_pages()) == 1


def test_a_response_that_used_a_csrf_token_is_not_stored(rf):
    request = rf.get("/cases/")
    request.resolver_match = resolve("/cases/")

    @cache_for_anonymous
    def view(request):
        return HttpResponse(get_token(request))  # a per-visitor secret in the page

    middleware = AnonymousPageCacheMiddleware(lambda r: middleware.process_view(r, view, (), {}) or view(r))
    middleware(request)
    again = rf.get("/cases/")
    again.resolver_match = request.resolver_match
    assert middleware.process_view(again, view, (), {}) is None  # a miss: nothing was stored


def test_a_plain_response_of_a_marked_view_is_stored_and_served(rf):
    @cache_for_anonymous
    def view(request):
        return HttpResponse("same for everyone")

    middleware = AnonymousPageCacheMiddleware(lambda r: middleware.process_view(r, view, (), {}) or view(r))
    middleware(rf.get("/cases/"))
    served = middleware.process_view(rf.get("/cases/"), view, (), {})
    assert served is not None and served.content == b"same for everyone"


def test_an_unmarked_view_is_never_cached(client):
    client.get(reverse("accounts:login"))
    client.get(reverse("accounts:people-list"))
    assert _stored_pages() == []


def _cacheable_url_names() -> set[str]:
    from django.urls import URLPattern, URLResolver, get_resolver

    from translocal.core.page_cache import is_cacheable_view

    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and is_cacheable_view(pattern.callback):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_the_apps_mark_the_hot_read_pages_and_nothing_that_writes():
    assert _cacheable_url_names() == {
        "core:home",
        "knowledge:case-list",
        "knowledge:case-detail",
        "knowledge:method-list",
        "knowledge:method-detail",
        "knowledge:reflection-list",
        "knowledge:reflection-detail",
        "knowledge:series-list",
        "knowledge:series-detail",
        "search:search",
        "places:place-list",
        "places:place-detail",
        "places:hub-list",
        "places:hub-detail",
        "places:organisation-list",
        "places:organisation-detail",
        "coproduction:process-list",
        "coproduction:process-detail",
        "coproduction:proposal-list",
        "coproduction:proposal-detail",
        "coproduction:comment-list",
        "coproduction:comment-replies",
        "coproduction:result-list",
        "coproduction:result-detail",
        "coproduction:poll-detail",
        "coproduction:poll-results",
        "coproduction:poll-comment-list",
        "coproduction:meeting-list",
        "coproduction:meeting-detail",
        "coproduction:meeting-comment-list",
        "coproduction:meeting-calendar",
        "coproduction:hub-meeting-calendar",
        "coproduction:result-comment-list",
        "coproduction:initiative-comment-list",
        "coproduction:initiative-list",
        "coproduction:initiative-detail",
        "core:about",
        "core:privacy",
        "core:accessibility",
        "core:licence",
        "intelligence:challenge",
        "sdg:goal-list",
        "sdg:goal-detail",
        "sdg:place-report",
        "sdg:hub-report",
        "coproduction:budget-detail",
        "coproduction:budget-results",
        "coproduction:budget-project",
        "coproduction:budget-project-comments",
        "exchanges:exchange-list",
        "exchanges:exchange-detail",
        "exchanges:calendar-all",
        "exchanges:calendar-hub",
        "exchanges:calendar-exchange",
        "exchanges:network",
        "exchanges:impact",
        "exchanges:hub-impact",
        "exchanges:place-impact",
        "exchanges:person-impact",
        "exchanges:feed-rss",
        "exchanges:feed-atom",
        "exchanges:reflection-feed-rss",
        "exchanges:reflection-feed-atom",
        "knowledge:reflection-feed-rss",
        "knowledge:reflection-feed-atom",
        "knowledge:series-feed-rss",
        "knowledge:series-feed-atom",
        "coproduction:proposal-feed-rss",
        "coproduction:proposal-feed-atom",
        "coproduction:result-feed-rss",
        "coproduction:result-feed-atom",
        "coproduction:meeting-feed-rss",
        "coproduction:meeting-feed-atom",
        "coproduction:hub-process-feed-rss",
        "coproduction:hub-process-feed-atom",
        "coproduction:initiative-feed-rss",
        "coproduction:initiative-feed-atom",
        "places:place-map",
        "accounts:profile",
    }
