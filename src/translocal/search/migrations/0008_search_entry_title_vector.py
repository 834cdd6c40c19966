"""PostgreSQL: ``title_vector``, each entry's title alone in its language's configuration
(backends/postgresql.TITLE_VECTOR_SQL), kept in step with ``search_vector`` by the backend. The
ranking's first key, how many query terms a title holds, reads it instead of parsing every
match's title again. Like ``search_vector``, it is not in the model's state. SQLite: nothing."""

from django.db import migrations


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from translocal.search.backends.postgresql import TITLE_VECTOR_SQL

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS title_vector tsvector")
        cursor.execute(f"UPDATE search_searchentry SET title_vector = {TITLE_VECTOR_SQL}")  # noqa: S608


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_search_term_query_function")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
