"""The statements of the hottest write, a support: each one statement that decides in the
database (ON CONFLICT, a conditional upsert, an UPDATE ... RETURNING), so the support takes no
savepoint, no read before its writes and no read after them. On PostgreSQL an ordinary support
and a withdrawal are each one statement of data-modifying CTEs (``support_at_once``,
``withdraw_at_once``) that commits by itself: one round trip where the transaction takes six
(BEGIN, four statements, COMMIT).

Django 5.2's ORM has neither an upsert with a condition nor an UPDATE that returns what it
wrote, hence plain SQL; both databases run the single steps (SQLite 3.35 or later, PostgreSQL),
which the services call inside their transaction; the ``*_at_once`` statements need none."""

from __future__ import annotations

import datetime
import functools

from django.db import IntegrityError, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from translocal.core import raw_rows
from translocal.core.caching import version_bump_from

from .models import Participation, Proposal, ProposalEvent, Support

_SUPPORT = Support._meta.db_table
_PARTICIPATION = Participation._meta.db_table
_PROPOSAL = Proposal._meta.db_table
_EVENT = ProposalEvent._meta.db_table


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


def support_at_once(
    *,
    proposal_id: int,
    process_id: int,
    user_id: int,
    limit: int | None,
    threshold: int | None,
    milestones: tuple[int, ...],
    version: str,
) -> tuple[int, int] | None:
    """PostgreSQL: the whole of an ordinary support in one statement, which commits by itself
    outside a transaction (no BEGIN and COMMIT of their own): the support row, the person's
    allowance, the proposal's count, its cache version ``version`` (``core.caching``) and,
    when the new count is one of ``milestones``, that milestone's timeline event. Returns (the
    proposal's count, the supports the person has now used), or None when it declines, and
    then it wrote nothing: on SQLite (no data-modifying CTEs), and whenever this support may
    be refused (the proposal is withdrawn or hidden, the person supports it already or has no
    support left) or reaches ``threshold`` for the first time (once in a proposal's life: its
    event, its date and the versions of the pages that show it are the transaction's); the
    caller then takes the transaction's path (``insert_support``, ``take_allowance``,
    ``move_support_count``), which decides and says why.

    All or nothing, under concurrency too, without a transaction around it: the statement first
    locks the proposal's row (FOR UPDATE, its conditions checked again on the row as it is
    once locked), then takes the allowance with the conditional upsert ``take_allowance``
    uses, then inserts the support row, which depends on both. A support of the same proposal
    by the same person committed meanwhile is seen by the row check ``NOT EXISTS`` most of the
    time; when it slips through (committed between this statement's snapshot and its lock), the
    unique constraint rejects the insert and the whole statement is undone (IntegrityError,
    caught here: None). Lock order: the proposal's row first, as ``withdraw_at_once`` and the
    transaction's path (which moves the count first) take it too; after it the only row two of
    them can both want is the person's allowance, so they cannot deadlock each other.
    Inside a caller's transaction (tests, a batch) it runs in a savepoint, so that the insert's
    error leaves that transaction usable."""
    connection = connections[router.db_for_write(Support)]
    if connection.vendor != "postgresql":
        return None
    arguments = (connection, proposal_id, process_id, user_id, limit, threshold, milestones, version)
    try:
        if connection.in_atomic_block:  # in a caller's transaction: a savepoint, which the error rolls back
            with transaction.atomic(using=connection.alias):
                return _support_at_once(*arguments)
        return _support_at_once(*arguments)
    except IntegrityError:  # the same support committed meanwhile: the statement was undone whole
        return None


def _support_at_once(  # noqa: PLR0913
    connection: BaseDatabaseWrapper,
    proposal_id: int,
    process_id: int,
    user_id: int,
    limit: int | None,
    threshold: int | None,
    milestones: tuple[int, ...],
    version: str,
) -> tuple[int, int] | None:
    params: dict[str, int | str | datetime.datetime] = {
        "proposal": proposal_id, "process": process_id, "user": user_id, "now": timezone.now(), "version": version,
    }
    if limit is not None:
        params["limit"] = limit
    if threshold:
        params["threshold"] = threshold
    with raw_rows.prepared_cursor(connection.alias) as cursor:
        cursor.execute(_support_sql(limit is not None, bool(threshold), milestones), params)
        count, used = cursor.fetchone()
    return (count, used) if count is not None else None


@functools.cache
def _support_sql(limited: bool, with_threshold: bool, milestones: tuple[int, ...]) -> str:
    """The statement of ``support_at_once`` (built once per shape): with a per-person ``limit``
    or not, a ``threshold`` or not. The milestones are written into it as integer literals (a
    list parameter cost more to send than the rest of the values together)."""
    counts = ", ".join(str(int(number)) for number in milestones) or "NULL"
    reaches = " AND NOT (threshold_reached_at IS NULL AND support_count + 1 >= %(threshold)s)" if with_threshold else ""
    within = f" WHERE {_PARTICIPATION}.supports_used < %(limit)s" if limited else ""
    return (
        f"WITH proposal AS (SELECT id FROM {_PROPOSAL} WHERE id = %(proposal)s"  # noqa: S608
        f" AND withdrawn_at IS NULL AND NOT is_hidden{reaches} FOR UPDATE),"
        f" allowance AS (INSERT INTO {_PARTICIPATION} (process_id, user_id, supports_used)"
        " SELECT %(process)s, %(user)s, 1 FROM proposal"
        f" WHERE NOT EXISTS (SELECT 1 FROM {_SUPPORT} WHERE proposal_id = %(proposal)s AND user_id = %(user)s)"
        f" ON CONFLICT (process_id, user_id) DO UPDATE SET supports_used = {_PARTICIPATION}.supports_used + 1"
        f"{within} RETURNING supports_used),"
        f" support AS (INSERT INTO {_SUPPORT} (proposal_id, process_id, user_id, created_at)"
        " SELECT %(proposal)s, %(process)s, %(user)s, %(now)s FROM allowance RETURNING id),"
        f" counted AS (UPDATE {_PROPOSAL} SET support_count = support_count + 1"
        " WHERE id = %(proposal)s AND EXISTS (SELECT 1 FROM support) RETURNING support_count),"
        # A milestone's timeline event (once: the partial unique constraint; the same milestone
        # cannot be inserted meanwhile, as the proposal's row is locked).
        f" milestone AS (INSERT INTO {_EVENT} (proposal_id, kind, value, answer_state, text, created_at)"
        f" SELECT %(proposal)s, '{ProposalEvent.Kind.MILESTONE.value}', support_count, '', '', %(now)s FROM counted"
        f" WHERE support_count IN ({counts}) ON CONFLICT DO NOTHING),"
        f" bump AS ({version_bump_from('counted', '%(version)s')})"
        " SELECT (SELECT support_count FROM counted), (SELECT supports_used FROM allowance)"
    )


def withdraw_at_once(*, proposal_id: int, process_id: int, user_id: int, version: str) -> tuple[int, int | None] | None:
    """PostgreSQL: taking a support back in one statement, which commits by itself outside a
    transaction: the support row deleted, one support given back to the person's allowance,
    the proposal's count moved down and its cache version ``version`` bumped. Returns (the
    proposal's count, the supports the person has now used; None without an allowance row), or
    None when it declines, and then it wrote nothing: on SQLite, and when the person does not
    support the proposal (the caller's transaction path says so). Locks the proposal's row
    first, as ``support_at_once`` does."""
    connection = connections[router.db_for_write(Support)]
    if connection.vendor != "postgresql":
        return None
    params: dict[str, int | str] = {"proposal": proposal_id, "process": process_id, "user": user_id, "version": version}
    with raw_rows.prepared_cursor(connection.alias) as cursor:
        cursor.execute(_withdraw_sql(), params)
        count, used = cursor.fetchone()
    return (count, used) if count is not None else None


@functools.cache
def _withdraw_sql() -> str:
    """The statement of ``withdraw_at_once`` (built once)."""
    return (
        f"WITH proposal AS (SELECT id FROM {_PROPOSAL} WHERE id = %(proposal)s FOR UPDATE),"  # noqa: S608
        f" gone AS (DELETE FROM {_SUPPORT} WHERE proposal_id = %(proposal)s AND user_id = %(user)s"
        " AND EXISTS (SELECT 1 FROM proposal) RETURNING id),"
        f" allowance AS (UPDATE {_PARTICIPATION} SET supports_used = supports_used - 1"
        " WHERE process_id = %(process)s AND user_id = %(user)s AND EXISTS (SELECT 1 FROM gone)"
        " RETURNING supports_used),"
        f" counted AS (UPDATE {_PROPOSAL} SET support_count = support_count - 1"
        " WHERE id = %(proposal)s AND EXISTS (SELECT 1 FROM gone) RETURNING support_count),"
        f" bump AS ({version_bump_from('counted', '%(version)s')})"
        " SELECT (SELECT support_count FROM counted), (SELECT supports_used FROM allowance)"
    )
