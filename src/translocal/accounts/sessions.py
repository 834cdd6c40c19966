"""The database session store with the hottest read in plain SQL.

Every signed-in request loads its session first. Django's store reads it through the ORM, whose
query compilation cost more than the database's answer (bench/supports.py, a support by htmx);
this store reads the same row with one plain statement, which PostgreSQL plans once per
connection (``core.raw_rows.prepared_cursor``), and is Django's in everything else
(``SESSION_ENGINE = "translocal.accounts.sessions"``): the same table, the same expiry rule,
the same signing and decoding, so sessions made by either store are read by the other. A
session's decoded data is remembered by its exact signed text (``decode``), and whom a session
signed in by its key: on a page cached per person (``core.caching.read_with_user``) the next
read of that session brings that person's row and the page's versions in the same statement
(``accounts.backends.read_session_with_person``), which ``get_user`` takes only if the session
still names that person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from translocal.core import raw_rows

from .backends import read_session_with_person

#: Session data already verified and decoded in this process, by its exact signed text (and the
#: secrets it was verified with): the signature check, base64, zlib and JSON took about 40 us of
#: every signed-in request, more than half its session query. Only sessions whose values are all scalars
#: (a signed-in person's: id, backend, hash) are kept, so a copy of the dict is a full copy.
_DECODED: dict[str | bytes, tuple[tuple[str, tuple[str | bytes, ...]], dict[str, Any]]] = {}
_DECODED_MAX = 4096
_SCALARS = (str, int, float, bool, type(None))
#: Session key -> the id of the person its data named when this process last decoded it: a
#: guess for reading the person with the session (verified against the data read then).
_SIGNED_IN_AS: dict[str, int] = {}
_SIGNED_IN_AS_MAX = 4096


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        """Django's ``load`` without the model instance it builds only to read one field."""
        data = self._session_data_from_db()
        if data is None:
            return {}
        decoded = self.decode(data)
        user_id = decoded.get(SESSION_KEY)
        if self.session_key is not None and isinstance(user_id, str) and user_id.isdigit():
            if len(_SIGNED_IN_AS) >= _SIGNED_IN_AS_MAX:
                _SIGNED_IN_AS.clear()
            _SIGNED_IN_AS[self.session_key] = int(user_id)
        return decoded

    def decode(self, session_data: str | bytes) -> dict[str, Any]:
        """Django's decoding (the signature checked, a bad one logged and read as no session),
        remembered by the exact signed text: the same text under the same secrets decodes to
        the same dict, so a signed-in person's later requests skip it. A text changed by one
        byte is another key, checked in full."""
        secrets = (settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))
        known = _DECODED.get(session_data)
        if known is not None and known[0] == secrets:
            return dict(known[1])
        decoded = super().decode(session_data)
        if decoded and all(isinstance(value, _SCALARS) for value in decoded.values()):
            if len(_DECODED) >= _DECODED_MAX:
                _DECODED.clear()
            _DECODED[session_data] = (secrets, dict(decoded))
        return decoded

    def _session_data_from_db(self) -> str | None:
        """The data of this key's session if it has not expired, else None and the key
        forgotten, as Django's store does."""
        model = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        key = self.session_key
        guess = _SIGNED_IN_AS.get(key) if key else None
        if key and guess is not None:  # the person and the page's versions in the same statement, if asked
            read, data = read_session_with_person(using, model._meta.db_table, key, now, guess)
            if read:
                if data is None:
                    self._session_key = None
                return data
        with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
            cursor.execute(
                f"SELECT session_data FROM {model._meta.db_table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return row[0]

    def _get_session_from_db(self) -> Any:
        """The session row of this key that has not expired (only its data is read), else None
        and the key forgotten, as Django's store does."""
        data = self._session_data_from_db()
        return None if data is None else self.model(session_key=str(self.session_key), session_data=data)
