"""Indexes for the cold case and home pages. The related-cases ranking (selectors.related_cases)
reads indexes only: the cases sharing a general issue or a method, and each candidate's status
and date (on the bench data, 10,000 cases on SQLite, about 12 ms to 2 ms). The home page's
featured cases are read in index order instead of sorting every published case (42 ms to 0).

Django creates the many-to-many tables itself and has no Meta for their indexes, so those two
are plain SQL (the same statement on SQLite and PostgreSQL), with no model state to change.

A SQLite database that was analysed before (sqlite_stat1 exists) is analysed again for these
tables: its planner would otherwise guess at the new indexes against measured old ones (it took
the featured index for unrelated filters, 23 ms instead of 0)."""

from django.db import migrations, models

THROUGH_INDEXES = (
    ("knowledge_case_general_issues", "term_id", "case_gi_term_case_idx"),
    ("knowledge_case_methods", "method_id", "case_methods_method_case_idx"),
)


def analyse_if_analysed(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return
        for table in ("knowledge_case", *(table for table, _column, _name in THROUGH_INDEXES)):
            cursor.execute(f'ANALYZE "{table}"')


class Migration(migrations.Migration):

    dependencies = [
        ('knowledge', '0011_case_facet_counts'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['id', 'status', 'published_at'], name='case_id_status_pub_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['-featured', 'completeness', '-published_at', '-id'], name='case_featured_idx'),
        ),
        *(
            migrations.RunSQL(
                sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}", "case_id")',
                reverse_sql=f'DROP INDEX "{name}"',
            )
            for table, column, name in THROUGH_INDEXES
        ),
        migrations.RunPython(analyse_if_analysed, migrations.RunPython.noop, elidable=True),
    ]
