"""The scale path's parts that need no second machine: read replicas are routed to, and the
fragment cache works against a real Redis (the shared cache of several app servers)."""

import os
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from translocal.core.caching import cached_fragment, content_changed
from translocal.core.db_router import ReplicaRouter
from translocal.knowledge.models import Case

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


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reads_go_to_a_replica_and_writes_to_the_primary(settings):
    settings.DATABASES = {**settings.DATABASES, "replica0": {}, "replica1": {}}
    router = ReplicaRouter()
    assert router.db_for_read(Case) in {"replica0", "replica1"}
    assert router.db_for_write(Case) == "default"
    assert router.allow_migrate("default", "knowledge") is True
    assert router.allow_migrate("replica0", "knowledge") is False


def test_without_replicas_reads_stay_on_the_primary():
    assert ReplicaRouter().db_for_read(Case) == "default"


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
