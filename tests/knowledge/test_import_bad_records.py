"""The importer never dies on one bad record (issue 9 §4): each is reported as "row/record N
(kind id): reason" while the rest imports, and a file that cannot be read is refused before
anything is written. Data files are built in tmp_path (a few real rows are read from
../shared/data where the realism matters)."""

import csv
import json
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.knowledge.test_import_participedia import METHOD_HEADER, _method_row, write_fixture
from translocal.knowledge.importers.participedia import import_participedia
from translocal.knowledge.models import Case, Method

pytestmark = pytest.mark.django_db

BODY = "<p>Residents met every week for a year to decide together how the new market would work.</p>"


def _case(case_id: str, **values: object) -> dict:
    return {"id": case_id, "country": "Kenya", "city": "Kisumu", "issues": ["health"], **values}


def _text(title: str) -> dict:
    return {"title": title, "htmlbody": BODY}


def build(directory: Path, *, cases: list, texts: dict | None = None, methods: list | None = None) -> Path:
    texts = texts if texts is not None else {
        str(c["id"]): _text(f"Case {c['id']}") for c in cases if isinstance(c, dict) and "id" in c
    }
    return write_fixture(directory, structured=cases, texts=texts, methods=methods or [])


def problems(report) -> list[str]:  # noqa: ANN001
    return [str(problem) for problem in report.problems]


# --- Files that cannot be read as they are -----------------------------------------------------


def _cp1252_methods(directory: Path, shared_data: Path) -> None:
    """methods-export.csv as a Windows user would save it: 30 real rows that Windows-1252 can
    hold, plus a row titled "Débat citoyen à Montréal", written in Windows-1252."""
    with (shared_data / "participedia" / "methods-export.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    kept = []
    for row in body:
        try:
            ",".join(row).encode("cp1252")
        except UnicodeEncodeError:
            continue
        kept.append(row)
        if len(kept) == 30:
            break
    debat = dict.fromkeys(header, "")
    debat.update(id="99700", type="method", title="Débat citoyen à Montréal", post_date="2015-03-01",
                 description="Un débat public où les citoyens délibèrent à Montréal.", body="Les élus écoutent.")
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerows([header, *kept, [debat[name] for name in header]])
    (directory / "methods-export.csv").write_bytes(buffer.getvalue().encode("cp1252"))


def test_a_windows_1252_csv_is_detected_and_imported(tmp_path, shared_data):
    directory = build(tmp_path / "p", cases=[])
    _cp1252_methods(directory, shared_data)
    report = import_participedia(path=directory, index=False)
    assert Method.objects.get(source_id="99700").title == "Débat citoyen à Montréal"
    assert report.created["method"] == 31 and not report.problems
    assert any(line.startswith("methods-export.csv is not UTF-8: read as cp1252") for line in report.info)


def test_a_file_in_no_detectable_encoding_is_refused_before_anything_is_written(tmp_path):
    directory = build(tmp_path / "p", cases=[_case("9801")])
    (directory / "methods-export.csv").write_bytes(b"id,title\n1," + bytes(range(128, 256)))
    cases_before, methods_before = Case.objects.count(), Method.objects.count()
    with pytest.raises(ValidationError) as raised:
        import_participedia(path=directory, index=False)
    assert "methods-export.csv is not UTF-8 and its encoding could not be detected" in str(raised.value)
    assert (Case.objects.count(), Method.objects.count()) == (cases_before, methods_before)
    with pytest.raises(CommandError, match="methods-export.csv is not UTF-8"):
        call_command("import", "participedia", str(directory), stdout=StringIO())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000, "cannot be read as JSON: RecursionError"),
        (b"[" + b"1" * 5000 + b"]", "cannot be read as JSON: ValueError"),
        (b"\xff\xfe\x00[", "is not"),
        (b'{"a": 1', "is not valid JSON"),
    ],
)
def test_an_unreadable_json_file_is_refused_naming_it(tmp_path, content, message):
    directory = build(tmp_path / "p", cases=[])
    (directory / "cases-2018-structured.json").write_bytes(content)
    with pytest.raises(ValidationError, match="cases-2018-structured.json") as raised:
        import_participedia(path=directory, index=False)
    assert message in str(raised.value)


# --- One bad record among good ones --------------------------------------------------------------


def test_an_out_of_range_participant_count_is_reported_and_the_rest_imports(tmp_path):
    directory = build(tmp_path / "p", cases=[_case("9801", number_of_participants=10**30), _case("9802")])
    report = import_participedia(path=directory, index=False)
    assert problems(report) == [
        "cases-2018-structured.json record 1 (case 9801): number_of_participants "
        "1000000000000000000000000000000 is out of range (0 to 2147483647)"
    ]
    assert list(Case.objects.filter(source_id__in=["9801", "9802"]).values_list("source_id", flat=True)) == ["9802"]


def test_a_repeated_method_id_is_named_with_the_row_it_repeats(tmp_path):
    methods = [_method_row(id="99601", title="First", body="Text one."),
               _method_row(id="99602", title="Second", body="Text two."),
               _method_row(id="99601", title="First again", body="Text three.")]
    report = import_participedia(path=build(tmp_path / "p", cases=[], methods=methods), index=False)
    assert problems(report) == ["row 4 (method 99601): duplicate id 99601 (also at row 2)"]
    assert "UNIQUE" not in report.summary() and "duplicate id 99601 (also at row 2)" in report.summary()
    assert Method.objects.get(source_id="99601").title == "First"
    assert Method.objects.filter(source_id="99602").exists()


def test_a_repeated_case_id_is_named_with_the_record_it_repeats(tmp_path):
    directory = build(tmp_path / "p", cases=[_case("9801"), _case("9802"), _case("9801", city="Nairobi")])
    report = import_participedia(path=directory, index=False)
    assert problems(report) == ["cases-2018-structured.json record 3 (case 9801): duplicate id 9801 (also at record 1)"]
    assert Case.objects.select_related("place").get(source_id="9801").place.name == "Kisumu"


def test_link_urls_must_be_http_or_https(tmp_path):
    links = ["https://example.org/report", "javascript:alert(1)", "ftp://example.org/x", "http://",
             "https://exa mple.org/", {"url": "http://example.org/ok", "title": "OK"}, {"url": ["x"]}, 42]
    directory = build(tmp_path / "p", cases=[_case("9801", links=links, evaluation_links="https://example.org/eval")])
    report = import_participedia(path=directory, index=False)
    case = Case.objects.get(source_id="9801")
    assert [link["url"] for link in case.links] == ["https://example.org/report", "http://example.org/ok"]
    assert [link["url"] for link in case.evaluation_links] == ["https://example.org/eval"]
    assert report.notes["links: link that is not an http(s) URL left out"] == ["9801"]


def test_text_fields_are_bounded_the_same_on_every_database(tmp_path):
    directory = build(
        tmp_path / "p",
        cases=[_case("9801", location_name="L" * 1000, funder="F" * 1000, original_language="x" * 50)],
        texts={"9801": {"title": "T" * 5000, "htmlbody": BODY}},
    )
    report = import_participedia(path=directory, index=False)
    case = Case.objects.get(source_id="9801")
    assert (len(case.location_name), len(case.funder), len(case.title), len(case.original_language)) == (
        250, 300, 300, 12,
    )
    assert report.notes["location_name longer than 250 characters, cut"] == ["9801"]


def test_nul_characters_and_lone_surrogates_never_reach_the_database(tmp_path):
    directory = tmp_path / "p"
    build(directory, cases=[_case("9801", funder="City\u0000 council")], methods=[
        _method_row(id="99601", title="Jury\u0000", body="Text.")])
    texts = '{"9801": {"title": "Caf\\ud800 forum", "htmlbody": "<p>Residents met every week for a year.</p>"}}'
    (directory / "case-texts-2016.json").write_text(texts)
    report = import_participedia(path=directory, index=False)
    assert not report.problems
    case = Case.objects.get(source_id="9801")
    assert (case.title, case.funder) == ("Caf? forum", "City council")
    assert Method.objects.get(source_id="99601").title == "Jury"


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"start_date": "2019-02-30"}, "start_date '2019-02-30' is not a date"),
        ({"post_date": "0001-01-01T00:00:00+05:00"}, "published_at"),
        ({"latitude": 10**400}, "coordinate out of range"),
        ({"latitude": "NaN"}, "out of range"),
        ({"public_spectrum": {"nested": ["value"]}}, "expected one public_spectrum value, got dict"),
        ({"issues": {"a": 1}}, "expected a list of general_issue values"),
        ({"number_of_participants": -5}, "is negative"),
        ({"number_of_participants": 2.5}, "is not a number"),
        ({"id": "9" * 61}, "id longer than 60 characters"),
    ],
)
def test_each_kind_of_bad_value_is_reported_by_record(tmp_path, values, reason):
    cases = [_case("9801", **values), _case("9802")]
    texts = {str(cases[0]["id"]): _text("Bad one"), "9802": _text("Good one")}
    report = import_participedia(path=build(tmp_path / "p", cases=cases, texts=texts), index=False)
    assert len(report.problems) >= 1 and any(reason in str(problem) for problem in report.problems), problems(report)
    assert str(report.problems[0]).startswith("cases-2018-structured.json record 1 "), problems(report)
    assert Case.objects.filter(source_id="9802").exists()


# --- Property: mutated records never stop the run ----------------------------------------------------

_scalars = (
    st.none() | st.booleans() | st.integers() | st.integers(min_value=2**31, max_value=2**200)
    | st.floats() | st.text(max_size=400) | st.sampled_from(["", "0001-01-01T00:00:00+14:00", "9999-12-31",
                                                           "javascript:alert(1)", "\x00", "0° 0' 0\" N"])
)
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=10), inner, max_size=3), max_leaves=8)
_case_keys = st.sampled_from([
    "id", "number_of_participants", "start_date", "end_date", "post_date", "links", "videos", "evaluation_links",
    "latitude", "longitude", "city", "country", "province", "issues", "public_spectrum", "facilitators",
    "facilitator_training", "time_limited", "legality", "is_component_of", "original_language", "funder",
    "location_name", "address1", "open_limited", "ongoing",
])
_method_keys = st.sampled_from(METHOD_HEADER)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    case_mutations=st.lists(st.tuples(st.integers(0, 2), _case_keys, _values), max_size=4),
    method_mutations=st.lists(st.tuples(st.integers(0, 1), _method_keys, st.text(max_size=300)), max_size=3),
    text_title=_values,
)
def test_mutated_records_are_reported_one_by_one_and_never_stop_the_run(case_mutations, method_mutations,
                                                                           text_title):
    cases = [_case("9801"), _case("9802", number_of_participants=12), _case("9803", links=["https://example.org"])]
    for index, key, value in case_mutations:
        cases[index][key] = value
    methods = [dict(zip(METHOD_HEADER, _method_row(id=f"9960{n}", title=f"Method {n}", body="Text."), strict=True))
               for n in range(2)]
    for index, key, value in method_mutations:
        methods[index][key] = value
    texts = {"9801": {"title": text_title, "htmlbody": BODY}, "9802": _text("Two"), "9803": _text("Three")}
    with tempfile.TemporaryDirectory() as tmp:
        directory = build(Path(tmp), cases=cases, texts=texts,
                          methods=[[row[name] for name in METHOD_HEADER] for row in methods])
        report = import_participedia(path=directory, index=False)  # must not raise
    for problem in report.problems:
        assert problem.reason, problem
        assert problem.where or problem.item_id.startswith(("row ", "cases-2018")), str(problem)
    accounted = report.created["case"] + report.updated["case"] + report.skipped_total("case")
    assert accounted >= 3 - sum(1 for _, key, _ in case_mutations if key == "id")
    json.dumps([str(problem) for problem in report.problems])  # the report is printable text
