# The case facet counts' triggers keep a total of the published cases too (facet_counts.TOTAL):
# the case list's total and the home page's figure, without counting the cases.

from django.db import migrations

from translocal.knowledge import facet_counts


def recreate_triggers(apps, schema_editor):
    facet_counts.recreate_triggers(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('knowledge', '0014_reflection_series_posts_index'),
    ]

    operations = [
        migrations.RunPython(recreate_triggers, recreate_triggers),
    ]
