"""The Participedia import, on the real data set (imported once for this module) and on small
hand-written fixtures for the edge cases."""

import csv
import json
import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.commit_hooks import rolled_back_transaction
from tests.factories import PlaceFactory, UserFactory
from translocal.core.markup import html_to_text
from translocal.knowledge.importers.participedia import ATTRIBUTION, LICENCE, import_participedia
from translocal.knowledge.importers.support import parse_coordinate, text_to_html
from translocal.knowledge.models import Case, Completeness, Method, Mode, Status
from translocal.places.models import Organisation
from translocal.taxonomy.models import Term, Vocabulary

REAL_CASES = 562  # 1,340 ids in the two files, less 486 skipped and 292 organisation profiles
REAL_METHODS = 373
REAL_ORGANISATIONS = 285  # organisation profiles among the 2016 case texts (2 more have no text)
REAL_MERGED = {"organisation": 5, "place": 13}  # same organisation twice; one place spelled two ways
REAL_WITHOUT_PLACE = 95  # of 562 cases, after reading the place the text states (471 of 911 before)
REAL_SKIPS = {
    "no title or text": 324, "page of a method (imported from the methods export)": 83,
    "site page of the old Participedia web site": 51, "stub body": 20, "empty body": 8,
}


@pytest.fixture(scope="module")
def real_import(django_db_setup, django_db_blocker, shared_data):
    """Import the real data once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        with rolled_back_transaction():
            report = import_participedia(path=shared_data / "participedia", index=False)
            yield report


# --- The real data set ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_real_data_imports_every_case_with_text_and_every_method(real_import):
    assert real_import.created["case"] == REAL_CASES
    assert real_import.created["method"] == REAL_METHODS
    assert Case.objects.filter(source_name="participedia").count() == REAL_CASES
    assert Method.objects.filter(source_name="participedia").count() == REAL_METHODS
    assert real_import.created["place"] > 250
    assert not real_import.problems


@pytest.mark.django_db
def test_real_data_summary_counts_organisations_site_pages_duplicates_and_unplaced_cases(real_import):
    assert real_import.created["organisation"] == REAL_ORGANISATIONS
    assert Organisation.objects.filter(source_name="participedia").count() == REAL_ORGANISATIONS
    assert dict(real_import.merged) == REAL_MERGED
    assert Case.objects.filter(source_name="participedia", place__isnull=True).count() == REAL_WITHOUT_PLACE
    summary = real_import.summary()
    assert f"organisation: {REAL_ORGANISATIONS} created" in summary
    assert "skipped   51  site page of the old Participedia web site" in summary
    assert "duplicates merged into an existing entry: 18 (organisation: 5, place: 13)" in summary
    assert f"cases without a place: {REAL_WITHOUT_PLACE}" in summary


@pytest.mark.django_db
def test_real_organisation_profiles_and_site_pages_are_not_cases(real_import):
    # The issue's examples: /cases/pbpartners/, /cases/team/, /cases/download-case-data-codebook/.
    assert not Case.objects.filter(title__in=["PBPartners", "Team", "Download Case Data Codebook"]).exists()
    pb = Organisation.objects.get(source_name="participedia", name="PBPartners")
    assert pb.source_url == "https://participedia.net/organization/1070"
    assert "community empowerment" in pb.description
    assert Organisation.objects.get(name="City of Toronto").kind == Organisation.Kind.PUBLIC


@pytest.mark.django_db
def test_real_bodies_carry_no_leftovers_of_the_old_pages(real_import):
    cases = Case.objects.filter(source_name="participedia")
    assert not cases.filter(body_html__contains="protected]").exists()
    assert not cases.filter(body_html__contains="/cdn-cgi/").exists()
    assert not cases.filter(body_html__contains="&lt;p&gt;").exists()
    assert not cases.filter(body_html__contains="<u>").exists()
    # Links to imported entries point here: the German translation of case 1 (node 1250).
    german = Case.objects.get(source_name="participedia", source_id="1250")
    british_columbia = Case.objects.get(source_name="participedia", source_id="1")
    assert f'href="{german.get_absolute_url()}"' in british_columbia.body_html


@pytest.mark.django_db
def test_real_summaries_are_not_repeated_as_the_first_paragraph(real_import):
    repeated = 0
    for summary, body_html in Case.objects.filter(source_name="participedia").order_by("pk").values_list(
        "summary", "body_html"
    )[:300]:
        first = re.search(r"<p>(.*?)</p>", body_html, re.S)
        if first and summary and html_to_text(first[1])[:60] == summary[:60]:
            repeated += 1
    assert repeated <= 2  # 253 of the first 300 before; the two left are bodies that are only a link


@pytest.mark.django_db
def test_real_data_skips_are_grouped_by_reason(real_import):
    assert dict(real_import.skipped["case"]) == REAL_SKIPS
    summary = real_import.summary()
    assert "skipped  324  no title or text" in summary
    assert f"case: {REAL_CASES} created, 0 updated, {sum(REAL_SKIPS.values())} skipped" in summary


@pytest.mark.django_db
def test_real_data_maps_every_value_to_a_known_term(real_import):
    assert sum(real_import.new_terms.values()) == 0


@pytest.mark.django_db
def test_british_columbia_citizens_assembly_is_mapped_faithfully(real_import):
    case = Case.objects.select_related("place").get(source_name="participedia", source_id="1")
    assert case.title == "British Columbia Citizens' Assembly on Electoral Reform"
    assert (case.place.name, case.place.country, case.place.kind) == ("British Columbia", "CA", "region")
    assert case.place.latitude is None  # the data says 0° 0' 0", i.e. unknown
    assert [t.slug for t in case.general_issues.all()] == ["governance"]
    assert [t.slug for t in case.themes.all()] == ["democracy-governance"]
    assert [t.slug for t in case.scope_of_influence.all()] == ["regional"]
    assert [t.slug for t in case.decision_methods.all()] == ["voting"]
    assert [t.slug for t in case.voting_methods.all()] == ["plurality"]
    assert "policy-recommendations" in {t.slug for t in case.outcomes.all()}
    assert case.number_of_participants == 160
    assert (str(case.start_date), str(case.end_date), case.ongoing) == ("2004-01-11", "2005-05-17", False)
    assert (case.mode, case.facilitated) == (Mode.BOTH, True)
    assert case.completeness == Completeness.COMPLETE
    assert case.summary.startswith("The Citizens' Assembly on Electoral Reform was a body created")
    assert case.status == Status.PUBLISHED and case.published_at.year == 2009
    assert case.source_url == "https://participedia.net/case/1"
    assert (case.licence, case.attribution) == (LICENCE, ATTRIBUTION)
    assert "Citizens’ Assembly" in {m.title for m in case.methods.all()}


@pytest.mark.django_db
def test_every_imported_item_keeps_source_licence_and_attribution(real_import):
    for model in (Case, Method):
        items = model.objects.filter(source_name="participedia")
        assert not items.exclude(source_url__startswith="https://participedia.net/").exists()
        assert not items.exclude(licence=LICENCE).exists()
        assert not items.exclude(attribution=ATTRIBUTION).exists()
        assert not items.filter(published_at__isnull=True).exists()


class UnsafeMarkup(HTMLParser):
    """Collects what a sanitiser must have removed: script/style elements, event handler and
    style attributes, javascript: links. (Text that merely reads "style=" is harmless.)"""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"script", "style", "iframe", "object"}:
            self.found.append(tag)
        for name, value in attrs:
            javascript = (value or "").strip().lower().startswith("javascript:")
            if name.startswith("on") or name == "style" or javascript:
                self.found.append(f"{tag}[{name}]")


def unsafe_markup(html: str) -> list[str]:
    parser = UnsafeMarkup()
    parser.feed(html)
    return parser.found


@pytest.mark.django_db
def test_imported_html_is_sanitised(real_import):
    for model in (Case, Method):
        for body, body_html in model.objects.values_list("body", "body_html"):
            assert body == body_html
            assert unsafe_markup(body_html) == []


@pytest.mark.django_db
def test_methods_are_mapped_from_the_csv_export(real_import):
    method = Method.objects.get(source_name="participedia", source_id="145")
    assert method.title == "21st Century Town Meeting®"
    assert method.source_url == "https://participedia.net/method/145"
    assert method.body_html.startswith("<h2>Problems and Purpose</h2>")
    assert method.public_spectrum.slug == "consult"
    assert method.method_types.exists()
    assert method.summary.startswith("21st Century Town Meetings® are public forums")


@pytest.mark.django_db
def test_slugs_are_unique_across_duplicate_titles(real_import):
    slugs = list(Case.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert Case.objects.filter(title="Oregon Citizens Initiative Review 2010 Measure 74").count() == 2


@pytest.mark.django_db
def test_second_run_creates_nothing_and_reports_updates(real_import, shared_data):
    case = Case.objects.get(source_name="participedia", source_id="1")
    Case.objects.filter(pk=case.pk).update(title="Edited locally", featured=True)
    report = import_participedia(path=shared_data / "participedia", index=False)
    case.refresh_from_db()
    assert sum(report.created.values()) == 0
    assert report.updated["case"] == REAL_CASES and report.updated["method"] == REAL_METHODS
    assert report.unchanged["case"] == REAL_CASES - 1
    assert report.unchanged["organisation"] == REAL_ORGANISATIONS and report.merged["place"] == REAL_MERGED["place"]
    assert report.unchanged["method"] == REAL_METHODS
    assert Case.objects.filter(source_name="participedia").count() == REAL_CASES
    assert case.title == "British Columbia Citizens' Assembly on Electoral Reform"
    assert case.featured  # fields the import does not own survive
    assert case.slug == "british-columbia-citizens-assembly-on-electoral-reform"


# --- Small fixtures for the edge cases ----------------------------------------------------------

METHOD_HEADER = [
    "id", "type", "title", "url", "description", "post_date", "original_language", "facilitators",
    "facetoface_online_or_both", "public_spectrum", "open_limited", "recruitment_method",
    "level_polarization", "level_complexity", "method_types_1", "method_types_2", "purpose_method_1",
    "number_of_participants_1", "body",
]


def _method_row(**values: str) -> list[str]:
    row = dict.fromkeys(METHOD_HEADER, "")
    row.update({"type": "method", "post_date": "2015-03-01", "original_language": "en", **values})
    return [row[name] for name in METHOD_HEADER]


def write_fixture(directory: Path, *, structured: list, texts: dict, methods: list[list[str]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "cases-2018-structured.json").write_text(json.dumps(structured))
    (directory / "case-texts-2016.json").write_text(json.dumps(texts))
    buffer = StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["id", *METHOD_HEADER[1:]])
    writer.writerows(methods)
    # Like Participedia's export: a BOM, then a quoted "id" header.
    (directory / "methods-export.csv").write_text("\ufeff" + buffer.getvalue().replace("id,", '"id",', 1))
    return directory


@pytest.fixture
def small_set(tmp_path) -> Path:
    """Ids start with 99 so they never meet the real data imported for this module."""
    good = {
        "id": "9910", "issues": ["planning_development", "urban_gardening"],
        "scope_of_influence": ["city/town"],
        "decision_methods": ["general_agreement/consensus"], "if_voting": [], "city": "Kisumu",
        "province": "", "country": "Kenya", "latitude": "0° 5' 30\" S", "longitude": "34° 45' 0\" E",
        "start_date": "2019-05-01T00:00:00", "end_date": "2019-04-01T00:00:00",
        "post_date": "2019-06-01T10:00:00",
        "number_of_participants": 40, "facetoface_online_or_both": "facetoface", "facilitators": True,
        "links": ["https://example.org/report"], "original_language": "en",
    }
    structured = [
        good,
        {"id": "9911", "start_date": "yesterday", "country": "Kenya"},
        "not an object",
        {"id": "9912", "number_of_participants": "lots"},
        {"id": "9999", "issues": ["health"]},  # structured only: no title
    ]
    texts = {
        "9910": {"title": "Kisumu lakeside forum", "htmlbody": (
            "<h1>Forum</h1><p style='color:red' onclick='steal()'>Residents of Kisumu met by the lake to "
            "plan the new market together with the county and traders.</p><script>alert(1)</script>"
            "<p>Participatory budgeting was discussed. Participatory Budgeting again.</p>"
        )},
        "9911": {"title": "Broken dates", "htmlbody": "<p>Some text about a case with a bad date.</p>"},
        "9912": {"title": "Broken count", "htmlbody": "<p>Some text about a case with a bad count.</p>"},
        "9913": {"title": "A stub", "htmlbody": "<p>Stub</p>"},
        "9914": {"title": "Only headings", "htmlbody": "<h3>Problems and Purpose</h3><p>\u00a0</p>"},
        "9915": {"title": "Page not found", "htmlbody": "<p>The page you requested was not found.</p>"},
        "9916": {"title": "Text only case", "htmlbody": "<p>A case known only from its text.</p>"},
    }
    methods = [
        _method_row(id="99500", title="Participatory Budgeting", url="https://participedia.net/method/500",
                    description="Residents decide how to spend part of a public budget.",
                    public_spectrum="empower", method_types_1="public", method_types_2=" deliberative",
                    purpose_method_1="make", number_of_participants_1="large", facilitators="1",
                    level_polarization="polarized", body=" Problems and Purpose \n People decide."),
        _method_row(id="99501", title="Bad date method", post_date="31/02/2015", body="Text."),
    ]
    return write_fixture(tmp_path / "participedia", structured=structured, texts=texts, methods=methods)


@pytest.mark.django_db
def test_malformed_records_are_reported_and_the_rest_imports(small_set):
    report = import_participedia(path=small_set)
    problems = {(p.kind, p.item_id): p.reason for p in report.problems}
    assert "start_date 'yesterday' is not a date" in problems[("case", "9911")]
    assert "number_of_participants 'lots' is not a number" in problems[("case", "9912")]
    assert ("case", "cases-2018-structured.json item #3") in problems
    assert "post_date" in problems[("method", "99501")]
    small_ids = [f"99{n}" for n in range(10, 17)] + ["9999"]
    imported = Case.objects.filter(source_id__in=small_ids).values_list("source_id", flat=True)
    assert set(imported) == {"9910", "9916"}
    assert not Method.objects.filter(source_id="99501").exists()
    assert Method.objects.filter(source_id="99500").exists()
    assert "invalid records (4)" in report.summary()


@pytest.mark.django_db
def test_shells_and_stubs_are_skipped_with_their_reason(small_set):
    report = import_participedia(path=small_set)
    assert report.skipped["case"]["stub body"] == 1
    assert report.skipped["case"]["empty body"] == 1
    assert report.skipped["case"]["page not found shell"] == 1
    assert report.skipped["case"]["no title or text"] == 1


@pytest.mark.django_db
def test_small_set_case_is_mapped_and_sanitised(small_set):
    report = import_participedia(path=small_set)
    case = Case.objects.select_related("place").get(source_id="9910")
    assert (case.place.name, case.place.country) == ("Kisumu", "KE")
    assert case.place.latitude == pytest.approx(-0.091667) and case.place.longitude == pytest.approx(34.75)
    assert case.end_date is None and str(case.start_date) == "2019-05-01"
    assert report.notes["end date before start date, end date dropped"] == ["9910"]
    # The lead paragraph is the summary, said once (not again as the body's first paragraph).
    assert case.summary == (
        "Residents of Kisumu met by the lake to plan the new market together with the county and traders."
    )
    assert case.body_html.startswith("<h2>Forum</h2><p>Participatory budgeting was discussed.")
    assert unsafe_markup(case.body_html) == []
    assert "alert" not in case.body_html and "steal" not in case.body_html
    assert case.links == [{"url": "https://example.org/report", "title": ""}]
    assert [m.source_id for m in case.methods.all()] == ["99500"]
    assert {t.slug for t in case.decision_methods.all()} == {"consensus"}


@pytest.mark.django_db
def test_unknown_vocabulary_values_become_new_terms_not_free_text(small_set):
    report = import_participedia(path=small_set)
    term = Term.objects.get(vocabulary=Vocabulary.GENERAL_ISSUE, slug="urban-gardening")
    assert term.label == "Urban gardening"
    assert report.new_terms == {Vocabulary.GENERAL_ISSUE: 1}
    assert "new terms added to vocabularies: 1" in report.summary()
    assert set(Case.objects.get(source_id="9910").general_issues.values_list("slug", flat=True)) == {
        "planning-development", "urban-gardening",
    }


@pytest.mark.django_db
def test_text_only_case_is_imported_without_structure(small_set):
    import_participedia(path=small_set)
    case = Case.objects.get(source_id="9916")
    assert case.place is None and case.completeness == Completeness.STUB
    assert case.published_at.year == 2016


@pytest.mark.django_db
def test_method_csv_columns_are_mapped(small_set):
    import_participedia(path=small_set)
    method = Method.objects.get(source_id="99500")
    assert {t.slug for t in method.method_types.all()} == {"public-budgeting", "deliberative"}
    assert [t.slug for t in method.purposes.all()] == ["public-decisions"]
    assert [t.slug for t in method.participant_numbers.all()] == ["large"]
    assert method.public_spectrum.slug == "empower"
    assert (method.facilitated, method.level_polarization) == (True, "high")
    assert method.body_html == "<h2>Problems and Purpose</h2>\n<p>People decide.</p>"


@pytest.mark.django_db
def test_import_command_prints_the_summary(small_set):
    out = StringIO()
    call_command("import", "participedia", str(small_set), stdout=out)
    assert "case: 2 created, 0 updated, 7 skipped" in out.getvalue()
    call_command("import", "participedia", str(small_set), stdout=out)
    assert "case: 0 created, 2 updated (2 unchanged)" in out.getvalue()
    assert Case.objects.filter(source_id__in=["9910", "9916"]).count() == 2


@pytest.mark.django_db
def test_import_command_explains_a_wrong_path(tmp_path):
    with pytest.raises(CommandError, match="cases-2018-structured.json is missing"):
        call_command("import", "participedia", str(tmp_path))


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        ("64° 8' 7.2168\" N", 90, 64.135338),
        ("33° 28' 8.832\" S", 90, -33.469120),
        ("0° 5' 30\" W", 180, -0.091667),
        ("0° 0' 0\" N", 90, None),
        ("", 90, None),
        (51.5, 90, 51.5),
    ],
)
def test_coordinates_are_read_from_degrees_minutes_seconds(value, limit, expected):
    assert parse_coordinate(value, limit) == (pytest.approx(expected) if expected is not None else None)


def test_unreadable_coordinates_are_errors():
    with pytest.raises(ValueError, match="out of range"):
        parse_coordinate("95° 0' 0\" N", 90)
    with pytest.raises(ValueError, match="unreadable"):
        parse_coordinate("north-ish", 90)


def test_exported_method_text_becomes_sections_and_paragraphs():
    html = text_to_html(
        " Problems and Purpose  Why.[1]  Origins and DevelopmentStarted &amp; grew .\nMore.", [
            "Problems and Purpose", "Origins and Development",
        ]
    )
    assert html == (
        "<h2>Problems and Purpose</h2>\n<p>Why.[1]</p>\n<h2>Origins and Development</h2>\n"
        "<p>Started &amp; grew.</p>\n<p>More.</p>"
    )


# --- Fields added for a Participedia-grade schema -------------------------------------------------

# What the 2018 export holds for the fields added later, among the cases that are imported (the
# raw file has 57 staff and 29 volunteer answers, most on records without text). It leaves
# legality, facilitator training, time limits, learning resources, tools and types of methods,
# evaluation links and is_component_of empty for every case.
REAL_STAFF = {True: 22, False: 1}
REAL_VOLUNTEERS = {True: 12, False: 0}
REAL_ADDRESSES = 32


@pytest.mark.django_db
def test_real_data_maps_staff_volunteers_and_addresses(real_import):
    cases = Case.objects.filter(source_name="participedia")
    assert {v: cases.filter(staff=v).count() for v in (True, False)} == REAL_STAFF
    assert {v: cases.filter(volunteers=v).count() for v in (True, False)} == REAL_VOLUNTEERS
    assert cases.exclude(address="").count() == REAL_ADDRESSES
    for name in ("legality", "facilitator_training", "time_limited"):
        assert not cases.exclude(**{name: ""}).exists(), name
    for name in ("method_types", "tools_techniques_types", "learning_resources"):
        assert not cases.filter(**{f"{name}__isnull": False}).exists(), name
    assert not cases.exclude(evaluation_links=[]).exists()
    assert not cases.filter(is_component_of__isnull=False).exists()


def _case_text(title: str) -> dict:
    return {"title": title, "htmlbody": f"<p>{title}: a participatory process described in enough words.</p>"}


@pytest.fixture
def component_set(tmp_path) -> Path:
    """Ids start with 98 so they never meet the real data imported for this module."""
    structured = [
        {
            "id": "9820", "legality": "yes", "staff": "yes", "volunteers": False, "time_limited": "a",
            "facilitators": True, "facilitator_training": ["professional"],
            "learning_resources": ["expert", "podcasts"],
            "tools_techniques_types": ["manage", "facilitate_decisionmaking"],
            "method_types": ["deliberative"],
            "evaluation_links": ["https://example.org/eval", "not a link"],
            "address1": "1 Main Street", "address2": "", "postal_code": "12345",
        },
        {
            "id": "9821", "is_component_of": "9820", "time_limited": "sometimes", "facilitators": False,
            "facilitator_training": "trained",
        },
        {"id": "9822", "is_component_of": {"id": 9820, "title": "Programme"}, "time_limited": "repeated"},
        {"id": "9823", "is_component_of": "9823"},
        {"id": "9824", "is_component_of": "9825"},
        {"id": "9825", "is_component_of": "9824"},
        {"id": "9826", "is_component_of": "123456"},
    ]
    texts = {item["id"]: _case_text(f"Case {item['id']}") for item in structured}
    return write_fixture(tmp_path / "participedia", structured=structured, texts=texts, methods=[])


@pytest.mark.django_db
def test_new_case_fields_are_mapped(component_set):
    report = import_participedia(path=component_set)
    case = Case.objects.get(source_id="9820")
    assert (case.legality, case.staff, case.volunteers, case.time_limited) == ("yes", True, False, "single")
    assert case.facilitator_training == "professional"
    assert {t.slug for t in case.learning_resources.all()} == {"expert", "podcasts"}
    assert {t.slug for t in case.tools_techniques_types.all()} == {"manage", "facilitate-decision-making"}
    assert [t.slug for t in case.method_types.all()] == ["deliberative"]
    assert case.evaluation_links == [{"url": "https://example.org/eval", "title": "Evaluation report"}]
    assert case.address == "1 Main Street, 12345"
    assert report.new_terms == {Vocabulary.LEARNING_RESOURCE: 1}  # "podcasts" became a term
    assert Case.objects.get(source_id="9822").time_limited == "repeated"


@pytest.mark.django_db
def test_unknown_or_contradictory_choices_are_dropped_with_a_note(component_set):
    report = import_participedia(path=component_set)
    case = Case.objects.get(source_id="9821")
    assert (case.time_limited, case.facilitated, case.facilitator_training) == ("", False, "")
    assert report.notes["unknown time_limited value dropped"] == ["9821"]
    assert report.notes["facilitator training given for a case without facilitators, training dropped"] == [
        "9821"
    ]


@pytest.mark.django_db
def test_components_are_linked_once_every_case_is_saved(component_set):
    report = import_participedia(path=component_set)
    parent = Case.objects.get(source_id="9820")
    assert {c.source_id for c in parent.components.all()} == {"9821", "9822"}
    assert Case.objects.get(source_id="9823").is_component_of is None
    assert Case.objects.get(source_id="9826").is_component_of is None
    loop = Case.objects.filter(source_id__in=["9824", "9825"], is_component_of__isnull=False)
    assert loop.count() == 1
    assert report.notes["case named as a component of itself, link left out"] == ["9823"]
    assert report.notes["is_component_of names a case that was not imported, link left out"] == ["9826"]
    assert len(report.notes["is_component_of links form a loop, link left out"]) == 1
    assert "cases linked to the larger case they are part of: 3" in report.summary()


@pytest.mark.django_db
def test_reimport_keeps_components_and_links_made_here(component_set):
    import_participedia(path=component_set)
    parent = Case.objects.get(source_id="9820")
    Case.objects.filter(source_id="9826").update(is_component_of=parent)  # an editor's link
    report = import_participedia(path=component_set)
    assert sum(report.created.values()) == 0
    assert report.unchanged["case"] == 7
    assert {c.source_id for c in parent.components.all()} == {"9821", "9822", "9826"}
    assert Term.objects.filter(vocabulary=Vocabulary.LEARNING_RESOURCE, slug="podcasts").count() == 1


# --- Writes through the owning apps' services, and the audit row of a run -------------------------


@pytest.mark.django_db
def test_places_an_import_creates_are_searchable(small_set):
    from translocal.places.models import Place
    from translocal.search.models import SearchEntry

    import_participedia(path=small_set, index=False)  # places are indexed by the places service anyway
    place = Place.objects.get(name="Kisumu", country="KE")
    entry = SearchEntry.objects.get(kind="place", object_id=place.pk)
    assert entry.title == "Kisumu" and entry.is_public


@pytest.mark.django_db
def test_terms_an_import_creates_are_searchable_as_facets(small_set):
    from translocal.search.models import SearchFacet

    import_participedia(path=small_set)
    case = Case.objects.get(source_id="9910")
    labels = set(
        SearchFacet.objects.filter(entry__kind="case", entry__object_id=case.pk, name="general_issue")
        .values_list("label", flat=True)
    )
    assert "Urban gardening" in labels  # the term this import added


@pytest.mark.django_db
def test_an_import_run_writes_one_audit_row_with_its_counts(small_set):
    from translocal.audit.models import AuditEntry

    staff = UserFactory(username="importer", display_name="Import Operator", is_staff=True)
    call_command("import", "participedia", str(small_set), "--user", "importer", stdout=StringIO())
    [row] = AuditEntry.objects.filter(action="import", reason=str(small_set))  # the real data set has its own
    assert (row.acting_user, row.reason, row.target_id) == (staff, str(small_set), "")
    assert row.details["source"] == "participedia"
    assert row.details["created"] == {"method": 1, "case": 2, "place": 1}
    assert row.details["invalid"] == 4 and row.details["new_terms"] == 1


@pytest.mark.django_db
def test_an_existing_place_is_found_and_given_the_coordinates_it_lacked(small_set):
    from translocal.places.models import Place

    kisumu = PlaceFactory(name="Kisumu", country="KE", latitude=None, longitude=None, slug="kisumu")
    report = import_participedia(path=small_set)
    assert Place.objects.filter(name__iexact="kisumu").count() == 1
    kisumu.refresh_from_db()
    assert kisumu.latitude == pytest.approx(-0.091667)
    assert report.created["place"] == 0
