"""Fragment caching keyed on what changes.

Services call ``content_changed_after_commit()`` during their write (the bump runs once, after
the write commits and after the search index followed it); pages cache the expensive,
same-for-everyone parts of their HTML under a key that includes the current content version.
A write therefore invalidates every cached fragment at once, on every app server, without a
cache that must be shared (the version lives in the database, so the per-process local-memory
cache of the embedded mode is safe too). A timeout bounds what an out-of-band change (a raw
SQL fix) can leave stale.

Versions are scoped so that a write drops only what shows it:

- ``SITE`` moves for what every page may show (places, hubs, people, vocabularies, ...).
- An **area** (``area_version_name("knowledge")``) moves for writes a pillar's own pages show and
  the shared pages (home, hub, place, profile, search) show, but other pillars' pages do not. A
  pillar registers its area (``register_content_area``, so the search sync of its models bumps
  it) and marks its views ``@cache_for_anonymous(area=...)``: their pages and fragments are keyed
  on the site version plus their area's, every other page on the site version plus every area's.
- A pillar may keep finer versions of its own (a proposal's supports) that only the pages showing
  them read (``cache_for_anonymous(versions=...)``).
- A page that shows an area's writes only as live figures (filled as the page is served) or under
  finer versions of its own (a hub's member list) leaves that area out of its key
  (``cache_for_anonymous(unkeyed_areas=..., versions=...)``, ``set_request_scope``): its page and
  its fragments are keyed on the site, the other areas and those finer versions.
"""

import hashlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import ContentVersion
from .side_effects import after_commit, pending_effect, running_final_effect

_TABLE = ContentVersion._meta.db_table

SITE = "site"
AREA_PREFIX = "area:"
#: Moves when something only its owner sees changes (a draft): the version of fragments keyed
#: per viewer (their search results), which anonymous pages never read.
PRIVATE = "private"
#: Prefix of a person's own version (``user_version_name``): what only they see on a page
#: cached for them (core.page_cache, ``signed_in=True``).
USER_PREFIX = "user:"
FRAGMENT_TIMEOUT = 600
_REQUEST_ATTR = "_translocal_content_version"

T = TypeVar("T")


def content_changed(name: str = SITE) -> None:
    """Bump the version: one upsert (concurrent writers never lose a bump, and the first bump of
    a new name, such as one proposal's, creates its row in the same statement)."""
    _bump([name])


def _bump(names: Iterable[str]) -> None:
    """Bump every one of ``names`` in one statement, in a fixed (sorted) order: two writers
    bumping the same rows lock them in the same order and cannot deadlock."""
    wanted = sorted(set(names))
    if not wanted:
        return
    rows = ", ".join(["(%s, 1)"] * len(wanted))
    with connections[router.db_for_write(ContentVersion)].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (name, version) VALUES {rows}"  # noqa: S608
            f" ON CONFLICT (name) DO UPDATE SET version = {_TABLE}.version + 1",
            wanted,
        )


def version_bump_from(source: str, name: str = "%s") -> str:
    """The SQL that bumps one version (its name the parameter ``name``, ``%s`` by default) when
    ``source`` (a CTE name of the caller's statement) has a row, as ``content_changed`` bumps it:
    for PostgreSQL statements that fold the bump into the write they go with (a data-modifying
    CTE, ``WITH ... bump AS (<this>)``), one round trip instead of two. The caller's statement
    must be its last write to this table: the row stays locked until the commit."""
    return (
        f"INSERT INTO {_TABLE} (name, version) SELECT {name}, 1 FROM {source}"  # noqa: S608
        f" ON CONFLICT (name) DO UPDATE SET version = {_TABLE}.version + 1"
    )


def content_changed_with_this_write(*names: str) -> None:
    """Bump ``names`` in the current transaction (one statement), for versions of figures only
    the database holds (a proposal's supports): readers see the rows and the version move
    together (no search index or other effect has to follow first), and the write takes one
    transaction instead of one more per version after it (SQLite has one writer at a time).
    Call it last in the transaction: the version rows stay locked until the commit."""
    _bump(names)


#: The key of a batch's ``_Bumps``, its only version effect (core.side_effects).
_BUMPS_KEY = ("content_changed",)


class _Bump:
    """The one bump of a version a transaction's writes ask for: it runs when any of them
    asked unconditionally, or when any of their conditions holds once the effects ran (with
    the batch's other bumps, ``_Bumps``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.always = False
        self.conditions: list[Callable[[], bool]] = []
        #: The site's bump of the same transaction, if any: it retires every page an area's
        #: version keys, so the area's bump is skipped when it fires (the versions move once).
        self.site: _Bump | None = None

    def fires(self) -> bool:
        return self.always or any(condition() for condition in self.conditions)

    def due(self) -> bool:
        """Whether this version moves: it fires, and the site's bump of the same batch (which
        retires its pages too) does not."""
        if self.site is not None and self.site.fires():
            return False
        return self.fires()


class _Bumps:
    """The bumps one transaction's writes ask for, by version name, made in one statement
    (``_bump``) after the commit, last of the batch's effects: when every other effect has run
    and every condition can be asked. One round trip and, outside a transaction, one commit,
    instead of one of each a version: a join of a hub moves four. The statement locks its rows
    in name order, as every bump does (``_bump``); if it fails all the same (logged, as any
    effect), none of them moved, and what they key expires with FRAGMENT_TIMEOUT."""

    def __init__(self) -> None:
        self.by_name: dict[str, _Bump] = {}

    def __call__(self) -> None:
        _bump([bump.name for bump in self.by_name.values() if bump.due()])

    def join(self, name: str) -> _Bump:
        """The bump of ``name`` in this batch, made on first use and tied to the site's (an
        area's bump is skipped when the site's fires: it retires the area's pages too)."""
        bump = self.by_name.get(name)
        if bump is None:
            bump = self.by_name[name] = _Bump(name)
            if name == SITE:
                for area in _AREAS.values():
                    if area in self.by_name:
                        self.by_name[area].site = bump
            elif name.startswith(AREA_PREFIX):
                bump.site = self.by_name.get(SITE)
        return bump


def content_changed_after_commit(name: str = SITE, *, only_if: Callable[[], bool] | None = None) -> None:
    """Bump the version once the current transaction commits, after every other after-commit
    effect (core.side_effects): a page rendered between the commit and the bump is filed
    under the old version, which the bump then retires. Several calls in one transaction bump
    once. ``only_if`` is asked after the other effects ran (the search sync says whether
    anything public changed); without it the bump is unconditional. At once outside a
    transaction. A write made by an after-commit effect of a batch that will bump `name`
    anyway joins that bump."""
    running = running_final_effect(_BUMPS_KEY)
    if isinstance(running, _Bumps):
        joined = running.by_name.get(name)
        if joined is None and name.startswith(AREA_PREFIX):
            # The site's bump of that batch retires the area's pages too: join it instead.
            joined = running.by_name.get(SITE)
        if joined is not None:
            _ask(joined, only_if)
            return
    if not transaction.get_connection().in_atomic_block:
        if only_if is None or only_if():
            content_changed(name)
        return
    group = pending_effect(_BUMPS_KEY)
    if not isinstance(group, _Bumps):
        group = _Bumps()
        after_commit(_BUMPS_KEY, group, last=True)
    _ask(group.join(name), only_if)


def pending_bumps() -> list[str]:
    """The version names the current transaction will bump once it commits, in the order they
    were first asked for, conditions not yet asked (for tests and logs)."""
    group = pending_effect(_BUMPS_KEY)
    return list(group.by_name) if isinstance(group, _Bumps) else []


def _ask(bump: _Bump, only_if: Callable[[], bool] | None) -> None:
    if only_if is None:
        bump.always = True
    else:
        bump.conditions.append(only_if)


def user_version_name(user_id: int) -> str:
    """The version of what only person ``user_id`` sees: ``user:<id>``."""
    return f"{USER_PREFIX}{user_id}"


def private_state_changed(*user_ids: int | None) -> None:
    """Retire the pages cached for these people (core.page_cache, ``signed_in=True``) once the
    current transaction commits: call it from every service that changes what they alone see
    on a page, or what they may do there (a role, a membership, a registration decided), when
    no public version moves with it. One upsert for all of them, after the commit."""
    for user_id in sorted({pk for pk in user_ids if pk is not None}):
        content_changed_after_commit(user_version_name(user_id))


_AREAS: dict[str, str] = {}
_AREA_ATTR = "_translocal_content_area"
_UNKEYED_ATTR = "_translocal_unkeyed_areas"
_SCOPE_ATTR = "_translocal_scope_versions"
_FRAGMENT_HIT_ATTR = "_translocal_fragment_hit"


def area_version_name(area: str) -> str:
    """The version name of a content area (a pillar): ``area:<name>``."""
    return AREA_PREFIX + area


def register_content_area(app_label: str) -> str:
    """Make ``app_label``'s public writes (its models' search sync) move its own area version
    instead of the site's; returns the area's version name."""
    _AREAS[app_label] = area_version_name(app_label)
    return _AREAS[app_label]


def version_name_for_model(model: type[Model]) -> str:
    """The version a public write of ``model`` moves: its app's area when registered, else SITE."""
    return _AREAS.get(model._meta.app_label, SITE)


def set_request_area(request: HttpRequest, area: str | None) -> None:
    """Key this request's pages and fragments on the site version plus ``area``'s only (the page
    cache middleware calls it for views marked with an area)."""
    setattr(request, _AREA_ATTR, area)


def set_request_scope(request: HttpRequest, *, unkeyed_areas: Iterable[str], versions: Iterable[str]) -> None:
    """Key this request's page and fragments without ``unkeyed_areas`` (area names, such as
    "memberships") and on ``versions`` (finer version names) besides: for a page that shows those
    areas' writes only live or under those versions (core.page_cache ``unkeyed_areas``)."""
    setattr(request, _UNKEYED_ATTR, frozenset(area_version_name(area) for area in unkeyed_areas))
    setattr(request, _SCOPE_ATTR, list(versions))


def fragment_served_from_cache(request: HttpRequest) -> bool:
    """Whether a fragment of this request came from the cache (``cached_value``): its live
    figures may be older than the page's (core.page_cache fills them on such a page)."""
    return bool(getattr(request, _FRAGMENT_HIT_ATTR, False))


def hold_version(name: str) -> None:
    """Lock the row of version ``name`` until the current transaction ends, creating it (at 0,
    the value a missing row reads as) if needed; one statement. Writers that must see each
    other's committed rows before deciding whether to bump ``name`` (a ranking compared before
    and after) take it first, and so take turns (SQLite writers take turns anyway)."""
    with connections[router.db_for_write(ContentVersion)].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (name, version) VALUES (%s, 0)"  # noqa: S608
            f" ON CONFLICT (name) DO UPDATE SET version = {_TABLE}.version",
            [name],
        )


def _read_versions(request: HttpRequest | None, names: Iterable[str] = ()) -> dict[str, int]:
    """The site's and every area's versions, and ``names``, in one query (once per request for
    the shared ones: a request sees one consistent set)."""
    known: dict[str, int] = (getattr(request, _REQUEST_ATTR, None) if request is not None else None) or {}
    wanted = [name for name in names if name not in known]
    if known and not wanted:
        return known
    # The hottest query of the site (every cached page makes it): plain SQL, no ORM compile.
    # From the database the page itself reads (a replica for anonymous visitors): a version
    # read from the primary would file a lagging replica's old rows under the new version.
    placeholders = ", ".join(["%s"] * len(wanted))
    with connections[router.db_for_read(ContentVersion)].cursor() as cursor:
        if known:  # the shared versions stay as this request first read them
            cursor.execute(f"SELECT name, version FROM {_TABLE} WHERE name IN ({placeholders})", wanted)  # noqa: S608
        else:
            shared = [SITE, *sorted(set(_AREAS.values()) - set(wanted))]
            everything = ", ".join(["%s"] * (len(shared) + len(wanted)))
            cursor.execute(f"SELECT name, version FROM {_TABLE} WHERE name IN ({everything})", [*shared, *wanted])  # noqa: S608
        found = dict(cursor.fetchall())
    versions = {SITE: 0, **dict.fromkeys(_AREAS.values(), 0), **known, **dict.fromkeys(wanted, 0), **found}
    if request is not None:
        setattr(request, _REQUEST_ATTR, versions)
    return versions


#: The request and the version names the statement that loads the signed-in person may read
#: along (``read_with_user``), while that load runs.
_WITH_USER: ContextVar[tuple[HttpRequest, list[str]] | None] = ContextVar("translocal_versions_with_user", default=None)


@contextmanager
def read_with_user(request: HttpRequest, names: Iterable[str]) -> Iterator[None]:
    """Let the signed-in person's row, if it is loaded inside this block, come with this
    request's versions (the shared ones, ``names`` and the person's own) in the same statement: one query less on
    every signed-in view of a page cached per person (core.page_cache), which needs the user and
    the versions at the same moment. The versions are as fresh as if read separately: read by
    this request, at this point. The app that loads the user asks ``versions_with_user`` and
    passes what it read to ``record_versions``; nothing changes if it does not."""
    token = _WITH_USER.set((request, list(names)))
    try:
        yield
    finally:
        _WITH_USER.reset(token)


def request_reading_with_user() -> HttpRequest | None:
    """The request of the enclosing ``read_with_user`` block, or None outside one: where the
    loader of the person may leave what it read ahead for a later step of the same load."""
    pending = _WITH_USER.get()
    return pending[0] if pending is not None else None


def versions_with_user(alias: str, user_id: int) -> tuple[HttpRequest, list[str], str] | None:
    """For the loader of person ``user_id`` reading from database ``alias`` inside
    ``read_with_user``: the request, the names to read (the shared ones, the page's and the
    person's own, ``user_version_name``), and
    the SQL of one column per name (``(SELECT version ...)``, NULL when the row is missing;
    its parameters are the names), to add to its SELECT list. None outside such a block, when this
    request has read versions already (they stay as first read), or when the versions are read
    from another kind of database than ``alias`` (the primary for one, a replica for the
    other: a version must come from where the page reads)."""
    pending = _WITH_USER.get()
    if pending is None:
        return None
    request, extra = pending
    if getattr(request, _REQUEST_ATTR, None):
        return None
    own = router.db_for_read(ContentVersion)
    if own != alias and DEFAULT_DB_ALIAS in (own, alias):
        return None
    names = list(dict.fromkeys([SITE, *sorted(_AREAS.values()), *extra, user_version_name(user_id)]))
    column = f"(SELECT version FROM {_TABLE} WHERE name = %s)"  # noqa: S608
    return request, names, ", ".join([column] * len(names))


def record_versions(request: HttpRequest, names: list[str], values: Iterable[int | None]) -> None:
    """What the loader of ``versions_with_user`` read: this request's versions, as
    ``_read_versions`` would have read them (a missing row is 0)."""
    versions = {name: value or 0 for name, value in zip(names, values, strict=True)}
    setattr(request, _REQUEST_ATTR, versions)


def _composite(versions: dict[str, int], area: str | None, unkeyed: frozenset[str] = frozenset()) -> int:
    """Site + one area, or site + every area but ``unkeyed``: a sum, which every bump of one of
    them moves."""
    if area is not None:
        return versions[SITE] + versions.get(area_version_name(area), 0)
    return sum(
        v for name, v in versions.items() if name == SITE or (name.startswith(AREA_PREFIX) and name not in unkeyed)
    )


def content_version(request: HttpRequest | None = None, name: str | None = None) -> int:
    """The current version of ``name``; without a name, the version of the shared content (the
    site's plus every area's: any public write moves it). Read once per request when a request
    is given."""
    if name is None:
        return _composite(_read_versions(request), None)
    if name == SITE or name.startswith(AREA_PREFIX):
        return _read_versions(request)[name] if name == SITE else _read_versions(request).get(name, 0)
    return _read_versions(request, [name])[name]


def content_versions(request: HttpRequest | None, names: Iterable[str]) -> list[int]:
    """The versions of ``names`` (in that order), read with the shared ones in one query."""
    names = list(names)
    versions = _read_versions(request, names)
    return [versions[name] for name in names]


def page_version(request: HttpRequest) -> int:
    """The version this request's cached page and fragments are keyed on: the site's plus its
    view's area's (``set_request_area``), else plus every area's but those its view leaves out
    (``set_request_scope``; a fragment that shows what they change adds ``scope_versions``)."""
    scope: list[str] = getattr(request, _SCOPE_ATTR, [])
    unkeyed: frozenset[str] = getattr(request, _UNKEYED_ATTR, frozenset())
    return _composite(_read_versions(request, scope), getattr(request, _AREA_ATTR, None), unkeyed)


def scope_versions(request: HttpRequest) -> tuple[int, ...]:
    """The values of this request's finer versions (``set_request_scope``: a hub's member list,
    a person's hubs, the home page's order), read with the others: the cache parts of a
    fragment that shows what they follow, while the page's other fragments stay keyed without
    them. Empty when the view has none (or the fragment cache is off)."""
    scope: list[str] = getattr(request, _SCOPE_ATTR, [])
    if not scope:
        return ()
    versions = _read_versions(request, scope)
    return tuple(versions[name] for name in scope)


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
    key = fragment_key(prefix, page_version(request), parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_TIMEOUT)
    else:
        setattr(request, _FRAGMENT_HIT_ATTR, True)
    return value


K = TypeVar("K", bound=Hashable)


def cached_pieces(
    request: HttpRequest,
    prefix: str,
    parts: Iterable[object],
    keys: Sequence[K],
    render: Callable[[list[K]], Mapping[K, str]],
) -> dict[K, SafeString]:
    """The HTML of each of ``keys`` (the rows of a list, such as a hub's members by membership),
    from one cache entry under the content version, rendering only the keys the entry lacks:
    ``render(missing)`` returns their HTML (a key it leaves out, a row gone since the keys were
    read, is left out of the answer too). The entry then holds exactly ``keys``, so a list keyed on a
    finer version too (its own list moved: someone joined) renders the rows that moved, not the
    list. Every key is rendered when FRAGMENT_CACHE is off. Only for HTML as ``cached_fragment``,
    and a row's HTML may depend only on what moves the content version and on its key."""
    if not settings.FRAGMENT_CACHE:
        known: dict[K, str] = dict(render(list(keys)))
    else:
        key = fragment_key(prefix, page_version(request), parts)
        known = cache.get(key) or {}
        missing = [k for k in keys if k not in known]
        if missing or len(known) != len(keys):
            rendered = render(missing) if missing else {}
            known = {k: known[k] if k in known else rendered[k] for k in keys if k in known or k in rendered}
            cache.set(key, known, FRAGMENT_TIMEOUT)
    # Our own template output (see the docstring).
    return {k: mark_safe(known[k]) for k in keys if k in known}  # noqa: S308


def cached_fragment(
    request: HttpRequest, prefix: str, parts: Iterable[object], render: Callable[[], str]
) -> SafeString:
    """The HTML `render()` produces, from the cache when the content has not changed.

    Only for HTML rendered by our own autoescaping templates with no user-specific content
    and no CSRF token."""
    return mark_safe(cached_value(request, prefix, parts, render))  # noqa: S308 - our own template output, see docstring
