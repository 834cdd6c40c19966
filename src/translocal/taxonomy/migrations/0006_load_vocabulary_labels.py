"""Load the Spanish, Catalan and Swedish labels that taxonomy/data/vocabularies.json now gives
every term, with the same idempotent loader as 0003 (an editor's other languages are kept)."""

from django.db import migrations


def load(apps, schema_editor):
    from translocal.taxonomy.services import load_vocabularies

    load_vocabularies(term_model=apps.get_model("taxonomy", "Term"))


class Migration(migrations.Migration):

    dependencies = [
        ("taxonomy", "0005_term_labels_and_descriptions_in_other_languages"),
    ]

    operations = [
        # Reverse is a no-op: the labels field goes with 0005 reversed.
        migrations.RunPython(load, migrations.RunPython.noop, elidable=True),
    ]
