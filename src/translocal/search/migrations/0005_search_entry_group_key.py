"""Each search entry names the object it stands for (``group_key``), so an entry and its
translations collapse into one result. Existing rows are filled in batches: an object's own
entry is "<kind>:<id>", a translation's is its entry's ("case:12" for case-translation 7 of
case 12)."""

from django.db import migrations, models
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat

BATCH = 2000
TRANSLATIONS = {
    "case-translation": ("CaseTranslation", "case"),
    "method-translation": ("MethodTranslation", "method"),
    "reflection-translation": ("ReflectionTranslation", "reflection"),
}


def fill_group_keys(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchEntry.objects.exclude(kind__in=list(TRANSLATIONS)).update(
        group_key=Concat(F("kind"), Value(":"), Cast(F("object_id"), CharField()))
    )
    for kind, (model_name, entry_kind) in TRANSLATIONS.items():
        model = apps.get_model("knowledge", model_name)
        rows = list(SearchEntry.objects.filter(kind=kind).values_list("id", "object_id"))
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            entry_of = dict(model.objects.filter(pk__in=[oid for _, oid in batch]).values_list("pk", "entry_id"))
            for row_id, object_id in batch:
                if object_id in entry_of:
                    SearchEntry.objects.filter(pk=row_id).update(group_key=f"{entry_kind}:{entry_of[object_id]}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_per_language_text_search"),
        ("knowledge", "0007_entry_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="group_key",
            field=models.CharField(blank=True, db_index=True, max_length=80),
        ),
        migrations.RunPython(fill_group_keys, migrations.RunPython.noop),
    ]
