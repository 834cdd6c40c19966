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

A ``prefetch_related`` of the queryset runs after the statement, one query a lookup. A lookup of
one level along a reverse foreign key to an integer key (``"authorships"``, or a ``Prefetch``
of it with an unsliced queryset of its own and a ``to_attr`` or not) is prepared too: its
queryset filtered on the foreign key ``IN`` the instances' keys, one statement per number of
keys (a section's few rows: at most its limit), which fills the instances as Django's prefetch
would (the related manager's cache or the ``to_attr`` list, each related row's cached parent; a
query chained from the cache, ``reflection.authorships.filter(...)``, is limited to the
instance's rows as the related manager's own is).
Any other lookup (many-to-many, forward, nested) runs as the queryset runs it: built and
compiled each time. Building and compiling the home page's three prefetches (reflections'
authors, places' hubs, processes' phases) was about a tenth of its cold CPU.

Instances, the statement's and its ``select_related`` ones, are made by
``raw_rows.load_instance``: what ``from_db`` makes, without ``Model.__init__`` where nothing
could tell the difference. A cold home page builds about a hundred.

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
from django.db import router
from django.db.models import ForeignKey, IntegerField, Model, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.fields.related_descriptors import ReverseManyToOneDescriptor
from django.db.models.query import ModelIterable, get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import get_language

from .raw_rows import load_instance, prepared_cursor

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
    #: the lookups prefetched as the queryset would (``prefetch_related_objects``)
    prefetch: tuple[Any, ...]
    #: the lookups prefetched by statements of their own (``_ReversePrefetch``)
    prepared_prefetch: tuple[_ReversePrefetch, ...] = ()


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
        with prepared_cursor(alias) as cursor:  # PostgreSQL plans it once per connection
            cursor.execute(statement.sql, params)
            rows: Any = cursor.fetchall()
        if statement.converters:
            rows = statement.compiler.apply_converters(rows, statement.converters)
        objects = [_instance(statement, row, alias) for row in rows]
        if objects:
            for prefetch in statement.prepared_prefetch:
                prefetch.fill(objects, alias)
            if statement.prefetch:
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
        lookups = tuple(getattr(queryset, "_prefetch_related_lookups", ()))
        prepared = [_ReversePrefetch.of(self.model, lookup) for lookup in lookups]
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
            prefetch=tuple(lookup for lookup, ready in zip(lookups, prepared, strict=True) if ready is None),
            prepared_prefetch=tuple(ready for ready in prepared if ready is not None),
        )


def _instance(statement: _Statement, row: Any, alias: str) -> Any:
    """One row's instance as ``ModelIterable`` makes it: the model, its ``select_related``
    instances and the annotations."""
    obj = load_instance(statement.model, alias, statement.init_list, row[statement.model_start : statement.model_end])
    for populator in statement.populators:
        _populate(populator, row, obj)
    for name, pos in statement.annotations:
        setattr(obj, name, row[pos])
    return obj


def _populate(populator: Any, row: Any, from_obj: Model) -> None:
    """Django's ``RelatedPopulator.populate`` (django.db.models.query, 5.2), its instance made by
    ``load_instance``."""
    if populator.reorder_for_init:
        values = populator.reorder_for_init(row)
    else:
        values = row[populator.cols_start : populator.cols_end]
    if values[populator.pk_idx] is None:
        obj = None
    else:
        obj = load_instance(populator.model_cls, populator.db, populator.init_list, values)
        for related in populator.related_populators:
            _populate(related, row, obj)
    populator.local_setter(from_obj, obj)
    if obj is not None:
        populator.remote_setter(obj, from_obj)


class _RelatedRows(QuerySet):
    """What Django's prefetch leaves in a related manager's cache: the related rows, evaluated,
    which ``instance.<name>.all()`` returns as they are. A query chained from them (``filter``,
    ``values_list``, ``all``) is the prefetch's queryset limited to the instance's rows, as from
    the related manager's own queryset: the filter is built only then, not for every instance
    read."""

    _source: QuerySet
    _relation: dict[str, Any]

    def _chain(self) -> QuerySet:
        source = self.__dict__.get("_source")
        if source is None:  # unpickled: the model's own rows, still only the instance's
            source = self.model._default_manager.all()
        return source.filter(**self._relation)._chain()

    def __getstate__(self) -> dict[str, Any]:
        """The rows and the relation, not the unfiltered queryset (pickling it would run it)."""
        state = super().__getstate__()
        state.pop("_source", None)
        return state


@dataclass(frozen=True)
class _ReversePrefetch:
    """A prefetch along the reverse of ``field`` (a foreign key of the related model to the
    instances' integer key), its queryset prepared with the keys as arguments."""

    field: ForeignKey
    #: where the related rows go: the related manager's prefetch cache, or the ``to_attr`` list
    cache_name: str
    to_attr: str | None
    #: the prefetch's queryset, unfiltered, and the statement of it filtered on the keys
    source: QuerySet
    query: PreparedQuery[Any]
    #: an empty query of the related model, shared by the cached querysets (nothing changes it)
    empty: Query

    @classmethod
    def of(cls, model: type[Model], lookup: str | Prefetch) -> _ReversePrefetch | None:
        """The prepared prefetch of ``lookup`` from ``model``'s instances, or None when it is not
        one level along a reverse foreign key to an integer key with an unsliced queryset."""
        through = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
        queryset = lookup.queryset if isinstance(lookup, Prefetch) else None
        to_attr = lookup.to_attr if isinstance(lookup, Prefetch) else None
        descriptor = getattr(model, through, None) if "__" not in through else None
        if type(descriptor) is not ReverseManyToOneDescriptor:  # not its many-to-many subclass
            return None
        field = descriptor.field
        if not isinstance(field.target_field, IntegerField) or field.target_field is not model._meta.pk:
            return None
        related: type[Model] = field.model  # the model with the foreign key
        if queryset is None:
            queryset = related._default_manager.all()
        if queryset.query.is_sliced or queryset._iterable_class is not ModelIterable:
            return None
        attname = field.attname
        source = queryset

        def build(*keys: int) -> QuerySet[Any]:
            return source.filter(**{f"{attname}__in": keys})

        prepared = PreparedQuery(related, build)
        return cls(field, field.remote_field.cache_name, to_attr, source, prepared, Query(related))

    def fill(self, objects: list[Any], alias: str) -> None:
        """Run the statement for ``objects``' keys and put each one's related rows in place."""
        found: dict[Any, list[Any]] = {}
        for item in self.query(*dict.fromkeys(obj.pk for obj in objects)):
            found.setdefault(getattr(item, self.field.attname), []).append(item)
        model, attname = self.query.model, self.field.attname
        for obj in objects:
            items = found.get(obj.pk, [])
            for item in items:
                if not self.field.is_cached(item):
                    self.field.set_cached_value(item, obj)
            if self.to_attr:
                setattr(obj, self.to_attr, items)
                continue
            rows = _RelatedRows(model=model, query=self.empty, using=alias)
            rows._result_cache, rows._prefetch_done = items, True  # type: ignore[attr-defined]
            rows._source, rows._relation = self.source, {attname: obj.pk}
            obj.__dict__.setdefault("_prefetched_objects_cache", {})[self.cache_name] = rows
