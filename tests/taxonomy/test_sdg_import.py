from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from translocal.taxonomy.importers.sdg import import_sdg
from translocal.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db


def test_sdg_import_adds_targets_under_their_goals(shared_data):
    report = import_sdg(path=shared_data / "sdg")
    target = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11.3")
    assert report.created["target"] == 169
    assert report.updated["goal"] == 17 and report.created["goal"] == 0
    assert target.parent.slug == "11"
    assert target.label.startswith("11.3 By 2030, enhance inclusive and sustainable urbanization")
    assert Term.objects.get(vocabulary=Vocabulary.SDG, slug="11").description.startswith("Make cities")
    assert not report.problems


def test_sdg_targets_keep_the_official_order(shared_data):
    import_sdg(path=shared_data / "sdg" / "en")
    slugs = list(
        Term.objects.filter(vocabulary=Vocabulary.SDG, parent__slug="1").order_by("position")
        .values_list("slug", flat=True)
    )
    assert slugs == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b"]


def test_sdg_import_twice_creates_nothing_new(shared_data):
    import_sdg(path=shared_data / "sdg")
    count = Term.objects.count()
    report = import_sdg(path=shared_data / "sdg")
    assert sum(report.created.values()) == 0
    assert Term.objects.count() == count


def test_import_sdg_command_prints_a_summary(shared_data):
    out = StringIO()
    call_command("import", "sdg", str(shared_data / "sdg"), stdout=out)
    assert "target: 169 created" in out.getvalue()


def test_import_sdg_command_explains_a_wrong_path(tmp_path):
    with pytest.raises(CommandError, match="global_goals.yml is missing"):
        call_command("import", "sdg", str(tmp_path))


def _write_sdg(directory, goals: str, targets: str):  # noqa: ANN001, ANN202
    english = directory / "en"
    english.mkdir(parents=True)
    (english / "global_goals.yml").write_text(goals, encoding="utf-8")
    (english / "global_targets.yml").write_text(targets, encoding="utf-8")
    return directory


def test_bad_sdg_records_are_reported_by_number_and_the_rest_imports(tmp_path):
    path = _write_sdg(
        tmp_path,
        goals="11-short: Sustainable cities\n11-title: Make cities inclusive\n12-short: [not, text]\n"
              "goal-99: Unknown\n",
        targets="11-1-title: Adequate housing for all\n11-2-title: {a: mapping}\n11-3-title: ''\n"
                "40-1-title: A target of a goal that is not there\n11-x-y: odd key\n11-4-title: Protect heritage\n",
    )
    report = import_sdg(path=path)
    reasons = [str(problem) for problem in report.problems]
    assert any(r.startswith("global_goals.yml record 3 (goal 12-short): ") and "list" in r for r in reasons)
    assert any(r.startswith("global_goals.yml record 4 (goal goal-99): unrecognised key") for r in reasons)
    assert any(r.startswith("global_targets.yml record 2 (target 11-2-title): ") and "dict" in r for r in reasons)
    assert any(r.startswith("global_targets.yml record 3 (target 11-3-title): the text is empty") for r in reasons)
    assert any(r.startswith("global_targets.yml record 4 (target 40-1-title): goal 40") for r in reasons)
    assert any(r.startswith("global_targets.yml record 5 (target 11-x-y): unrecognised key") for r in reasons)
    assert len(reasons) == 6
    # The good records are imported.
    assert Term.objects.get(vocabulary=Vocabulary.SDG, slug="11.1").parent.slug == "11"
    assert Term.objects.filter(vocabulary=Vocabulary.SDG, slug="11.4").exists()
    assert not Term.objects.filter(vocabulary=Vocabulary.SDG, slug__in=["11.2", "11.3", "40.1"]).exists()
    assert "invalid records (6)" in report.summary()


def test_an_sdg_import_run_writes_one_audit_row_and_moves_the_version_once(shared_data):
    from translocal.audit.models import AuditEntry
    from translocal.core.caching import content_version

    before = content_version()
    import_sdg(path=shared_data / "sdg")
    assert content_version() == before + 1
    [row] = AuditEntry.objects.filter(action="import")
    assert row.acting_user is None and row.reason == str(shared_data / "sdg")
    assert row.details["source"] == "sdg" and row.details["created"] == {"goal": 0, "target": 169}
    assert row.details["invalid"] == 0



def test_sdg_goals_and_targets_carry_their_official_titles_in_every_language_of_the_data(shared_data):
    from django.utils import translation

    import_sdg(path=shared_data / "sdg")
    goal = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11")
    target = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11.3")
    assert set(target.labels) == {"es", "ca", "fr", "sw"} == set(target.descriptions)
    assert goal.labels["es"] == "11. Ciudades y comunidades sostenibles"
    assert target.descriptions["es"].startswith("De aquí a 2030, aumentar la urbanización inclusiva")
    with translation.override("ca"):
        assert goal.display_label == "11. Ciutats i Comunitats Sostenibles"
    with translation.override("sv"):  # no Swedish in the data: the vocabulary file's name is kept
        assert goal.display_label == "11. Hållbara städer och samhällen"
    with translation.override("sv"):  # nor for the targets: the English text
        assert target.display_label == target.label


def test_an_sdg_translation_that_is_not_a_text_is_reported_and_the_rest_imports(tmp_path):
    for language, goal_text, target_text in (("en", "No poverty", "End extreme poverty"),
                                             ("es", "Fin de la Pobreza", "[1, 2]")):
        directory = tmp_path / language
        directory.mkdir()
        (directory / "global_goals.yml").write_text(f"1-short: {goal_text}\n1-title: Goal one\n", encoding="utf-8")
        (directory / "global_targets.yml").write_text(f"1-1-title: {target_text}\n", encoding="utf-8")
    report = import_sdg(path=tmp_path)
    assert [(p.kind, p.item_id) for p in report.problems] == [("translation", "es/1-1-title")]
    assert Term.objects.get(vocabulary=Vocabulary.SDG, slug="1").labels["es"] == "1. Fin de la Pobreza"
    assert Term.objects.get(vocabulary=Vocabulary.SDG, slug="1.1").labels == {}
