"""Commit where production commits.

A test runs inside transactions the test framework opens and rolls back, so
``transaction.on_commit`` callbacks (the search index and content version a service updates
once its write commits, e-mails) would never run. The test's own atomic blocks are marked
``test_owned``; when a block the code under test opened exits successfully and only the test's
blocks remain open, the callbacks registered inside it run, as a real commit would run them.
Tests that run with real commits (``transaction=True``) are unaffected.

A module-scoped fixture that loads data once inside a transaction it rolls back at the end
opens it with ``rolled_back_transaction()`` so that it counts as the test's own.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.test import TestCase as DjangoTestCase

_installed = False


def _mark(atomic: Any) -> Any:
    atomic.test_owned = True
    return atomic


@contextmanager
def rolled_back_transaction(using: str = "default") -> Iterator[None]:
    """A transaction for fixture data that the fixture rolls back when it ends."""
    atomic = _mark(transaction.atomic(using=using))
    with atomic:
        yield
        transaction.set_rollback(True, using=using)


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    enter_atomics = DjangoTestCase._enter_atomics.__func__  # type: ignore[attr-defined]

    def enter_marked_atomics(cls):  # noqa: ANN001, ANN202
        atomics = enter_atomics(cls)
        for atomic in atomics.values():
            _mark(atomic)
        return atomics

    DjangoTestCase._enter_atomics = classmethod(enter_marked_atomics)  # type: ignore[method-assign]
    atomic_exit = transaction.Atomic.__exit__

    def exit_and_commit_like_production(self, exc_type, exc_value, traceback):  # noqa: ANN001, ANN202
        result = atomic_exit(self, exc_type, exc_value, traceback)
        if exc_type is None and not getattr(self, "test_owned", False):
            connection = transaction.get_connection(self.using)
            blocks = connection.atomic_blocks
            if blocks and all(getattr(b, "test_owned", False) for b in blocks) and not connection.needs_rollback:
                depth = len(connection.savepoint_ids)
                due = [hook for hook in connection.run_on_commit if len(hook[0]) > depth]
                connection.run_on_commit = [hook for hook in connection.run_on_commit if len(hook[0]) <= depth]
                for _sids, callback, _robust in due:
                    callback()
        return result

    transaction.Atomic.__exit__ = exit_and_commit_like_production  # type: ignore[method-assign]
