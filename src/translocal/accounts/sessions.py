"""The database session store with the hottest read in plain SQL.

Every signed-in request loads its session first. Django's store reads it through the ORM, whose
query compilation cost more than the database's answer (bench/supports.py, a support by htmx);
this store reads the same row with one plain statement, which PostgreSQL plans once per
connection (``core.raw_rows.prepared_cursor``), and is Django's in everything else
(``SESSION_ENGINE = "translocal.accounts.sessions"``): the same table, the same expiry rule,
the same signing and decoding, so sessions made by either store are read by the other."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from translocal.core import raw_rows


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        """The session row of this key that has not expired (only its data is read), else None
        and the key forgotten, as Django's store does."""
        model = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
            cursor.execute(
                f"SELECT session_data FROM {model._meta.db_table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=str(self.session_key), session_data=row[0])
