# ruff: noqa: S608 - every name in this SQL comes from the models' metadata; there are no values from outside.
"""The case list's unfiltered facet counts, kept by database triggers (knowledge.CaseFacetCount).

A count moves in the transaction of the write that moves it, whatever makes the write: a
service, the admin, an importer, ``bulk_create``, a term or place merge, raw SQL. The triggers
(SQLite and PostgreSQL, created by migration knowledge 0011, the total added by 0015) are:

- on ``knowledge_case``: insert or delete of a published case adds or removes itself (the total
  of published cases, ``TOTAL``), its country, its original language and its rows in the four
  facet link tables; an update that changes its status
  to or from published does the same, and one that moves a published case to another place or
  language moves its country or language count;
- on each facet link table (general issues, scope of influence, decision methods, methods): a row
  inserted, deleted or updated for a published case moves that term's or method's count;
- on ``places_place``: a changed country moves the count of the place's published cases.

Only published cases are ever counted (a draft or unpublished case moves nothing), so the counts
show nothing a visitor may not see. What is joined when reading (slugs, labels in every language,
whether a method is published) needs no trigger.

Races on PostgreSQL: each count moves by one ``INSERT … ON CONFLICT DO UPDATE SET n = n + d``
(row-locked, so concurrent writers add up), and a trigger that reads another row to decide what
to count first takes a share lock on it (the case for a link row, the place for a case), so the
write that changes that row waits for it, or it waits for that write and then reads the new
value. SQLite runs one writer at a time. Each trigger does a few indexed statements: no
grouping of the cases in the write transaction.

SQLite drops a table's triggers when a migration rebuilds that table (Django's SQLite schema editor
copies the table for most alterations): such a migration must end with ``recreate_triggers``;
``test_every_trigger_is_installed_after_the_migrations`` fails until it does.
"""

from collections.abc import Sequence

from django.db import connection, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from translocal.core.meta import column
from translocal.places.models import Place

from .models import Case, CaseFacetCount, Status

#: (facet name in the case list, link table model, its column naming the term or method).
LINKS: tuple[tuple[str, str], ...] = (
    ("issue", "general_issues"),
    ("scope", "scope_of_influence"),
    ("decision", "decision_methods"),
    ("method", "methods"),
)
#: The row (facet, ref 0, value '') counting every published case: the case list's total and
#: the home page's figure, without counting the cases.
TOTAL = "published"
#: The facets read from the count table (all the case list's facets), and the total.
FACETS: tuple[str, ...] = ("issue", "scope", "decision", "method", "country", "language", TOTAL)
PREFIX = "case_facet_count"


def _names() -> dict[str, str]:
    qn = connection.ops.quote_name
    case, place = Case._meta, Place._meta
    return {
        "counts": qn(CaseFacetCount._meta.db_table),
        "case": qn(case.db_table),
        "case_id": qn(case.pk.column),
        "status": qn(column(Case, "status")),
        "place_id": qn(column(Case, "place")),
        "language": qn(column(Case, "original_language")),
        "place": qn(place.db_table),
        "place_pk": qn(place.pk.column),
        "country": qn(column(Place, "country")),
        "published": f"'{Status.PUBLISHED.value}'",
    }


def _links() -> list[tuple[str, str, str, str]]:
    """(facet, quoted link table, quoted case column, quoted target column) per link table."""
    qn = connection.ops.quote_name
    rows = []
    for facet, field_name in LINKS:
        through = getattr(Case, field_name).through
        target = "method" if field_name == "methods" else "term"
        rows.append(
            (
                facet,
                qn(through._meta.db_table),
                qn(column(through, "case")),
                qn(column(through, target)),
            )
        )
    return rows


def _bump(n: dict[str, str], select: str) -> str:
    """Add the (facet, ref, value, delta) rows of ``select`` (which has a WHERE: SQLite's upsert
    after a SELECT needs one) to the counts."""
    return (
        f"INSERT INTO {n['counts']} (facet, ref, value, n) {select} "
        f"ON CONFLICT (facet, ref, value) DO UPDATE SET n = {n['counts']}.n + excluded.n;"
    )


def _case_statements(n: dict[str, str], row: str, sign: str, *, columns: dict[str, str], links: str) -> list[str]:
    """What one case (``row``: NEW or OLD) adds (``sign`` '+1') or removes ('-1'): itself to the
    total, its country and language when the conditions in ``columns`` hold, its link rows when
    ``links`` holds."""
    statements = [
        _bump(n, f"SELECT '{TOTAL}', 0, '', {sign} WHERE {columns[TOTAL]}"),
        _bump(
            n,
            f"SELECT 'country', 0, p.{n['country']}, {sign} FROM {n['place']} p "
            f"WHERE p.{n['place_pk']} = {row}.{n['place_id']} AND p.{n['country']} <> '' AND {columns['country']}",
        ),
        _bump(
            n,
            f"SELECT 'language', 0, {row}.{n['language']}, {sign} "
            f"WHERE {row}.{n['language']} <> '' AND {columns['language']}",
        ),
    ]
    for facet, table, case_col, target_col in _links():
        statements.append(
            _bump(
                n,
                f"SELECT '{facet}', l.{target_col}, '', {sign} FROM {table} l "
                f"WHERE l.{case_col} = {row}.{n['case_id']} AND {links}",
            )
        )
    return statements


def _triggers() -> list[tuple[str, str, str, str, list[str], list[str]]]:
    """(name, timing event, table, condition, share locks for PostgreSQL, statements) per trigger."""
    n = _names()
    pub = n["published"]
    new_pub, old_pub = f"NEW.{n['status']} = {pub}", f"OLD.{n['status']} = {pub}"
    place_lock = f"SELECT 1 FROM {n['place']} WHERE {n['place_pk']} = {{row}}.{n['place_id']} FOR SHARE"
    always = {"country": "1 = 1", "language": "1 = 1", TOTAL: "1 = 1"}
    status_moved = f"OLD.{n['status']} IS DISTINCT FROM NEW.{n['status']}"
    place_moved = f"OLD.{n['place_id']} IS DISTINCT FROM NEW.{n['place_id']}"
    language_moved = f"OLD.{n['language']} IS DISTINCT FROM NEW.{n['language']}"
    triggers = [
        (
            f"{PREFIX}_case_insert", "AFTER INSERT", n["case"], new_pub,
            [place_lock.format(row="NEW")],
            _case_statements(n, "NEW", "1", columns=always, links="1 = 1"),
        ),
        (
            f"{PREFIX}_case_delete", "AFTER DELETE", n["case"], old_pub,
            [place_lock.format(row="OLD")],
            _case_statements(n, "OLD", "-1", columns=always, links="1 = 1"),
        ),
        (
            f"{PREFIX}_case_update",
            f"AFTER UPDATE OF {n['status']}, {n['place_id']}, {n['language']}",
            n["case"],
            f"({status_moved} OR {place_moved} OR {language_moved}) AND ({old_pub} OR {new_pub})",
            [place_lock.format(row="OLD"), place_lock.format(row="NEW")],
            [
                *_case_statements(
                    n, "OLD", "-1",
                    columns={
                        "country": f"{old_pub} AND ({status_moved} OR {place_moved})",
                        "language": f"{old_pub} AND ({status_moved} OR {language_moved})",
                        TOTAL: f"{old_pub} AND {status_moved}",
                    },
                    links=f"{old_pub} AND NEW.{n['status']} <> {pub}",
                ),
                *_case_statements(
                    n, "NEW", "1",
                    columns={
                        "country": f"{new_pub} AND ({status_moved} OR {place_moved})",
                        "language": f"{new_pub} AND ({status_moved} OR {language_moved})",
                        TOTAL: f"{new_pub} AND {status_moved}",
                    },
                    links=f"{new_pub} AND OLD.{n['status']} <> {pub}",
                ),
            ],
        ),
    ]
    for facet, table, case_col, target_col in _links():
        def link(row: str, sign: str, facet: str = facet, case_col: str = case_col, target_col: str = target_col) -> str:  # noqa: E501
            return _bump(
                n,
                f"SELECT '{facet}', {row}.{target_col}, '', {sign} FROM {n['case']} c "
                f"WHERE c.{n['case_id']} = {row}.{case_col} AND c.{n['status']} = {pub}",
            )

        case_lock = f"SELECT 1 FROM {n['case']} WHERE {n['case_id']} = {{row}}.{case_col} FOR SHARE"
        triggers += [
            (f"{PREFIX}_{facet}_insert", "AFTER INSERT", table, "", [case_lock.format(row="NEW")], [link("NEW", "1")]),
            (f"{PREFIX}_{facet}_delete", "AFTER DELETE", table, "", [case_lock.format(row="OLD")], [link("OLD", "-1")]),
            (
                f"{PREFIX}_{facet}_update", "AFTER UPDATE", table,
                f"OLD.{case_col} IS DISTINCT FROM NEW.{case_col} OR OLD.{target_col} IS DISTINCT FROM NEW.{target_col}",
                [case_lock.format(row="OLD"), case_lock.format(row="NEW")],
                [link("OLD", "-1"), link("NEW", "1")],
            ),
        ]
    by_place = (
        f"FROM {n['case']} c WHERE c.{n['place_id']} = {{row}}.{n['place_pk']} AND c.{n['status']} = {pub} "
        f"AND {{row}}.{n['country']} <> '' GROUP BY c.{n['place_id']}"
    )
    triggers.append(
        (
            f"{PREFIX}_place_country", f"AFTER UPDATE OF {n['country']}", n["place"],
            f"OLD.{n['country']} IS DISTINCT FROM NEW.{n['country']}",
            [],
            [
                _bump(n, f"SELECT 'country', 0, OLD.{n['country']}, -COUNT(*) " + by_place.format(row="OLD")),
                _bump(n, f"SELECT 'country', 0, NEW.{n['country']}, COUNT(*) " + by_place.format(row="NEW")),
            ],
        )
    )
    return triggers


def create_triggers(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Create the triggers (a migration's forward step), on SQLite or PostgreSQL."""
    vendor = schema_editor.connection.vendor
    for name, event, table, condition, locks, statements in _triggers():
        if vendor == "sqlite":
            # SQLite spells IS DISTINCT FROM as IS NOT (3.39 knows both; IS NOT is older).
            when = f" WHEN {condition.replace('IS DISTINCT FROM', 'IS NOT')}" if condition else ""
            body = "\n".join(s.replace("IS DISTINCT FROM", "IS NOT") for s in statements)
            schema_editor.execute(f"CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW{when}\nBEGIN\n{body}\nEND")
        elif vendor == "postgresql":
            lines = [f"PERFORM {lock.removeprefix('SELECT ')};" for lock in locks] + statements
            schema_editor.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                + "\n".join(lines)
                + "\nRETURN NULL;\nEND\n$$"
            )
            when = f" WHEN ({condition})" if condition else ""
            schema_editor.execute(
                f"CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW{when} EXECUTE FUNCTION {name}()"
            )
        else:  # pragma: no cover - the project runs on these two
            raise NotImplementedError(vendor)


def drop_triggers(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Drop the triggers (a migration's backward step)."""
    vendor = schema_editor.connection.vendor
    for name, _event, table, *_rest in _triggers():
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def trigger_names() -> list[str]:
    """The names of the triggers this module creates."""
    return [name for name, *_rest in _triggers()]


def installed_triggers() -> set[str]:
    """The names of this module's triggers present in the database. SQLite drops a table's
    triggers when a migration rebuilds the table (Django's SQLite schema editor copies it into a
    new one for most alterations): such a migration must end with ``recreate_triggers``; the test
    that every trigger is installed after the migrations says so."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{PREFIX}%"])
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s", [f"{PREFIX}%"]
            )
        return {row[0] for row in cursor.fetchall()}


def recreate_triggers(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Drop, create and rebuild: for a later migration that rebuilds one of the watched tables
    (``migrations.RunPython(lambda apps, editor: recreate_triggers(editor), migrations.RunPython.noop)``)."""
    drop_triggers(schema_editor)
    create_triggers(schema_editor)
    rebuild()


def grouped_sql() -> str:
    """One statement giving (facet, ref, value, n) for every facet value of the published cases:
    what the triggers keep, computed from scratch (the rebuild, and the tests' reference)."""
    n = _names()
    pub = n["published"]
    parts = [
        f"SELECT '{facet}' AS facet, l.{target_col} AS ref, '' AS value, COUNT(*) AS n FROM {table} l "
        f"INNER JOIN {n['case']} c ON c.{n['case_id']} = l.{case_col} WHERE c.{n['status']} = {pub} "
        f"GROUP BY l.{target_col}"
        for facet, table, case_col, target_col in _links()
    ]
    parts.append(
        f"SELECT 'country', 0, p.{n['country']}, COUNT(*) FROM {n['case']} c INNER JOIN {n['place']} p "
        f"ON p.{n['place_pk']} = c.{n['place_id']} WHERE c.{n['status']} = {pub} AND p.{n['country']} <> '' "
        f"GROUP BY p.{n['country']}"
    )
    parts.append(
        f"SELECT 'language', 0, c.{n['language']}, COUNT(*) FROM {n['case']} c "
        f"WHERE c.{n['status']} = {pub} AND c.{n['language']} <> '' GROUP BY c.{n['language']}"
    )
    parts.append(
        # grouped by the one status, so no row when there is no published case (HAVING without
        # GROUP BY needs SQLite 3.39; Django 5.2 supports 3.31)
        f"SELECT '{TOTAL}', 0, '', COUNT(*) FROM {n['case']} c WHERE c.{n['status']} = {pub} GROUP BY c.{n['status']}"
    )
    return " UNION ALL ".join(parts)


def rebuild() -> int:
    """Recompute every count from the cases (``manage.py rebuild_case_facet_counts``, and the
    migration that creates the table); returns the number of rows written. On PostgreSQL the
    count table is locked first (SHARE ROW EXCLUSIVE: writers whose triggers move a count wait),
    and the grouping reads what is committed once the lock is held, so a write either is in the
    rebuilt counts or moves them after it."""
    n = _names()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {n['counts']} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {n['counts']}")
        cursor.execute(f"INSERT INTO {n['counts']} (facet, ref, value, n) {grouped_sql()}")
        return cursor.rowcount


def stored_counts(facets: Sequence[str] = FACETS) -> list[tuple[str, int, str, int]]:
    """(facet, ref, value, n) rows of the count table with n > 0, for comparing with
    ``grouped_sql`` (tests, the rebuild command's check)."""
    return sorted(
        CaseFacetCount.objects.filter(facet__in=facets, n__gt=0).values_list("facet", "ref", "value", "n")
    )


def grouped_counts() -> list[tuple[str, int, str, int]]:
    """The same rows computed from the cases."""
    with connection.cursor() as cursor:
        cursor.execute(grouped_sql())
        return sorted((str(f), int(r), str(v), int(c)) for f, r, v, c in cursor.fetchall())


__all__ = [
    "FACETS", "TOTAL", "create_triggers", "drop_triggers", "grouped_counts", "installed_triggers", "rebuild",
    "recreate_triggers", "stored_counts", "trigger_names",
]
