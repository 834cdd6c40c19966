"""An import's report in the reader's language: the per-record problems, the skip reasons,
notes and counts of the summary are translated when the report is written (the command's
``--language``), while what the importers record stays the English msgid (logs, audit)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.knowledge.test_import_bad_records import build, problems
from tests.knowledge.test_import_participedia import _method_row
from translocal.core.import_report import ImportReport, message
from translocal.knowledge.importers.participedia import import_participedia

pytestmark = pytest.mark.django_db


def _report() -> ImportReport:
    report = ImportReport(source="Participedia (data)")
    report.created["case"] = 3
    report.unchanged["case"] = 1
    report.skip("case", "7", "no title or text")
    report.locate("method", "99601", message("row %(n)s", n=4))
    report.fail("method", "99601", message("duplicate id %(id)s (also at row %(first)s)", id="99601", first=2))
    report.note("end date before start date, end date dropped", "12")
    report.info.append(message("cases without a place: %(n)s", n=5))
    return report


def test_the_summary_is_written_in_spanish():
    report = _report()
    with translation.override("es"):
        summary = report.summary()
    assert "Importación desde Participedia (data) terminada en 0.0 s." in summary
    assert "caso: creados 3, actualizados 0 (sin cambios: 1), omitidos 1" in summary
    assert "omitidos    1  sin título ni texto" in summary
    assert "nota: fecha de fin anterior a la de inicio, fecha de fin descartada: 1 (12)" in summary
    assert "casos sin lugar: 5" in summary
    assert "registros no válidos (1):" in summary
    assert "fila 4 (método 99601): id duplicado 99601 (también en la fila 2)" in summary
    assert "created" not in summary and "skipped" not in summary and "duplicate" not in summary


def test_the_english_summary_and_the_stored_reasons_are_unchanged():
    report = _report()
    with translation.override("en"):
        summary = report.summary()
    assert "case: 3 created, 0 updated (1 unchanged), 1 skipped" in summary
    assert "row 4 (method 99601): duplicate id 99601 (also at row 2)" in summary
    # What the importers record is English whatever the reader's language (audit, logs).
    with translation.override("es"):
        assert str(report.problems[0].reason) == "duplicate id 99601 (also at row 2)"
        assert report.audit_details()["invalid"] == 1


def test_a_real_import_reports_each_bad_record_in_spanish(tmp_path):
    methods = [_method_row(id="99601", title="First", body="Text one."),
               _method_row(id="99601", title="First again", body="Text two.")]
    cases = [{"id": "9801", "country": "Kenya", "number_of_participants": "many"}]
    report = import_participedia(path=build(tmp_path / "p", cases=cases, methods=methods), index=False)
    with translation.override("es"):
        listed = problems(report)
        summary = report.summary()
    assert "fila 3 (método 99601): id duplicado 99601 (también en la fila 2)" in listed
    assert any(line.startswith("cases-2018-structured.json registro 1 (caso 9801): ") for line in listed), listed
    assert "método: creados 1, actualizados 0, omitidos 1" in summary


def test_the_import_command_writes_its_report_in_the_language_asked_for(tmp_path):
    methods = [_method_row(id="99601", title="First", body="Text one.")]
    path = build(tmp_path / "p", cases=[], methods=methods)
    out = StringIO()
    call_command("import", "participedia", str(path), "--no-index", "--language", "ca", stdout=out)
    assert "mètode: creats 1, actualitzats 0, omesos 0" in out.getvalue()
    out = StringIO()
    call_command("import", "participedia", str(path), "--no-index", "--language", "sv", stdout=out)
    assert "metod: skapade 0, uppdaterade 1 (oförändrade: 1), överhoppade 0" in out.getvalue()
    with pytest.raises(CommandError, match="Falta .*PATH debe ser el directorio de datos de Participedia"):
        call_command("import", "participedia", str(tmp_path / "nowhere"), "--language", "es")
