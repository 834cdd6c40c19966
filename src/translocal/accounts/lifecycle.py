"""What the other apps do with a person's things when their account is deleted, or their
name changes.

``accounts`` owns deleting an account (``services.delete_account``) but may not import the apps
that hold the person's work (knowledge and later pillars sit above it). Each app that keeps
something of a person registers a *deletion handler* once, from its ``AppConfig.ready()``::

    from translocal.accounts.lifecycle import register_deletion_handler
    register_deletion_handler("knowledge", release_authorships, order=50)

Handlers run in ``order`` (then by name) inside the deletion's transaction, after the
permission check and before the user row is deleted, so they still see the person's rows. A
handler either refuses the deletion by raising ``ValidationError`` with a message the person
(or staff) can act on (nothing is then changed: the whole transaction rolls back), or rewrites
what the person leaves behind, schedules the search index for what it changed
(``search.services.sync_after_commit``) and adds what it did to ``deletion.counts``: the counts
go into the audit row. Handlers that only check should use a low ``order`` so a refusal comes
before any work.

The same way, an app that shows a person's name in something it indexes or caches (a
reflection's byline in its search text) registers a *name change handler*, run by the services
that change a profile (``update_profile``, ``update_account``) inside their transaction when the
name a person is shown by changed; it schedules re-indexing with ``sync_after_commit``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User


@dataclass
class AccountDeletion:
    """One account being deleted: whose, by whom, and what the handlers did (name -> how many)."""

    user: User
    acting_user: User
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def by_themself(self) -> bool:
        return self.user.pk == self.acting_user.pk

    def add(self, name: str, count: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + count


DeletionHandler = Callable[[AccountDeletion], None]


@dataclass(frozen=True)
class _Registration:
    name: str
    handler: DeletionHandler
    order: int


_handlers: dict[str, _Registration] = {}


def register_deletion_handler(name: str, handler: DeletionHandler, *, order: int = 100) -> DeletionHandler:
    """Run ``handler(deletion)`` for every account deleted from now on. Registering a name again
    replaces its handler (module reloads are harmless). Returns ``handler``."""
    _handlers[name] = _Registration(name=name, handler=handler, order=order)
    return handler


def deletion_handlers() -> list[DeletionHandler]:
    """The registered handlers in the order they run."""
    return [r.handler for r in sorted(_handlers.values(), key=lambda r: (r.order, r.name))]


def run_deletion_handlers(deletion: AccountDeletion) -> None:
    for handler in deletion_handlers():
        handler(deletion)


NameChangeHandler = Callable[["User"], None]
_name_handlers: dict[str, NameChangeHandler] = {}

#: The fields ``User.name`` is made of: a change to any of them changes how the person is shown.
NAME_FIELDS = frozenset({"display_name", "first_name", "last_name", "username"})


def register_name_change_handler(name: str, handler: NameChangeHandler) -> NameChangeHandler:
    """Run ``handler(user)`` whenever a service changes how ``user`` is named. Registering a name
    again replaces its handler. Returns ``handler``."""
    _name_handlers[name] = handler
    return handler


def run_name_change_handlers(user: User) -> None:
    for name in sorted(_name_handlers):
        _name_handlers[name](user)
