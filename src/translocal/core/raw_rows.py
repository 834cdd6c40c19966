"""Model instances from plain SQL rows, for the few hottest reads where compiling an ORM query
costs more than the database takes to answer it (a support: the proposal, its process and its
phases in one statement).

``columns(model, alias)`` lists a model's concrete columns for a SELECT; ``instance(model, row,
start, alias)`` builds the instance from those values as the ORM would (the same database
converters: SQLite's dates and booleans, JSON), marked as loaded from that database;
``set_prefetched(instance, name, model, items, using)`` puts related instances where
``prefetch_related`` would; ``prepared_cursor(using)`` runs such a statement so that PostgreSQL plans it once per
connection."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from django.db import connections
from django.db.backends.sqlite3.base import SQLiteCursorWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.db.models.sql import Query

M = TypeVar("M", bound=Model)

Converter = Callable[[Any, Any, Any], Any]


def _fields(model: type[Model], only: tuple[str, ...] | None) -> list[Any]:
    """The concrete fields of ``model`` in field order, or those named in ``only`` (the rest are
    then deferred on the instance, as with ``QuerySet.only``)."""
    fields = model._meta.concrete_fields
    return list(fields) if only is None else [field for field in fields if field.name in only]


@cache  # the same text every time: built once per process (quoting each column costs ~1 us)
def columns(model: type[Model], alias: str, using: str, only: tuple[str, ...] | None = None) -> str:
    """``alias.col1, alias.col2, ...``: the model's concrete columns in field order, quoted."""
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in _fields(model, only))


@cache
def width(model: type[Model], only: tuple[str, ...] | None = None) -> int:
    """How many values ``columns`` selects."""
    return len(_fields(model, only))


@cache
def _converters(
    model: type[Model], using: str, only: tuple[str, ...] | None = None
) -> tuple[tuple[str, ...], tuple[tuple[Any, tuple[Converter, ...]], ...]]:
    """The attribute names and, per field, its column expression and the converters the ORM's
    compiler would apply to its values (SQLCompiler.get_converters)."""
    connection = connections[using]
    names, converters = [], []
    for field in _fields(model, only):
        names.append(field.attname)
        expression = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        converters.append((expression, tuple(found)))
    return tuple(names), tuple(converters)


@cache
def _plain_init(model: type[Model]) -> bool:
    """Whether ``model`` is built by Django's own ``Model.__init__`` and ``from_db`` (no class
    between it and Model overrides them)."""
    bases = model.__mro__[: model.__mro__.index(Model)]
    return not any("__init__" in vars(base) or "from_db" in vars(base) for base in bases)


def instance(model: type[M], row: Sequence[Any], start: int, using: str, only: tuple[str, ...] | None = None) -> M:
    """The ``model`` instance whose ``columns`` (of the same ``only``) start at ``row[start]``.

    What ``model.from_db`` builds, without its two passes over every concrete field (a case has
    about 40; a case list builds some 100 instances): when nothing listens to ``pre_init`` or
    ``post_init`` and the model keeps Django's ``__init__``, the loaded values go straight into
    the instance's ``__dict__``, where ``Model.__init__`` would set them (an attribute name
    absent there is a deferred field, as with ``only()``)."""
    names, converters = _converters(model, using, only)
    connection = connections[using]
    values = []
    for offset, (expression, field_converters) in enumerate(converters):
        value = row[start + offset]
        for convert in field_converters:
            value = convert(value, expression, connection)
        values.append(value)
    return load_instance(model, using, names, values)


def load_instance(model: type[M], using: str, names: Sequence[str], values: Sequence[Any]) -> M:
    """``model.from_db(using, names, values)``: the instance read from database ``using`` whose
    fields ``names`` (attribute names, in the model's field order; the others deferred) hold
    ``values``, already converted. Without ``Model.__init__`` when nothing listens to
    ``pre_init`` or ``post_init`` and the model keeps Django's ``__init__`` and ``from_db``:
    the values go straight into the instance's ``__dict__``, where ``__init__`` would set them
    (Django's field descriptors store a value there as it is on a new instance), at a quarter
    of the cost (8 us against 1.5 for a process, 26 against 6 for a case, on the bench machine)."""
    if pre_init.receivers or post_init.receivers or not _plain_init(model):
        return model.from_db(using, names, values)
    new = model.__new__(model)
    state = new._state = ModelState()
    state.adding, state.db = False, using
    new.__dict__.update(zip(names, values, strict=True))
    return new


def value(model: type[Model], name: str, raw: Any, using: str) -> Any:
    """``raw``, a value of the column of ``model``'s field ``name`` (or an aggregate of it, such
    as its MAX) as the database returned it, as the ORM gives it: the field's converters
    (SQLite's datetimes as aware datetimes, its booleans, JSON)."""
    _names, converters = _converters(model, using, (name,))
    expression, found = converters[0]
    connection = connections[using]
    for convert in found:
        raw = convert(raw, expression, connection)
    return raw


class _PrefetchedRows(QuerySet):
    """The related rows ``set_prefetched`` leaves in an instance's prefetch cache, evaluated:
    ``instance.<name>.all()`` returns them as they are. A query chained from them (``filter``,
    ``values_list``, ``order_by``) is the related manager's own, limited to the instance's rows,
    as after ``prefetch_related``: it is built only then, not for every relation read."""

    _instance: Model
    _name: str

    def _chain(self) -> QuerySet:
        manager = getattr(self._instance, self._name)
        unprefetched = super(type(manager), manager).get_queryset()  # type: ignore[misc]  # the default manager's
        return manager._apply_rel_filters(unprefetched)._chain()


def set_prefetched(instance: Model, name: str, model: type[Model], items: list[Any], using: str) -> None:
    """What ``prefetch_related(name)`` leaves on ``instance`` for a many-to-many or reverse
    relation to ``model``: an evaluated queryset of ``items`` in the prefetch cache, which
    ``instance.<name>.all()`` returns as it is, and from which a chained query reads only the
    instance's related rows. The querysets share one empty ``Query`` a model (chaining goes
    through the related manager; nothing changes it in place): building a ``Query`` for each of a
    case page's 26 relations was a tenth of its reads."""
    queryset = _PrefetchedRows(model=model, query=_empty_query(model), using=using)
    queryset._result_cache = items
    queryset._prefetch_done = True  # type: ignore[attr-defined]
    queryset._instance = instance
    queryset._name = name
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


@cache
def _empty_query(model: type[Model]) -> Query:
    return Query(model)


@contextmanager
def prepared_cursor(using: str) -> Iterator[CursorWrapper]:
    """Django's cursor for one of the hottest plain statements (the session, the signed-in
    person, a support's read and write), which PostgreSQL then plans once per connection instead
    of on every run. Planning those statements took longer than running them (EXPLAIN on the
    bench data: the support's read 0.25 ms to plan, 0.07 ms to run), as the default cursor sends
    each statement as new text with its values written in. On PostgreSQL this one binds the
    values on the server (psycopg's ``Cursor``, what ``OPTIONS["server_side_binding"]`` would
    give every query): the text is the same every time, and psycopg prepares a statement on the
    connection once it has run five times there (``OPTIONS["prepare_threshold"]`` in
    settings.py; Django's default, None, would never prepare, and the default cursor never
    does). Elsewhere (SQLite) the ordinary cursor. Django's wrapper all the same: the query log,
    errors translated, execute wrappers; closed on leaving. Write the statement with ``%s`` or ``%(name)s`` placeholders
    only (no ``%`` of its own), whose values PostgreSQL can type: no literal SQL in values.
    On SQLite, a cursor that remembers each text's translation to SQLite's ``?`` placeholders
    (``_FixedTextCursor``)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]  # noqa: PLC0415
                ServerBindingCursor,  # defined with psycopg 3 only
            )

            default = cursor.cursor
            cursor.cursor = ServerBindingCursor(connection.connection)
            default.close()
        elif connection.vendor == "sqlite":
            default = cursor.cursor
            cursor.cursor = connection.connection.cursor(factory=_FixedTextCursor)
            default.close()
        yield cursor


class _FixedTextCursor(SQLiteCursorWrapper):
    """Django's SQLite cursor for the fixed texts ``prepared_cursor`` runs: each text's "format"
    placeholders are rewritten as SQLite's once per process, not on every run (a regular
    expression over the whole text: 7-73 us for each of the home page's statements, 0.28 ms in
    all). At most ``_MAX_TEXTS`` are kept; past it they are all dropped and made again."""

    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is not None:
            return super().convert_query(query, param_names=param_names)  # type: ignore[misc]  # not in django-stubs
        text = _converted.get(query)
        if text is None:
            if len(_converted) >= _MAX_TEXTS:
                _converted.clear()
            text = _converted[query] = super().convert_query(query)  # type: ignore[misc]
        return text


_MAX_TEXTS = 1024
_converted: dict[str, str] = {}
