"""The reads of a reflection page's body in plain SQL: three statements instead of seven ORM
queries.

A cold reflection page (no fragment cache) spent most of its time in the ORM, not the
database: the body's queryset prefetched the authors (already read for the header), the cases
and methods with their titles in the reader's language, the places, the themes and the SDGs,
six queries compiled on every render for well under a millisecond of SQL (bench data, SQLite:
11.4 ms of CPU, 1.8 ms without the prefetches). Here:

- ``reflection_for_header``: the reflection at a slug with its series, its translation into the
  reader's language and its authors (``reflection_header_queryset``), the first of its two
  statements prepared once per process and language (``core.prepared``);
- ``reflection_for_body``: the reflection's row with its series, hub, author, exchange and lead
  image (the queryset's ``select_related``), prepared once per process (``core.prepared``);
- ``fill_reflection_page``: its themes and SDGs in one statement, its published cases and
  methods (titles in the reader's language) and its places in another, and the authors already
  read with the header.

The instances are what the ORM's prefetches gave (``core.raw_rows``: the same converters), in
the prefetch caches where ``reflection.cases.all()`` and the like find them, so the template
and the page's sections read them unchanged. Names come from the models' metadata; values are
parameters.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connections, router
from django.db.models import prefetch_related_objects

from translocal.core import raw_rows
from translocal.core.meta import column
from translocal.core.prepared import PreparedQuery
from translocal.core.translations import reader_language, translation_model_of
from translocal.places.models import Place
from translocal.taxonomy.selectors import fill_terms

from ..models import Case, Method, Reflection, Status
from .common import authorships_with_users
from .reflections import reflection_header_queryset
from .translations import with_translation

#: The vocabulary fields of a reflection page, in the order of the statement's field numbers.
TERM_FIELDS: tuple[str, ...] = ("themes", "sdgs")
#: What the page reads of a linked case or method: its address, title and language.
LINKED_ENTRY_FIELDS: tuple[str, ...] = ("id", "slug", "title", "original_language")
#: What the page reads of a place it is about: its address and name.
LINKED_PLACE_FIELDS: tuple[str, ...] = ("id", "slug", "name")

_header = PreparedQuery(
    Reflection,
    lambda slug, *, language: with_translation(reflection_header_queryset(), language)
    .filter(slug=slug)
    .order_by()[:1],
)


def reflection_for_header(slug: str, language: str) -> Reflection | None:
    """The reflection at ``slug`` as ``with_translation(reflection_header_queryset(),
    language)`` reads it (the body deferred; ``series``, ``reader_translation`` and the
    ``authorships`` with their users loaded), or None when there is none; whether the reader may
    see it is the caller's check (``permissions.viewable_or_404``). Two statements, the first
    prepared once per process and language."""
    found = _header(slug, language=language)
    return found[0] if found else None


_body = PreparedQuery(
    Reflection,
    lambda pk: Reflection.objects.select_related("series", "hub", "created_by", "exchange", "lead_image").filter(
        pk=pk
    ),
)


def reflection_for_body(pk: int) -> Reflection:
    """The reflection ``pk`` (every column) with ``series``, ``hub``, ``created_by``,
    ``exchange`` and ``lead_image`` loaded (None where it has none), in one statement prepared
    once per process. Raises ``Reflection.DoesNotExist`` when there is none."""
    found = _body(pk)
    if not found:
        raise Reflection.DoesNotExist(f"No reflection {pk}.")
    return found[0]


def fill_reflection_page(reflection: Reflection, *, authors_from: Reflection | None = None) -> None:
    """Load what the body of ``reflection``'s page shows of its relations, as
    ``reflection_detail_queryset``'s prefetches loaded them: ``themes`` and ``sdgs`` (every
    column, in the terms' order), the published ``cases`` and ``methods`` by title
    (LINKED_ENTRY_FIELDS, with ``translated_title`` and ``reader_language`` for the reader's
    language) and the ``places`` by name (LINKED_PLACE_FIELDS). The ``authorships`` (with
    their users) are taken from ``authors_from`` (the same reflection read for the header, with
    ``authorships_with_users``) when given and read otherwise. Two statements, three without
    ``authors_from``; afterwards reading them costs no query."""
    using = reflection._state.db or router.db_for_read(Reflection)
    fill_terms(reflection, TERM_FIELDS, using=using)
    _fill_links(reflection, using)
    cached = getattr(authors_from, "_prefetched_objects_cache", {}).get("authorships")
    if cached is not None:
        raw_rows.set_prefetched(reflection, "authorships", cached.model, list(cached), using)
    else:
        prefetch_related_objects([reflection], authorships_with_users())


# The kinds of row of _links_sql, in the order they come.
CASE, METHOD, PLACE = range(3)


def _fill_links(reflection: Reflection, using: str) -> None:
    language = reader_language()
    published = Status.PUBLISHED.value
    params: list[Any] = [language, published, reflection.pk, language, published, reflection.pk, reflection.pk]
    with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
        cursor.execute(_links_sql(using), params)
        rows = cursor.fetchall()
    cases: list[Any] = []
    methods: list[Any] = []
    places: list[Place] = []
    for kind, pk, slug, title, original_language, translated in rows:
        if kind == PLACE:
            places.append(raw_rows.instance(Place, (pk, title, slug), 0, using, LINKED_PLACE_FIELDS))
            continue
        model, found = (Case, cases) if kind == CASE else (Method, methods)
        entry = raw_rows.instance(model, (pk, title, slug, original_language), 0, using, LINKED_ENTRY_FIELDS)
        entry.translated_title = translated  # type: ignore[attr-defined]
        entry.reader_language = language  # type: ignore[attr-defined]
        found.append(entry)
    raw_rows.set_prefetched(reflection, "cases", Case, cases, using)
    raw_rows.set_prefetched(reflection, "methods", Method, methods, using)
    raw_rows.set_prefetched(reflection, "places", Place, places, using)


@cache
def _links_sql(using: str) -> str:
    """One row a link: (kind, id, slug, title or name, original language, translated title),
    published cases and methods by title, places by name, then id (the database's collation).
    The place branch's empty columns take their type from the branches before it."""
    qn = connections[using].ops.quote_name
    pk, slug, title, status, language = (qn(name) for name in ("id", "slug", "title", "status", "original_language"))
    branches = []
    for kind, model, name in ((CASE, Case, "cases"), (METHOD, Method, "methods")):
        through = getattr(Reflection, name).through
        translation = translation_model_of(model)
        target = model.__name__.lower()
        branches.append(
            f"SELECT {kind}, e.{pk}, e.{slug}, e.{title}, e.{language}, tr.{title} "  # noqa: S608 - model names
            f"FROM {qn(model._meta.db_table)} e "
            f"INNER JOIN {qn(through._meta.db_table)} l ON l.{qn(column(through, target))} = e.{pk} "
            f"LEFT OUTER JOIN {qn(translation._meta.db_table)} tr "
            f"ON tr.{qn(column(translation, translation.original_field))} = e.{pk} AND tr.{qn('language')} = %s "
            f"WHERE e.{status} = %s AND l.{qn(column(through, 'reflection'))} = %s"
        )
    through = Reflection.places.through
    branches.append(
        f"SELECT {PLACE}, p.{pk}, p.{slug}, p.{qn('name')}, NULL, NULL "  # noqa: S608 - model names
        f"FROM {qn(Place._meta.db_table)} p "
        f"INNER JOIN {qn(through._meta.db_table)} l ON l.{qn(column(through, 'place'))} = p.{pk} "
        f"WHERE l.{qn(column(through, 'reflection'))} = %s"
    )
    return f"{' UNION ALL '.join(branches)} ORDER BY 1, 4, 2"
