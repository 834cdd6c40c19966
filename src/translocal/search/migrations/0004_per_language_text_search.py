"""PostgreSQL: one text search configuration per language an entry can be stemmed in
(``translocal_search_es`` copies ``spanish``, ...; ``translocal_search_simple`` for the rest),
each with unaccent where the extension is available, then every vector rebuilt in its entry's
language (backends/postgresql.py). A language PostgreSQL has no stemmer for (Catalan before
PostgreSQL 15) gets a copy of ``simple``. SQLite: nothing changes (FTS5's tokenizer already
folds diacritics; it has one stemmer, Porter's English, for every language)."""

from django.db import migrations, transaction

BASE = "translocal_search"
#: As backends/postgresql.LANGUAGE_CONFIGS when this migration was written ("en" is 0002's).
LANGUAGE_CONFIGS = {
    "es": "spanish", "ca": "catalan", "sv": "swedish", "fr": "french", "de": "german",
    "it": "italian", "pt": "portuguese", "nl": "dutch",
}


def _configs() -> dict[str, str]:
    return {**{f"{BASE}_{code}": source for code, source in LANGUAGE_CONFIGS.items()}, f"{BASE}_simple": "simple"}


def create_configs(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'unaccent'")
        has_unaccent = cursor.fetchone() is not None
        for name, source in _configs().items():
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
            if cursor.fetchone() is not None:
                continue
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [source])
            if cursor.fetchone() is None:
                source = "simple"
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {source})")
            if has_unaccent:
                dictionary = "simple" if source == "simple" else f"{source}_stem"
                try:
                    with transaction.atomic(using=connection.alias):
                        cursor.execute(
                            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
                            f"hword, hword_part, word WITH unaccent, {dictionary}"
                        )
                except Exception:  # noqa: BLE001, S110 - keep the plain copy
                    pass
    from translocal.search.backends.postgresql import VECTOR_SQL

    # The vectors alone: the title vectors come with 0008 (the backend's rebuild writes both).
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE search_searchentry SET search_vector = {VECTOR_SQL}")  # noqa: S608


def drop_configs(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for name in _configs():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_labels_in_other_languages")]

    operations = [migrations.RunPython(create_configs, drop_configs, elidable=False)]
