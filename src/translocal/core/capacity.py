"""Places with a waiting list: one rule for every app that gives a limited number of places
(an exchange's registration types, a co-production meeting).

The rule is the database's to keep. A *parent* row has ``capacity`` (None: no limit) and a
counter of the places held; the people are *rows* with a ``status`` (holding a place, waiting,
or something else) and ``waitlisted_at``. Every change of who holds a place runs inside the
caller's transaction and:

1. locks the parent's row first (``lock``: SELECT ... FOR UPDATE on PostgreSQL; SQLite's
   IMMEDIATE transactions hold the database's write lock already), always before any of its
   people's rows, so two services never wait for each other in a circle;
2. counts the rows holding a place under that lock (``has_place``): the rows, not the counter,
   so a counter repaired by hand cannot let more in;
3. moves the counter with ``F()`` (``take_place``, ``release_place``); the parent's check
   constraint (counter <= capacity) refuses anything over, whatever a bug does;
4. when a place frees, gives it to the first waiting (``waitlisted_at``, then id) in the same
   transaction (``promote``); the caller tells them once it commits.

An app describes its two models once with a ``WaitingList`` and calls it from its services;
what a promotion means beyond the place (an audit row, an e-mail, a decision date) stays the
app's, through the ``promoted`` callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone


@dataclass(frozen=True)
class WaitingList:
    """``parent``: the model with the places (its ``capacity_field`` and ``counter_field``);
    ``rows``: the people, pointing to it through ``parent_field``, holding a place when their
    ``status`` is ``held`` and waiting when it is ``waiting``. ``promoted_fields``: fields the
    ``promoted`` callback of ``promote`` sets, saved with the new status."""

    parent: type[models.Model]
    rows: type[models.Model]
    parent_field: str
    held: str
    waiting: str
    counter_field: str
    capacity_field: str = "capacity"
    status_field: str = "status"
    waitlisted_at_field: str = "waitlisted_at"
    updated_at_field: str = "updated_at"
    promoted_fields: Sequence[str] = ()

    def _in_transaction(self) -> None:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Places change only inside the caller's transaction (the lock lasts until it ends).")

    def lock(self, parent_id: int) -> Any:
        """The parent's row, read again under a row lock that lasts until the caller's
        transaction ends (RuntimeError outside a transaction)."""
        self._in_transaction()
        return self.parent._default_manager.select_for_update().get(pk=parent_id)

    def has_place(self, parent: Any) -> bool:
        """Under the parent's lock: whether one more person can hold a place."""
        capacity = getattr(parent, self.capacity_field)
        if capacity is None:
            return True
        held = self.rows._default_manager.filter(**{self.parent_field: parent, self.status_field: self.held}).count()
        return bool(held < capacity)

    def take_place(self, parent: Any, row: Any) -> None:
        """Give ``row`` a place (the caller checked ``has_place`` and saves ``row``)."""
        setattr(row, self.status_field, self.held)
        setattr(row, self.waitlisted_at_field, None)
        self.parent._default_manager.filter(pk=parent.pk).update(**{self.counter_field: F(self.counter_field) + 1})
        setattr(parent, self.counter_field, getattr(parent, self.counter_field) + 1)

    def release_place(self, parent: Any) -> None:
        """One place fewer held (the caller changed the row's status); ``promote`` next."""
        self.parent._default_manager.filter(pk=parent.pk, **{f"{self.counter_field}__gt": 0}).update(
            **{self.counter_field: F(self.counter_field) - 1}
        )
        setattr(parent, self.counter_field, max(0, getattr(parent, self.counter_field) - 1))

    def admit(self, parent: Any, row: Any) -> bool:
        """Under the parent's lock: a place for ``row`` while there is one (True), else the end
        of the waiting list (False). The caller saves ``row``."""
        if self.has_place(parent):
            self.take_place(parent, row)
            return True
        setattr(row, self.status_field, self.waiting)
        setattr(row, self.waitlisted_at_field, timezone.now())
        return False

    def promote(
        self, parent: Any, *, promoted: Callable[[Any], None] | None = None, skip: Any = None
    ) -> list[Any]:
        """Under the parent's lock: give the places left to the first waiting, in order, each
        row locked and saved with its place; ``promoted(row)`` runs for each before the save
        (it may set ``promoted_fields``; it records and tells). ``skip``: a row the caller just
        moved from a place to the waiting list, which must not get that place straight back.
        Returns the rows promoted."""
        self._in_transaction()
        found: list[Any] = []
        queue = self.rows._default_manager.select_for_update().filter(
            **{self.parent_field: parent, self.status_field: self.waiting}
        )
        if skip is not None:
            queue = queue.exclude(pk=skip.pk)
        while self.has_place(parent):
            first = queue.order_by(self.waitlisted_at_field, "id").first()
            if first is None:
                break
            self.take_place(parent, first)
            if promoted is not None:
                promoted(first)
            first.save(update_fields=[self.status_field, self.waitlisted_at_field, self.updated_at_field,
                                      *self.promoted_fields])
            found.append(first)
        return found
