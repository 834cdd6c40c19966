"""Django's PostgreSQL backend (``django.db.backends.postgresql``), with one change: the health
check a kept connection passes before each request (``CONN_HEALTH_CHECKS``) asks the server only
when the server has spoken first.

Django's check sends ``SELECT 1`` on the first query of every request: a round trip, and on the
hottest request (a support, bench/supports.py) one statement of five. Between requests a kept
connection is idle and the server writes nothing to it unless it is going away: a backend
terminated by an administrator, a server shut down or restarted, ``idle_session_timeout``, each
send a FATAL message and close the socket, and a closed socket reads as the end of the stream.
So a socket with nothing to read on an idle connection is as usable as the client can tell
without asking, and that costs one ``select()`` (no system call to the server). A socket with
something to read, or a connection not idle, is checked as Django checks it: ``SELECT 1``,
then closed and reopened when that fails, so the request still does not fail.

What neither check can see in time, a peer gone silent (a network cut with no reset), is what
TCP keepalives (``OPTIONS``: keepalives_idle) are for; Django's check would hang on it too.

Engine name: ``translocal.core.postgresql`` (settings.py sets it for every PostgreSQL database).
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        """True when the kept connection can serve a request: open, idle, and nothing waiting on
        its socket; when something waits (or it is not idle) Django's ``SELECT 1`` decides."""
        connection = self.connection
        if connection is None or connection.closed:
            return False
        pgconn = connection.pgconn
        if pgconn.status != pq.ConnStatus.OK:
            return False
        if pgconn.transaction_status == pq.TransactionStatus.IDLE:
            try:
                readable, _, _ = select.select([pgconn.socket], [], [], 0)
            except (OSError, ValueError):  # the socket is gone
                return False
            if not readable:
                return True
        return bool(super().is_usable())
