"""Send reads to PostgreSQL read replicas when DATABASE_REPLICA_URLS names some, without ever
showing a person or a service data older than what they just wrote.

A replica lags the primary by some milliseconds, sometimes seconds. Reads go to the primary
(the ``default`` alias) whenever a stale answer would be wrong:

- inside a transaction on the primary (a service deciding on what it reads: next position,
  capacity, "already a member");
- for the tables whose rows are written on one request and read on the next: sessions (the
  session created at login), the task queue, login-attempt records;
- for the whole of a request that changes state (POST, PUT, PATCH, DELETE): form validation
  and permission checks run before the service's transaction;
- after a write, for the rest of that request and, through a short-lived signed cookie, for the
  same person's next requests during ``READ_YOUR_WRITES_SECONDS`` (read-your-writes);
- outside a request (commands, tasks), for ``READ_YOUR_WRITES_SECONDS`` after that context wrote;
- an object's related rows come from the database the object came from.

Everything else (anonymous reading, the bulk of the traffic) goes to a random replica. The pin
lives in a ``ContextVar``, so it is per request and per thread, and follows a request through
``sync_to_async`` under ASGI. With no replica configured nothing here runs: settings only install
the router when there is a second database, and the middleware steps aside.
"""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

#: App labels always read from the primary: their rows are read right after another request wrote them.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_tasks_db", "axes"})
#: The cookie that pins a person's reads to the primary for a short while after their write.
PIN_COOKIE = "translocal_primary"
_PIN_SALT = "translocal.core.db_router.pin"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def replica_aliases() -> list[str]:
    """The configured replica aliases (``replica0``, ``replica1``, ...), possibly none."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def read_your_writes_seconds() -> int:
    """How long a person's (or a task's) reads stay on the primary after their write, in seconds."""
    return int(getattr(settings, "READ_YOUR_WRITES_SECONDS", 10))


@dataclass
class PrimaryPin:
    """Whether the current request or context must read from the primary.

    ``expires`` is a ``time.monotonic()`` deadline for contexts outside a request; ``None``
    means "until the request ends"."""

    pinned: bool = False
    wrote: bool = False
    expires: float | None = None

    def active(self) -> bool:
        return self.pinned and (self.expires is None or time.monotonic() < self.expires)


_pin: ContextVar[PrimaryPin | None] = ContextVar("translocal_primary_pin", default=None)


@contextmanager
def pin_scope(*, pinned: bool = False) -> Iterator[PrimaryPin]:
    """A fresh pin for one unit of work (a request, a task): what it writes pins only itself."""
    state = PrimaryPin(pinned=pinned)
    token = _pin.set(state)
    try:
        yield state
    finally:
        _pin.reset(token)


@contextmanager
def use_primary() -> Iterator[None]:
    """Read from the primary inside this block, e.g. before a decision made outside a transaction."""
    with pin_scope(pinned=True):
        yield


def note_write() -> None:
    """Record that the current context wrote: its reads go to the primary from now on."""
    state = _pin.get()
    if state is None:
        state = PrimaryPin(expires=time.monotonic())
        _pin.set(state)
    state.pinned = state.wrote = True
    if state.expires is not None:
        state.expires = time.monotonic() + read_your_writes_seconds()


def reads_pinned_to_primary() -> bool:
    state = _pin.get()
    return state is not None and state.active()


class ReplicaRouter:
    """Writes and migrations to the primary; reads to a replica unless staleness would show."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        replicas = replica_aliases()
        if not replicas:
            return DEFAULT_DB_ALIAS
        if (
            reads_pinned_to_primary()
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        source = getattr(getattr(instance, "_state", None), "db", None)
        if source in settings.DATABASES:
            return source
        return random.choice(replicas)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        note_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReadYourWritesMiddleware:
    """Gives each request its own pin: on the primary for unsafe methods and while the pin
    cookie is valid; after a write, (re)sets the cookie so the next requests read the primary
    too. Goes before the session and authentication middleware, which read the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        seconds = read_your_writes_seconds()
        pinned = request.method not in _SAFE_METHODS or (
            request.get_signed_cookie(PIN_COOKIE, default=None, salt=_PIN_SALT, max_age=seconds) is not None
        )
        with pin_scope(pinned=pinned) as state:
            response = self.get_response(request)
        if state.wrote:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=_PIN_SALT,
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
