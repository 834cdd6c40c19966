"""Two vocabularies for Participedia's case fields "tools_techniques_types" and
"learning_resources": the field's choices, then their terms loaded from
taxonomy/data/vocabularies.json by the same idempotent loader as 0003 (on an existing install
it adds the new terms; on a fresh one 0003 already did and this changes nothing)."""

from django.db import migrations, models


def load(apps, schema_editor):
    from translocal.taxonomy.services import load_vocabularies

    load_vocabularies(term_model=apps.get_model("taxonomy", "Term"))


class Migration(migrations.Migration):

    dependencies = [
        ('taxonomy', '0003_load_vocabularies'),
    ]

    operations = [
        migrations.AlterField(
            model_name='term',
            name='vocabulary',
            field=models.CharField(choices=[('general_issue', 'General issue'), ('specific_topic', 'Specific topic'), ('scope_of_influence', 'Scope of influence'), ('purpose', 'Purpose'), ('approach', 'Approach'), ('public_spectrum', 'Public participation spectrum'), ('recruitment_method', 'Recruitment of participants'), ('targeted_participants', 'Targeted participants'), ('decision_method', 'Decision method'), ('voting_method', 'Voting method'), ('outcome', 'Insights and outcomes'), ('method_type', 'Type of method'), ('tools_techniques_type', 'Type of tool or technique'), ('learning_resource', 'Learning resource'), ('participant_interaction', 'Participant interaction'), ('change_type', 'Type of change'), ('implementer_of_change', 'Implementers of change'), ('organizer_type', 'Type of organiser'), ('funder_type', 'Type of funder'), ('participant_number', 'Number of participants'), ('role', 'Role'), ('language', 'Language'), ('theme', 'Theme'), ('sdg', 'Sustainable Development Goal')], db_index=True, max_length=40),
        ),
        # Reverse is a no-op: the terms may already classify content.
        migrations.RunPython(load, migrations.RunPython.noop, elidable=True),
    ]
