"""One search interface, two implementations, chosen by the database vendor of the
connection in use: never by a code fork anywhere else."""

from django.db import connections

from .base import BaseBackend, HitRow, MatchQuery
from .postgresql import PostgreSQLBackend
from .sqlite import SQLiteBackend

BACKENDS: dict[str, type[BaseBackend]] = {
    SQLiteBackend.vendor: SQLiteBackend,
    PostgreSQLBackend.vendor: PostgreSQLBackend,
}


def get_backend(alias: str = "default") -> BaseBackend:
    vendor = connections[alias].vendor
    try:
        return BACKENDS[vendor](alias)
    except KeyError:
        raise NotImplementedError(f"Search has no backend for the {vendor!r} database.") from None


__all__ = ["BaseBackend", "HitRow", "MatchQuery", "get_backend"]
