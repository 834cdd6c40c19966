"""The reads of a case's page in plain SQL: three statements instead of nine ORM queries.

A cold case page (no fragment cache) spent most of its time in the ORM, not the database:
compiling a query with seven joined relations (some 200 columns; on PostgreSQL its plan alone
took 26 ms, the planner ordering eight relations), three ``Prefetch`` queries and a reflections
query with correlated subqueries, for well under a millisecond of SQL. Here:

- ``case_for_page``: the case's row with its place and its translation into the reader's
  language (and that translation's translator), one statement, the header and the body alike;
- ``fill_case_page``: what the body shows of the case's relations, two statements: every
  vocabulary field (the 22 many-to-many fields and the two single terms) in one, and the
  published methods, listed organisations, published components, the larger case, the lead
  image and the newest published reflections in another.

The instances are what the ORM queries gave (``core.raw_rows``: the same converters), with
the relations in the places the ORM puts them (prefetch caches, ``published_components``,
``published_reflections``), so the templates and ``views/facts.py`` read them unchanged.
Names come from the models' metadata; values are parameters.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connections, router

from translocal.accounts.models import User
from translocal.core import raw_rows
from translocal.core.meta import column
from translocal.core.models import Image
from translocal.core.translations import READER_TRANSLATION, reader_language, translation_model_of
from translocal.places.models import Organisation, Place
from translocal.taxonomy.selectors import fill_terms

from ..models import Case, Method, Reflection, Status
from .cases import CASE_TERM_FIELDS, PAGE_REFLECTIONS

#: What the page reads of the case's place (header, key facts, facts).
PAGE_PLACE_FIELDS: tuple[str, ...] = ("id", "slug", "name", "country")
#: What the translation notice reads of a translator (``User.name``).
TRANSLATOR_FIELDS: tuple[str, ...] = ("id", "username", "first_name", "last_name", "display_name")
#: The single vocabulary fields, loaded with the many-to-many ones.
CASE_SINGLE_TERM_FIELDS: tuple[str, ...] = ("public_spectrum", "recruitment_method")


def case_for_page(*, slug: str, language: str) -> Case | None:
    """The case at ``slug`` (every column) with ``place`` (PAGE_PLACE_FIELDS) and, as
    ``with_translation`` gives it, ``reader_translation``: its translation into ``language``
    (every column, with ``translator``: TRANSLATOR_FIELDS) or None. None when there is no such
    case; whether the reader may see it is the caller's check. One statement."""
    using = router.db_for_read(Case)
    with connections[using].cursor() as cursor:
        cursor.execute(_case_sql(using), [language, slug])
        row = cursor.fetchone()
    if row is None:
        return None
    case = raw_rows.instance(Case, row, 0, using)
    place_at, translation_at, translator_at = _case_offsets()
    case.place = raw_rows.instance(Place, row, place_at, using, PAGE_PLACE_FIELDS) if case.place_id else None
    translation = None
    if row[translation_at] is not None:
        translation = raw_rows.instance(translation_model_of(Case), row, translation_at, using)
        translation.translator = (
            raw_rows.instance(User, row, translator_at, using, TRANSLATOR_FIELDS) if translation.translator_id else None
        )
    setattr(case, READER_TRANSLATION, translation)
    return case


@cache
def _case_offsets() -> tuple[int, int, int]:
    place_at = raw_rows.width(Case)
    translation_at = place_at + raw_rows.width(Place, PAGE_PLACE_FIELDS)
    return place_at, translation_at, translation_at + raw_rows.width(translation_model_of(Case))


@cache
def _case_sql(using: str) -> str:
    qn = connections[using].ops.quote_name
    translation = translation_model_of(Case)
    entry_col, language_col = (qn(column(translation, name)) for name in (translation.original_field, "language"))
    return (
        f"SELECT {raw_rows.columns(Case, 'c', using)}, "  # noqa: S608 - model names
        f"{raw_rows.columns(Place, 'p', using, PAGE_PLACE_FIELDS)}, {raw_rows.columns(translation, 't', using)}, "
        f"{raw_rows.columns(User, 'u', using, TRANSLATOR_FIELDS)} "
        f"FROM {qn(Case._meta.db_table)} c "
        f"LEFT OUTER JOIN {qn(Place._meta.db_table)} p ON p.{qn('id')} = c.{qn(column(Case, 'place'))} "
        f"LEFT OUTER JOIN {qn(translation._meta.db_table)} t ON t.{entry_col} = c.{qn('id')} AND t.{language_col} = %s "
        f"LEFT OUTER JOIN {qn(User._meta.db_table)} u ON u.{qn('id')} = t.{qn(column(translation, 'translator'))} "
        f"WHERE c.{qn('slug')} = %s"
    )


def fill_case_page(case: Case) -> None:
    """Load what the body of ``case``'s page shows of its relations, as
    ``case_detail_queryset`` loaded it: every vocabulary field (``case.general_issues.all()``
    and the like, in the terms' order; ``public_spectrum`` and ``recruitment_method``), the
    published ``methods`` (by title), the listed ``organisations`` (by name, their names in the
    reader's language), ``published_components`` (by title), ``is_component_of`` (id, slug,
    title, status), ``lead_image`` and ``published_reflections`` (the newest PAGE_REFLECTIONS,
    with their titles in the reader's language). Two statements; afterwards reading them costs
    no query."""
    using = case._state.db or router.db_for_read(Case)
    fill_terms(case, CASE_TERM_FIELDS, singles=CASE_SINGLE_TERM_FIELDS, using=using)
    _fill_relations(case, using)


# The kinds of row of _relations_sql, in the order they come.
METHOD, COMPONENT, LARGER_CASE, ORGANISATION, LEAD_IMAGE, REFLECTION = range(6)


def _fill_relations(case: Case, using: str) -> None:
    language = reader_language()
    params: list[Any] = [
        Status.PUBLISHED.value, case.pk,  # methods
        Status.PUBLISHED.value, case.pk,  # components
        case.is_component_of_id,  # the larger case
        language, case.pk,  # organisations
        case.lead_image_id,
        language, Status.PUBLISHED.value, case.pk, PAGE_REFLECTIONS,  # reflections
    ]
    with connections[using].cursor() as cursor:
        cursor.execute(_relations_sql(using), params)
        rows = cursor.fetchall()
    methods, components, organisations, reflections = [], [], [], []
    # A foreign key without a row reads as None (as select_related leaves it); assigning None
    # to one with an id would clear the id, so only these are set here.
    if case.is_component_of_id is None:
        case.is_component_of = None
    if case.lead_image_id is None:
        case.lead_image = None
    for kind, pk, slug, title, text, translated, width, height, published_at in rows:
        if kind == METHOD:
            methods.append(raw_rows.instance(Method, (pk, title, slug), 0, using, ("id", "slug", "title")))
        elif kind == COMPONENT:
            component = raw_rows.instance(Case, (pk, title, slug), 0, using, ("id", "slug", "title"))
            component.is_component_of_id = case.pk
            components.append(component)
        elif kind == LARGER_CASE:
            case.is_component_of = raw_rows.instance(
                Case, (pk, title, slug, text), 0, using, ("id", "slug", "title", "status")
            )
        elif kind == ORGANISATION:
            organisation = raw_rows.instance(
                Organisation, (pk, title, slug, text), 0, using, ("id", "slug", "name", "original_language")
            )
            organisation.translated_name = translated  # type: ignore[attr-defined]
            organisation.reader_language = language  # type: ignore[attr-defined]
            organisations.append(organisation)
        elif kind == LEAD_IMAGE:
            case.lead_image = raw_rows.instance(
                Image, (pk, slug, width, height, text), 0, using, ("id", "name", "width", "height", "alt_text")
            )
        else:
            reflection = raw_rows.instance(
                Reflection, (pk, title, slug, text, published_at), 0, using,
                ("id", "slug", "title", "original_language", "published_at"),
            )
            reflection.translated_title = translated  # type: ignore[attr-defined]
            reflection.reader_language = language  # type: ignore[attr-defined]
            reflections.append(reflection)
    raw_rows.set_prefetched(case, "methods", Method, methods, using)
    raw_rows.set_prefetched(case, "organisations", Organisation, organisations, using)
    case.published_components = components  # type: ignore[attr-defined]
    reflections.sort(key=lambda r: (r.published_at, r.pk), reverse=True)
    case.published_reflections = reflections  # type: ignore[attr-defined]


@cache
def _relations_sql(using: str) -> str:
    """One row a relation: (kind, id, slug or image name, title or name, original language or
    status or alt text, translated title or name, width, height, published_at), methods,
    components and organisations by their title or name then id (the database's collation);
    the reflections' LIMIT within their branch. The empty columns of the first branch and of
    the reflections' derived table are typed: PostgreSQL takes an untyped NULL there for text."""
    qn = connections[using].ops.quote_name
    case, method, image, reflection, organisation = (
        model._meta.db_table for model in (Case, Method, Image, Reflection, Organisation)
    )
    case_methods, organisations_through = Case.methods.through, Case.organisations.through
    reflection_cases = Reflection.cases.through
    reflection_translation, organisation_translation = (translation_model_of(m) for m in (Reflection, Organisation))
    pk, slug, title, status, language = (qn(name) for name in ("id", "slug", "title", "status", "original_language"))
    null_tail = "NULL, NULL, NULL, NULL"
    db = connections[using]
    null_text, null_width, null_height, null_date = (
        f"CAST(NULL AS {field.db_type(db)})"
        for field in (
            Reflection._meta.get_field("title"), Image._meta.get_field("width"), Image._meta.get_field("height"),
            Reflection._meta.get_field("published_at"),
        )
    )
    typed = f"{null_text}, {null_text}, {null_width}, {null_height}, {null_date}"
    branches = [
        f"SELECT {METHOD}, m.{pk}, m.{slug}, m.{title}, {typed} FROM {qn(method)} m "  # noqa: S608
        f"INNER JOIN {qn(case_methods._meta.db_table)} cm ON cm.{qn(column(case_methods, 'method'))} = m.{pk} "
        f"WHERE m.{status} = %s AND cm.{qn(column(case_methods, 'case'))} = %s",
        f"SELECT {COMPONENT}, c.{pk}, c.{slug}, c.{title}, NULL, {null_tail} FROM {qn(case)} c "  # noqa: S608
        f"WHERE c.{status} = %s AND c.{qn(column(Case, 'is_component_of'))} = %s",
        f"SELECT {LARGER_CASE}, c.{pk}, c.{slug}, c.{title}, c.{status}, {null_tail} FROM {qn(case)} c "  # noqa: S608
        f"WHERE c.{pk} = %s",
        f"SELECT {ORGANISATION}, o.{pk}, o.{slug}, o.{qn('name')}, o.{language}, ot.{qn('name')}, NULL, NULL, "  # noqa: S608
        f"NULL FROM {qn(organisation)} o "
        f"INNER JOIN {qn(organisations_through._meta.db_table)} co "
        f"ON co.{qn(column(organisations_through, 'organisation'))} = o.{pk} "
        f"LEFT OUTER JOIN {qn(organisation_translation._meta.db_table)} ot "
        f"ON ot.{qn(column(organisation_translation, 'organisation'))} = o.{pk} AND ot.{qn('language')} = %s "
        f"WHERE o.{qn('is_published')} AND co.{qn(column(organisations_through, 'case'))} = %s",
        f"SELECT {LEAD_IMAGE}, i.{pk}, i.{qn('name')}, NULL, i.{qn('alt_text')}, NULL, i.{qn('width')}, "  # noqa: S608
        f"i.{qn('height')}, NULL FROM {qn(image)} i WHERE i.{pk} = %s",
        f"SELECT * FROM (SELECT {REFLECTION}, r.{pk}, r.{slug}, r.{title}, r.{language}, rt.{title}, "  # noqa: S608
        f"{null_width}, {null_height}, r.{qn('published_at')} FROM {qn(reflection)} r "
        f"INNER JOIN {qn(reflection_cases._meta.db_table)} rc "
        f"ON rc.{qn(column(reflection_cases, 'reflection'))} = r.{pk} "
        f"LEFT OUTER JOIN {qn(reflection_translation._meta.db_table)} rt "
        f"ON rt.{qn(column(reflection_translation, 'entry'))} = r.{pk} AND rt.{qn('language')} = %s "
        f"WHERE r.{status} = %s AND rc.{qn(column(reflection_cases, 'case'))} = %s "
        f"ORDER BY r.{qn('published_at')} DESC, r.{pk} DESC LIMIT %s) rr",
    ]
    return f"{' UNION ALL '.join(branches)} ORDER BY 1, 4, 2"
