"""The PostgreSQL health check that costs no round trip (core/postgresql/base.py): a kept,
idle connection with nothing on its socket passes without a query; a connection the server
terminated fails the check, is closed and reopened, so the next query works."""

import select
import time
from collections.abc import Iterator

import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_postgresql

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's backend")


@pytest.fixture
def kept():  # noqa: ANN201 - a second connection to the test database, as a worker keeps one
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Records each time Django's own check (SELECT 1) runs, and lets it run."""
    calls: list[bool] = []
    original = django_postgresql.DatabaseWrapper.is_usable

    def django_check(self) -> bool:  # noqa: ANN001
        calls.append(True)
        return original(self)

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", django_check)
    yield calls


def test_every_postgresql_database_uses_the_backend():
    for alias in connections:
        assert type(connections[alias]).__module__ == "translocal.core.postgresql.base"
        assert connections[alias].vendor == "postgresql"
    assert connections["default"].settings_dict["CONN_HEALTH_CHECKS"] is True


def test_an_idle_kept_connection_passes_without_a_query(kept, asked):
    assert kept.is_usable() is True
    assert asked == []


def test_a_connection_inside_a_transaction_is_checked_by_asking_the_server(kept, asked):
    kept.set_autocommit(False)
    with kept.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert kept.is_usable() is True
    assert asked == [True]
    kept.rollback()


def test_a_terminated_connection_fails_the_check_and_the_next_query_reconnects(kept, asked):
    pid = kept.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone() == (True,)
    socket = kept.connection.pgconn.socket
    deadline = time.monotonic() + 10
    while not select.select([socket], [], [], 0.05)[0]:  # the server's FATAL message, then the end
        assert time.monotonic() < deadline, "the terminated backend never wrote to its socket"

    assert kept.is_usable() is False
    assert asked == [True]  # something waited on the socket: Django's SELECT 1 decided

    # What Django does at the start of a request: closes it, and the next query opens a new one.
    kept.health_check_done = False
    kept.close_if_health_check_failed()
    assert kept.connection is None
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
