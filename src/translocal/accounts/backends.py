"""Django's ModelBackend with the signed-in person's row read in plain SQL.

``AuthenticationMiddleware`` loads the user named in the session on every signed-in request;
the ORM's compilation of that one-row read cost more than the database's answer
(bench/supports.py). Everything else is Django's: password checks, permissions, the session's
hash check (``django.contrib.auth.get_user``) and the ``is_active`` rule
(``user_can_authenticate``) applied to the row read.

When the page cache asks for the row and the content versions at the same moment (a page cached
per person, ``core.caching.read_with_user``), the same statement reads the versions too, and
the person's own version: one query less on every such view. When this process has also seen
the session before (accounts.sessions remembers whom each session signed in), the session's
row, the person's and the versions come in one statement (``read_session_with_person``): one
query for the whole signed-in view served from the member's page cache."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth import backends
from django.db import router

from translocal.core import raw_rows
from translocal.core.caching import record_versions, request_reading_with_user, versions_with_user

from .models import User

#: Where ``read_session_with_person`` leaves the person's row for ``get_user`` on the request:
#: ``(database alias, user id, row or None)``; taken (removed) by the first ``get_user`` of it.
_READ_AHEAD = "_translocal_person_read_with_session"


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        using = router.db_for_read(User)
        ahead = _take_read_ahead(using, user_id)
        if ahead is not None:
            row = ahead[0]
        else:
            row = self._read(using, user_id)
        if row is None:
            return None
        user = raw_rows.instance(User, row, 0, using)
        return user if self.user_can_authenticate(user) else None

    def _read(self, using: str, user_id: Any) -> tuple[Any, ...] | None:
        """The person's row (its concrete columns in field order), with the request's versions
        in the same statement inside ``read_with_user`` (recorded on the request)."""
        columns = raw_rows.columns(User, "u", using)
        with_versions = versions_with_user(using, user_id)
        params: list[Any] = [user_id]
        if with_versions is not None:  # the page's versions in the same statement
            request, names, version_columns = with_versions
            columns += f", {version_columns}"
            params = [*names, user_id]
        with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
            cursor.execute(f"SELECT {columns} FROM {User._meta.db_table} u WHERE u.id = %s", params)  # noqa: S608
            row = cursor.fetchone()
        if row is None:
            return None
        if with_versions is not None:
            record_versions(request, names, row[raw_rows.width(User) :])
        return row


def read_session_with_person(
    using: str, session_table: str, session_key: str, now: Any, user_id: int
) -> tuple[bool, str | None]:
    """For the session store inside ``core.caching.read_with_user``, when it knows whom the
    session ``session_key`` signed in last time (``user_id``): the session's data if it has not
    expired (its row as the store reads it, ``expire_date > now``; ``now`` adapted for the
    database), read in one statement with person ``user_id``'s row and the request's versions.
    The versions are recorded on the request; the person's row is left for ``get_user`` of that
    same id on this request (a session that now names someone else reads its person apart, and
    a row that is not taken stays with the request).

    Returns ``(True, data)`` (``data`` None for no valid session) when it read, or
    ``(False, None)`` when it cannot here (outside ``read_with_user``, the versions read
    already, or the session, the person and the versions on different databases): the store
    then reads the session alone."""
    request = request_reading_with_user()
    if request is None or router.db_for_read(User) != using:
        return False, None
    with_versions = versions_with_user(using, user_id)
    if with_versions is None:
        return False, None
    _request, names, version_columns = with_versions
    columns = raw_rows.columns(User, "u", using)
    sql = (
        f"SELECT s.session_data, {columns}, {version_columns} FROM {session_table} s"  # noqa: S608
        f" LEFT JOIN {User._meta.db_table} u ON u.id = %s WHERE s.session_key = %s AND s.expire_date > %s"
    )
    with raw_rows.prepared_cursor(using) as cursor:
        cursor.execute(sql, [*names, user_id, session_key, now])
        row = cursor.fetchone()
    if row is None:
        return True, None
    width = raw_rows.width(User)
    person = row[1 : 1 + width]
    record_versions(request, names, row[1 + width :])
    # The primary key is never NULL: a NULL id is no such person (the LEFT JOIN found none).
    setattr(request, _READ_AHEAD, (using, user_id, person if person[_pk_index()] is not None else None))
    return True, row[0]


@cache
def _pk_index() -> int:
    """Where the primary key is among ``raw_rows.columns(User, ...)``."""
    return [field.attname for field in User._meta.concrete_fields].index(User._meta.pk.attname)


def _take_read_ahead(using: str, user_id: Any) -> tuple[tuple[Any, ...] | None] | None:
    """The row ``read_session_with_person`` read on this request for person ``user_id`` from
    ``using``, as a 1-tuple (its one value None: no such person), or None if there is none."""
    request = request_reading_with_user()
    ahead = getattr(request, _READ_AHEAD, None) if request is not None else None
    if ahead is None:
        return None
    delattr(request, _READ_AHEAD)
    read_using, read_id, row = ahead
    if read_using != using or str(read_id) != str(user_id):
        return None
    return (row,)
