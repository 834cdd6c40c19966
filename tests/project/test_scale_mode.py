"""The scale path's parts that need no second machine: read replicas are routed to, and the
fragment cache works against a real Redis (the shared cache of several app servers)."""

import contextvars
import os
import socket
import time

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.test import override_settings

from translocal.core import db_router
from translocal.core.caching import cached_fragment, content_changed
from translocal.core.db_router import PIN_COOKIE, ReadYourWritesMiddleware, ReplicaRouter, pin_scope
from translocal.knowledge.models import Case
from translocal.taxonomy.models import Term

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.fixture
def redis_cache():
    if not _redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis must answer on 127.0.0.1:6379 under CI=true")
        pytest.skip("no Redis on 127.0.0.1:6379 (CI runs this test)")
    config = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    with override_settings(CACHES=config):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


@pytest.fixture
def replicas(settings):
    """Two replica aliases in the settings (never connected to: these tests only route)."""
    with pytest.warns(UserWarning, match="Overriding setting DATABASES"):
        settings.DATABASES = {**settings.DATABASES, "replica0": {}, "replica1": {}}
    return ReplicaRouter()


def test_reads_go_to_a_replica_and_writes_to_the_primary(replicas):
    with pin_scope():
        assert replicas.db_for_read(Case) in {"replica0", "replica1"}
        assert replicas.db_for_write(Case) == "default"
    assert replicas.allow_migrate("default", "knowledge") is True
    assert replicas.allow_migrate("replica0", "knowledge") is False


def test_without_replicas_reads_stay_on_the_primary():
    with pin_scope():
        assert ReplicaRouter().db_for_read(Case) == "default"


def test_after_a_write_the_rest_of_the_request_reads_the_primary(replicas):
    with pin_scope():
        replicas.db_for_write(Case)
        assert replicas.db_for_read(Case) == "default"
    with pin_scope():  # the next unit of work starts unpinned
        assert replicas.db_for_read(Case) != "default"


def test_sessions_are_always_read_from_the_primary(replicas):
    with pin_scope():
        assert replicas.db_for_read(Session) == "default"


def test_related_rows_come_from_the_database_the_object_came_from(replicas):
    case = Case()
    case._state.db = "default"
    with pin_scope():
        assert replicas.db_for_read(Term, instance=case) == "default"


def test_outside_a_request_a_write_pins_reads_for_the_window_only(replicas, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(db_router.time, "monotonic", lambda: clock[0])
    context = contextvars.Context()  # a task or command context of its own, as a thread has

    def step(write: bool) -> str:
        if write:
            replicas.db_for_write(Case)
        return replicas.db_for_read(Case)

    assert context.run(step, True) == "default"
    clock[0] += db_router.read_your_writes_seconds() - 1
    assert context.run(step, False) == "default"
    clock[0] += 2
    assert context.run(step, False) != "default"


def _pinned_during(request: HttpRequest, *, write: bool = False) -> tuple[bool, HttpResponse]:
    seen = []

    def view(request: HttpRequest) -> HttpResponse:
        if write:
            db_router.note_write()
        seen.append(db_router.reads_pinned_to_primary())
        return HttpResponse("ok")

    response = ReadYourWritesMiddleware(view)(request)
    return seen[0], response


def test_a_write_sets_the_pin_cookie_and_the_next_request_reads_the_primary(replicas, rf):
    pinned, response = _pinned_during(rf.post("/"), write=True)
    assert pinned
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"] and cookie["samesite"] == "Lax"

    later = rf.get("/")
    later.COOKIES[PIN_COOKIE] = cookie.value
    assert _pinned_during(later)[0]
    assert not _pinned_during(rf.get("/"))[0]  # someone else, without the cookie


def test_unsafe_methods_read_the_primary_and_set_no_cookie_without_a_write(replicas, rf):
    pinned, response = _pinned_during(rf.post("/"))
    assert pinned and PIN_COOKIE not in response.cookies
    pinned, response = _pinned_during(rf.get("/"))
    assert not pinned and PIN_COOKIE not in response.cookies


def test_an_expired_or_forged_pin_cookie_is_ignored(replicas, rf, monkeypatch):
    _, response = _pinned_during(rf.post("/"), write=True)
    value = response.cookies[PIN_COOKIE].value
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 11)  # READ_YOUR_WRITES_SECONDS=10 later
    expired = rf.get("/")
    expired.COOKIES[PIN_COOKIE] = value
    assert not _pinned_during(expired)[0]
    forged = rf.get("/")
    forged.COOKIES[PIN_COOKIE] = "1"
    assert not _pinned_during(forged)[0]


def test_without_replicas_the_middleware_sets_no_cookie(rf):
    _, response = _pinned_during(rf.post("/"), write=True)
    assert PIN_COOKIE not in response.cookies


@pytest.mark.django_db
def test_fragments_are_shared_through_redis_and_follow_the_content_version(redis_cache, rf):
    renders = []

    def render() -> str:
        renders.append(1)
        return f"<p>render {len(renders)}</p>"

    first = cached_fragment(rf.get("/"), "t", ("k",), render)
    second = cached_fragment(rf.get("/"), "t", ("k",), render)  # another request, e.g. another server
    assert first == second == "<p>render 1</p>"
    assert redis_cache._cache.get_client().keys("*fragment:t:*")  # stored in Redis itself
    content_changed()
    assert cached_fragment(rf.get("/"), "t", ("k",), render) == "<p>render 2</p>"
