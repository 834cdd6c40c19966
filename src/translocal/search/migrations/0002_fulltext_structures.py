"""The vendor-specific full-text structures beside SearchEntry. Only the structure for the
database in use is created (chosen by connection.vendor); the model state does not change, so
`makemigrations --check` stays clean on both databases."""

from django.db import migrations, transaction

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, summary, body, keywords, content='search_searchentry', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
PG_CONFIG = "translocal_search"


def create_fulltext(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
        schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [PG_CONFIG])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = english)")
                # Accent-insensitive matching where the unaccent extension can be had; plain
                # English stemming otherwise (same queries, "Malmo" just won't find "Malmö").
                cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
                if cursor.fetchone() is not None:
                    try:
                        with transaction.atomic(using=connection.alias):
                            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
                            cursor.execute(
                                f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} ALTER MAPPING FOR "
                                "hword, hword_part, word WITH unaccent, english_stem"
                            )
                    except Exception:  # noqa: BLE001, S110 - no privilege: keep the plain config
                        pass
            cursor.execute("ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON search_searchentry "
                "USING GIN (search_vector)"
            )


def drop_fulltext(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_vector_gin")
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index")]

    operations = [migrations.RunPython(create_fulltext, drop_fulltext, elidable=False)]
