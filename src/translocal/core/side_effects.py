"""Side effects of a write, run once, after the write commits.

A service that changes something others see (the search index, the content version that
keys every cached fragment and anonymous page) must not do that work inside its transaction:
a rolled-back write would leave the index or the caches describing something that never
happened, the work would hold the database's write lock (SQLite has one for the whole file),
and two steps of one service would each do it again. Instead it says what must follow::

    after_commit(("index", "knowledge.case", case.pk), lambda: sync_now(Case, case.pk))
    after_commit(CONTENT_VERSION, bump, last=True)

Every effect deferred during one transaction is collected in one batch per database
connection, keyed so that the same key runs once (the first registration wins its place in
the order, the last one its callback); effects registered with ``last=True`` run after all the
others, so the content version moves only once the index says what the pages will show.
Outside any transaction the effect runs at once.

Effects must be idempotent syncs from the database's committed state (re-read by primary key),
not replays of what the service did: an effect registered inside a savepoint that was then
rolled back still runs when the outer transaction commits, and re-reading makes that harmless.

A failing effect is logged and the others still run: the write itself has committed, and a
stale index entry is repaired by the next write or ``translocal rebuild_index``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

_ATTR = "_translocal_side_effects"
_RUNNING = "_translocal_side_effects_running"


@dataclass
class _Batch:
    """The effects deferred during one transaction of one connection."""

    connection: BaseDatabaseWrapper
    effects: dict[Hashable, Callable[[], None]] = field(default_factory=dict)
    final: dict[Hashable, Callable[[], None]] = field(default_factory=dict)

    def run(self) -> None:
        # Detach first: an effect that writes (in its own transaction) starts a new batch. While
        # the effects run, this batch's final effects still wait: an effect's own write may join
        # them (running_final_effect) instead of running them a second time.
        if getattr(self.connection, _ATTR, None) is self:
            setattr(self.connection, _ATTR, None)
        setattr(self.connection, _RUNNING, self)
        try:
            self._run(self.effects)
        finally:
            setattr(self.connection, _RUNNING, None)
        self._run(self.final)

    @staticmethod
    def _run(callbacks: dict[Hashable, Callable[[], None]]) -> None:
        for key, callback in callbacks.items():
            try:
                callback()
            except Exception:
                logger.exception("side effect %r failed after commit", key)


def _current_batch(using: str) -> _Batch | None:
    """The batch of the connection's open transaction, or None when it has none yet. A batch
    whose flush is no longer scheduled (its transaction rolled back) is discarded."""
    connection = transaction.get_connection(using)
    batch: _Batch | None = getattr(connection, _ATTR, None)
    if batch is None:
        return None
    if not any(getattr(hook, "__self__", None) is batch for _, hook, _ in connection.run_on_commit):
        setattr(connection, _ATTR, None)
        return None
    return batch


def after_commit(
    key: Hashable, callback: Callable[[], None], *, last: bool = False, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Run ``callback()`` once the current transaction on `using` commits; at once when no
    transaction is open. Within one transaction a key runs once. ``last=True`` effects run
    after every other effect of the batch (the content version bump)."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        callback()
        return
    batch = _current_batch(using)
    if batch is None:
        batch = _Batch(connection=connection)
        setattr(connection, _ATTR, batch)
        transaction.on_commit(batch.run, using=using)
    (batch.final if last else batch.effects)[key] = callback


def pending_effect(key: Hashable, using: str = DEFAULT_DB_ALIAS) -> Callable[[], None] | None:
    """The callback waiting under `key` for the current transaction to commit, if any (so a
    caller can add to it rather than replace it)."""
    batch = _current_batch(using)
    if batch is None:
        return None
    return batch.effects.get(key) or batch.final.get(key)


def running_final_effect(key: Hashable, using: str = DEFAULT_DB_ALIAS) -> Callable[[], None] | None:
    """While a batch runs its effects, the final effect it will run under `key` afterwards, if
    any: a write made by one of its effects (a re-embedding the search sync asked for) can join
    it rather than bump the same version a second time."""
    batch: _Batch | None = getattr(transaction.get_connection(using), _RUNNING, None)
    return batch.final.get(key) if batch is not None else None


def pending(using: str = DEFAULT_DB_ALIAS) -> list[Hashable]:
    """Keys of the effects waiting for the current transaction to commit (for tests and logs)."""
    batch = _current_batch(using)
    return [*batch.effects, *batch.final] if batch else []
