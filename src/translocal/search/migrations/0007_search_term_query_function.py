"""PostgreSQL: ``translocal_search_term(configs, term)``, one query term read in every text
search configuration, each distinct reading once (backends/postgresql.PostgreSQLBackend.
match_ids_sql). IMMUTABLE, so the planner evaluates it once, at planning, and estimates the
match's rows from the constant it returns. SQLite: nothing."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION translocal_search_term(configs regconfig[], term text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    config regconfig;
    part tsquery;
    seen text[] := '{}';
    result tsquery := '';
BEGIN
    -- The OR of plainto_tsquery(config, term) over configs, in their order, without the
    -- readings already taken (an empty reading, a stop word, is the empty query: '' || q = q).
    FOREACH config IN ARRAY configs LOOP
        part := plainto_tsquery(config, term);
        IF part::text <> '' AND NOT part::text = ANY (seen) THEN
            seen := seen || part::text;
            result := result || part;
        END IF;
    END LOOP;
    RETURN result;
END
$$
"""
DROP = "DROP FUNCTION IF EXISTS translocal_search_term(regconfig[], text)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_search_entry_labelled_date")]

    operations = [migrations.RunPython(create, drop)]
