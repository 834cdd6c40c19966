"""Fragment caching keyed on what changes.

Services call ``content_changed_after_commit()`` during their write (the bump runs once, after
the write commits and after the search index followed it); pages cache the expensive,
same-for-everyone parts of their HTML under a key that includes the current content version.
A write therefore invalidates every cached fragment at once, on every app server, without a
cache that must be shared (the version lives in the database, so the per-process local-memory
cache of the embedded mode is safe too). A timeout bounds what an out-of-band change (a raw
SQL fix) can leave stale.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import ContentVersion
from .side_effects import after_commit, pending_effect, running_final_effect

_TABLE = ContentVersion._meta.db_table

SITE = "site"
#: Moves when something only its owner sees changes (a draft): the version of fragments keyed
#: per viewer (their search results), which anonymous pages never read.
PRIVATE = "private"
FRAGMENT_TIMEOUT = 600
_REQUEST_ATTR = "_translocal_content_version"

T = TypeVar("T")


def content_changed(name: str = SITE) -> None:
    """Bump the version (an F() expression: concurrent writers never lose a bump)."""
    if not ContentVersion.objects.filter(name=name).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(name=name, defaults={"version": 1})


class _Bump:
    """The one bump of a version a transaction's writes ask for: it runs when any of them
    asked unconditionally, or when any of their conditions holds once the effects ran."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.always = False
        self.conditions: list[Callable[[], bool]] = []

    def __call__(self) -> None:
        if self.always or any(condition() for condition in self.conditions):
            content_changed(self.name)


def content_changed_after_commit(name: str = SITE, *, only_if: Callable[[], bool] | None = None) -> None:
    """Bump the version once the current transaction commits, after every other after-commit
    effect (core.side_effects): a page rendered between the commit and the bump is filed
    under the old version, which the bump then retires. Several calls in one transaction bump
    once. ``only_if`` is asked after the other effects ran (the search sync says whether
    anything public changed); without it the bump is unconditional. At once outside a
    transaction. A write made by an after-commit effect of a batch that will bump `name`
    anyway joins that bump."""
    key = ("content_changed", name)
    joined = running_final_effect(key)
    if isinstance(joined, _Bump):
        _ask(joined, only_if)
        return
    if not transaction.get_connection().in_atomic_block:
        if only_if is None or only_if():
            content_changed(name)
        return
    bump = pending_effect(key)
    if not isinstance(bump, _Bump):
        bump = _Bump(name)
        after_commit(key, bump, last=True)
    _ask(bump, only_if)


def _ask(bump: _Bump, only_if: Callable[[], bool] | None) -> None:
    if only_if is None:
        bump.always = True
    else:
        bump.conditions.append(only_if)


def content_version(request: HttpRequest | None = None, name: str = SITE) -> int:
    """The current version; read once per request when a request is given."""
    if request is not None and hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    # The hottest query of the site (every cached page makes it): plain SQL, no ORM compile.
    # From the database the page itself reads (a replica for anonymous visitors): a version
    # read from the primary would file a lagging replica's old rows under the new version.
    with connections[router.db_for_read(ContentVersion)].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {_TABLE} WHERE name = %s", [name])  # noqa: S608
        row = cursor.fetchone()
    version = row[0] if row else 0
    if request is not None:
        setattr(request, _REQUEST_ATTR, version)
    return version


def fragment_key(prefix: str, version: int, parts: Iterable[object]) -> str:
    """The cache key of a fragment: its prefix, the content version, the active interface
    language (the same HTML is rendered once per language) and a digest of ``parts``."""
    digest = hashlib.blake2b(repr(tuple(parts)).encode(), digest_size=16).hexdigest()
    return f"fragment:{prefix}:{version}:{get_language() or settings.LANGUAGE_CODE}:{digest}"


def cached_value(request: HttpRequest, prefix: str, parts: Iterable[object], compute: Callable[[], T]) -> T:
    """What ``compute()`` returns (something picklable), from the cache while the content
    version is unchanged; computed every time when FRAGMENT_CACHE is off."""
    if not settings.FRAGMENT_CACHE:
        return compute()
    key = fragment_key(prefix, content_version(request), parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_TIMEOUT)
    return value


def cached_fragment(
    request: HttpRequest, prefix: str, parts: Iterable[object], render: Callable[[], str]
) -> SafeString:
    """The HTML `render()` produces, from the cache when the content has not changed.

    Only for HTML rendered by our own autoescaping templates with no user-specific content
    and no CSRF token."""
    return mark_safe(cached_value(request, prefix, parts, render))  # noqa: S308 - our own template output, see docstring
