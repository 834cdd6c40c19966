"""Querysets whose statement is built and compiled once per process, then run with new values.

A page section's read is often a queryset of a fixed shape whose only variable is a key (the
place of a place page): building it (``filter``, ``annotate``, subqueries) and compiling it to
SQL costs more of the CPU than the database takes to answer it. On the bench data the place
page's "exchanges people from here took part in" cost 10 ms of CPU, of which 2.3 ms were the
statement (SQLite, in the process): the rest was the ORM building and compiling it.

``PreparedQuery(build)`` builds ``build(*sentinels, **static)`` once per database, thread,
active language and ``static`` values, compiles it, and records where each sentinel's value
went among the statement's parameters; each call then runs that text with the call's values
in those places and builds the instances as the queryset's own iteration would (Django's
``ModelIterable``: the same ``from_db``, ``select_related`` populators, annotations and
database converters). What ``build`` reads besides its arguments is fixed in the statement:
the active language is part of the key; anything else that changes (today's date, a setting)
must be a ``static`` argument or not be read at all.

A ``prefetch_related`` of the queryset runs after the statement, as the queryset runs it (its
own queries, built each time).

Limits, checked when a statement is prepared (``ValueError``): positional arguments are ints
or strs used as query values whole (a value that ``__icontains`` wraps in ``%``, or one written
into the SQL text, is refused, not substituted); the queryset yields model instances (no
``values()``); a queryset empty by its shape (``pk__in=[]``: Django's ``EmptyResultSet``) is
refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet, prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import get_language

M = TypeVar("M", bound=Model)

#: Statements kept per prepared query (keys: database, thread, language, fixed arguments); past
#: it they are all dropped and prepared again as they are asked for.
MAX_STATEMENTS = 64

#: A value no real argument has, per position and type: a large negative int, or a string with
#: control characters.
_INT_SENTINEL = -(2**42)


def _sentinel(position: int, value: Any) -> int | str:
    if type(value) is int:
        return _INT_SENTINEL - position
    if type(value) is str:
        return f"\x1fprepared-{position}\x1f"
    raise ValueError(f"a prepared query's argument {position} is {type(value).__name__}: only int and str are")


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple[Any, ...]
    #: (index among ``params``, index among the call's arguments, the parameter's type)
    slots: tuple[tuple[int, int, type], ...]
    model: type[Model]
    init_list: list[str]
    model_start: int
    model_end: int
    populators: list[Any]
    annotations: tuple[tuple[str, int], ...]
    #: Django's database converters ({position: (converters, expression)}) and the compiler that
    #: applies them (``SQLCompiler.apply_converters``, with its thread's connection)
    converters: dict[int, tuple[list[Any], Any]]
    compiler: SQLCompiler
    prefetch: tuple[Any, ...]


class PreparedQuery(Generic[M]):
    """``build`` (``(*args, **static) -> QuerySet[M]`` of ``model``, whose database router
    picks the database as for the queryset) as a statement prepared once per key;
    calling the instance with ``(*args, **static)`` returns ``list(build(*args, **static))``
    in one query and without building or compiling the queryset again (see the module)."""

    def __init__(self, model: type[M], build: Callable[..., QuerySet[M]]) -> None:
        self.model = model
        self.build = build
        self._statements: dict[tuple[Any, ...], _Statement] = {}

    def __call__(self, *args: Any, **static: Any) -> list[M]:
        alias = router.db_for_read(self.model)
        key = (alias, threading.get_ident(), get_language(), tuple(map(type, args)), tuple(sorted(static.items())))
        statement = self._statements.get(key)
        if statement is None:
            if len(self._statements) >= MAX_STATEMENTS:  # threads come and go (runserver's a request)
                self._statements.clear()
            statement = self._statements[key] = self._prepare(alias, args, static)
        params = list(statement.params)
        for param, argument, wrapper in statement.slots:
            value = args[argument]
            params[param] = value if type(value) is wrapper else wrapper(value)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, params)
            rows: Any = cursor.fetchall()
        if statement.converters:
            rows = statement.compiler.apply_converters(rows, statement.converters)
        objects = [self._instance(statement, row, alias) for row in rows]
        if statement.prefetch and objects:
            prefetch_related_objects(objects, *statement.prefetch)
        return objects

    def _prepare(self, alias: str, args: tuple[Any, ...], static: dict[str, Any]) -> _Statement:
        sentinels = [_sentinel(i, a) for i, a in enumerate(args)]
        queryset = self.build(*sentinels, **static).using(alias)
        if queryset.model is not self.model:
            raise ValueError(f"the prepared query reads {queryset.model.__name__}, not {self.model.__name__}")
        if queryset._iterable_class is not ModelIterable:
            raise ValueError("a prepared query yields model instances")
        compiler: SQLCompiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as empty:
            raise ValueError("a prepared query cannot be empty by its shape") from empty
        slots = []
        for position, sentinel in enumerate(sentinels):
            # Every parameter holding the stand-in, of its type or of a subclass (PostgreSQL's
            # backend sends an integer in an expression as psycopg's Int4 or Int8): the call's
            # value goes there in the same wrapper.
            found = [(i, type(p)) for i, p in enumerate(params) if isinstance(p, type(sentinel)) and p == sentinel]
            contained = any(isinstance(p, str) and str(sentinel) in p and p != sentinel for p in params)
            if not found or contained or str(sentinel) in sql:
                raise ValueError(f"argument {position} is not a parameter of the statement as it is")
            slots += [(i, position, wrapper) for i, wrapper in found]
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        converters = compiler.get_converters([s[0] for s in select[0 : compiler.col_count]])
        return _Statement(
            sql=sql,
            params=tuple(params),
            slots=tuple(slots),
            model=klass_info["model"],
            init_list=[f[0].target.attname for f in select[start:end]],
            model_start=start,
            model_end=end,
            populators=get_related_populators(klass_info, select, alias),
            annotations=tuple(compiler.annotation_col_map.items()),
            converters=converters,
            compiler=compiler,
            prefetch=tuple(getattr(queryset, "_prefetch_related_lookups", ())),
        )

    @staticmethod
    def _instance(statement: _Statement, row: Any, alias: str) -> Any:
        obj = statement.model.from_db(alias, statement.init_list, row[statement.model_start : statement.model_end])
        for populator in statement.populators:
            populator.populate(row, obj)
        for name, pos in statement.annotations:
            setattr(obj, name, row[pos])
        return obj
