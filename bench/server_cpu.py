"""The CPU time of the PostgreSQL backend serving a Django connection, read from
``/proc/<pid>/stat`` (user and system clock ticks): on a machine that also runs the server, the
database's own work per request, which a loaded machine does not inflate as it does wall time.
Used by wsgi_cpu.py and list_cpu.py."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def backend_cpu_ms(connection: Any) -> float | None:
    """The backend's CPU time so far in ms, or None for another database (SQLite: its work is in
    this process's CPU time already) or a server on another machine."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")  # utime, stime
