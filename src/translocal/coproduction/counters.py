"""The statements of the hottest write, a support: each one statement that decides in the
database (ON CONFLICT, a conditional upsert, an UPDATE ... RETURNING), so the support takes no
savepoint, no read before its writes and no read after them.

Django 5.2's ORM has neither an upsert with a condition nor an UPDATE that returns what it
wrote, hence plain SQL; both databases run it (SQLite 3.35 or later, PostgreSQL). Callers are
the services, inside their transaction."""

from __future__ import annotations

from django.db import connections, router
from django.utils import timezone

from .models import Participation, Proposal, Support

_SUPPORT = Support._meta.db_table
_PARTICIPATION = Participation._meta.db_table
_PROPOSAL = Proposal._meta.db_table


def insert_support(*, proposal_id: int, process_id: int, user_id: int) -> bool:
    """Add the person's support row; False (and nothing written) when they support the proposal
    already: the unique (proposal, person) constraint decides, under concurrency too."""
    connection = connections[router.db_for_write(Support)]
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_SUPPORT} (proposal_id, process_id, user_id, created_at) VALUES (%s, %s, %s, %s)"  # noqa: S608
            " ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id",
            [proposal_id, process_id, user_id, created],
        )
        return cursor.fetchone() is not None


def take_allowance(*, process_id: int, user_id: int, limit: int | None) -> int | None:
    """Count one more support in the person's allowance in the process (their Participation row,
    created by the first); the supports they have now used, or None when that would pass
    ``limit`` (nothing written then). One conditional upsert: two supports of one person at once
    queue on the row and the second sees the first's count."""
    condition = f" WHERE {_PARTICIPATION}.supports_used < %s" if limit is not None else ""
    with connections[router.db_for_write(Participation)].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_PARTICIPATION} (process_id, user_id, supports_used) VALUES (%s, %s, 1)"  # noqa: S608
            f" ON CONFLICT (process_id, user_id) DO UPDATE SET supports_used = {_PARTICIPATION}.supports_used + 1"
            f"{condition} RETURNING supports_used",
            [process_id, user_id, *([limit] if limit is not None else [])],
        )
        row = cursor.fetchone()
    return row[0] if row is not None else None


def return_allowance(*, process_id: int, user_id: int) -> int | None:
    """Give one support back to the person's allowance; the supports they have now used (None
    without a Participation row)."""
    with connections[router.db_for_write(Participation)].cursor() as cursor:
        cursor.execute(
            f"UPDATE {_PARTICIPATION} SET supports_used = supports_used - 1"  # noqa: S608
            " WHERE process_id = %s AND user_id = %s RETURNING supports_used",
            [process_id, user_id],
        )
        row = cursor.fetchone()
    return row[0] if row is not None else None


def move_support_count(*, proposal_id: int, step: int, open_only: bool) -> int | None:
    """Move the proposal's support count by ``step``; its new count. With ``open_only`` only a
    proposal that is neither withdrawn nor hidden moves: None then means it was withdrawn or
    hidden since it was read (the caller refuses and its transaction rolls back)."""
    condition = " AND withdrawn_at IS NULL AND NOT is_hidden" if open_only else ""
    with connections[router.db_for_write(Proposal)].cursor() as cursor:
        cursor.execute(
            f"UPDATE {_PROPOSAL} SET support_count = support_count + %s"  # noqa: S608
            f" WHERE id = %s{condition} RETURNING support_count",
            [step, proposal_id],
        )
        row = cursor.fetchone()
    return row[0] if row is not None else None
