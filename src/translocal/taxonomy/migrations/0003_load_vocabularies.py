"""Load the controlled vocabularies shipped in taxonomy/data/vocabularies.json, so a fresh
install has every term. Re-running it (or `translocal load_vocabularies`) is idempotent."""

from django.db import migrations


def load(apps, schema_editor):
    from translocal.taxonomy.services import load_vocabularies

    load_vocabularies(term_model=apps.get_model("taxonomy", "Term"))


class Migration(migrations.Migration):

    dependencies = [
        ("taxonomy", "0002_term_aliases"),
    ]

    operations = [
        # Reverse is a no-op: terms may already classify content, and removing the table
        # (0001 reversed) removes them anyway.
        migrations.RunPython(load, migrations.RunPython.noop, elidable=True),
    ]
