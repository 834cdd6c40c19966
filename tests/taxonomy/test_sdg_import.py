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
