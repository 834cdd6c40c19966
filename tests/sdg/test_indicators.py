import pytest
import yaml
from django.core.exceptions import PermissionDenied

from tests.factories import UserFactory
from translocal.sdg.models import Indicator
from translocal.sdg.services import import_indicators

pytestmark = pytest.mark.django_db


def test_every_indicator_of_every_language_round_trips(sdg_terms, shared_data):
    report = import_indicators(path=shared_data / "sdg")
    assert not report.problems
    indicators = {i.code: i for i in Indicator.objects.select_related("target")}
    languages = sorted(p.parent.name for p in (shared_data / "sdg").glob("*/global_indicators.yml"))
    assert {"en", "es", "ca", "fr", "sw"} <= set(languages)
    for language in languages:
        data = yaml.safe_load((shared_data / "sdg" / language / "global_indicators.yml").read_text(encoding="utf-8"))
        for key, text in data.items():
            goal, target, number, _title = key.split("-")
            indicator = indicators[f"{goal}.{target}.{number}"]
            assert indicator.target.slug == f"{goal}.{target}"
            assert indicator.titles[language] == " ".join(text.split())
    assert report.created["indicator"] == len(indicators) >= 240


def test_an_indicator_title_follows_the_reader_language(sdg_terms, shared_data):
    import_indicators(path=shared_data / "sdg")
    indicator = Indicator.objects.get(code="11.3.2")
    assert indicator.title("es") != indicator.title("en")
    assert indicator.title("sv") == indicator.title("en")  # no Swedish in the data: English


def test_importing_again_changes_nothing(sdg_terms, shared_data):
    import_indicators(path=shared_data / "sdg")
    again = import_indicators(path=shared_data / "sdg")
    assert again.created["indicator"] == 0
    assert again.unchanged["indicator"] == again.updated["indicator"] == Indicator.objects.count()


def test_indicators_need_their_targets(db, shared_data):
    report = import_indicators(path=shared_data / "sdg")  # goals only, no targets imported
    assert Indicator.objects.count() == 0
    assert any("target 11.3 is not imported" in p.reason for p in report.problems)


def test_only_staff_import_indicators(sdg_terms, shared_data):
    with pytest.raises(PermissionDenied):
        import_indicators(path=shared_data / "sdg", acting_user=UserFactory())
