"""What the old Participedia web pages left in the data, on small hand-written sets: organisation
profiles and site pages among the case texts, duplicate places and methods, Cloudflare's e-mail
links, escaped tags, underlining, links to the old site, a summary repeating the body, and
cases whose place only their text states. The real data set's counts are pinned in
test_import_participedia.py."""

from pathlib import Path

import pytest

from tests.factories import CaseFactory, HubFactory, MethodFactory, PlaceFactory
from tests.knowledge.test_import_participedia import _method_row, write_fixture
from translocal.knowledge.importers.participedia import import_participedia
from translocal.knowledge.importers.participedia_locations import Gazetteer, location_from_text
from translocal.knowledge.importers.participedia_pages import (
    EntryKind,
    OldLinks,
    classify_text_entry,
    decode_cfemail,
    lead_and_body,
    old_site_slugs,
    remove_protected_emails,
    tidy_old_markup,
)
from translocal.knowledge.importers.support import clean_place_name, place_match_name
from translocal.knowledge.models import Case, Method
from translocal.places.models import Organisation, Place

LONG = "This sentence has enough words in it to count as a real paragraph of a case text. "


def _cfemail(text: str, key: int = 0x42) -> str:
    return f"{key:02x}" + "".join(f"{ord(char) ^ key:02x}" for char in text)


# --- Classification -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "kind"),
    [
        ("PBPartners", "<h3>Mission and Purpose</h3><p>PB Partners are dedicated to community empowerment.</p>",
         EntryKind.ORGANISATION),
        ("Team", "<p>The initial vision for Participedia was developed by Archon Fung.</p>", EntryKind.SITE_PAGE),
        ("Download Case Data Codebook", "<p>The development of Participedia as resource...</p>", EntryKind.SITE_PAGE),
        ("Who are the best speakers on participatory budgeting?", "<p>Who would you recommend?</p>",
         EntryKind.SITE_PAGE),
        ("Kettering Foundation", "<p>Kettering works on what it takes to make democracy work.</p>",
         EntryKind.ORGANISATION),
        ("Open North", "<p>Open North is a non-profit organization that builds civic websites.</p>",
         EntryKind.ORGANISATION),
        ("Harrow Open Budget", "<p>The Harrow Open Budget was part of the Power Inquiry.</p>", EntryKind.CASE),
        ("Center for Voter Deliberation", "<h2>Problems and Purpose</h2><p>A case.</p><h2>Mission</h2>",
         EntryKind.CASE),
    ],
)
def test_text_entries_are_classified_by_their_template_title_and_opening(title, body, kind):
    assert classify_text_entry(title, body, has_structured_record=False)[0] is kind


def test_an_entry_with_a_structured_record_is_always_a_case():
    kind, _reason = classify_text_entry("Team", "<h2>Mission and Purpose</h2>", has_structured_record=True)
    assert kind is EntryKind.CASE


# --- Leftovers of the old pages -------------------------------------------------------------------


def test_cloudflare_email_links_are_removed_and_the_sentence_kept_tidy():
    hidden = _cfemail("gareth.young@example.org")
    body = (
        f'<p>Please contact Gareth Young <a href="/cdn-cgi/l/email-protection#{hidden}">'
        f'<span class="__cf_email__" data-cfemail="{hidden}">[email\u00a0protected]</span>'
        '<script data-cfhash="f9e31" type="text/javascript">/* decode */</script></a>.</p>'
    )
    cleaned = remove_protected_emails(body)
    assert cleaned == "<p>Please contact Gareth Young.</p>"


def test_cloudflare_mangled_text_that_is_no_address_is_restored():
    hidden = _cfemail("Partecip@ttivo")
    body = (
        f'<p>the process <a href="/cdn-cgi/l/email-protection#{hidden}"><span data-cfemail="{hidden}">x</span></a></p>'
    )
    assert remove_protected_emails(body) == "<p>the process Partecip@ttivo</p>"
    assert decode_cfemail("zz") == ""


def test_underlining_and_escaped_tags_are_removed():
    body = "<p>&lt;p&gt; Empower the citizen <u>of our village</u> &lt;http://x.org&gt;</p>"
    assert tidy_old_markup(body) == "<p> Empower the citizen of our village &lt;http://x.org&gt;</p>"
    linked = '<p>see &lt;<a href="http://x.org">http://x.org</a>&gt;</p>'
    assert tidy_old_markup(linked) == '<p>see <a href="http://x.org">http://x.org</a></p>'


def test_links_to_the_old_site_point_at_the_imported_entry_with_its_fragment():
    links = OldLinks(
        {"1250": ("case", "1250")},
        {"building-community-uniontown-story": ("case", "7"), "study-circles": ("method", "188")},
    )
    urls = {("case", "1250"): "/cases/bc/", ("case", "7"): "/cases/uniontown/", ("method", "188"): "/methods/sc/"}
    body = (
        '<p><a href="http://participedia.net/en/cases/building-community-uniontown-story#cite_note-3">3</a> '
        '<a href="http://participedia.net/en/node/1250">http://participedia.net/en/node/1250</a> '
        '<a href="http://participedia.net/methods/study-circles">circles</a> '
        '<a href="http://participedia.net/en/people/someone">someone</a></p>'
    )
    rewritten = links.rewrite(body, urls.get, {("case", "1250"): "BC Citizens' Assembly"}.get)
    assert '<a href="/cases/uniontown/#cite_note-3">3</a>' in rewritten
    assert '<a href="/cases/bc/">BC Citizens\' Assembly</a>' in rewritten
    assert '<a href="/methods/sc/">circles</a>' in rewritten
    assert 'href="http://participedia.net/en/people/someone"' in rewritten  # not imported: left as it was


def test_old_addresses_follow_pathauto_and_edited_titles():
    assert old_site_slugs("Building Community: The Uniontown Story")[0] == "building-community-uniontown-story"
    assert "choicework-dialogue" in old_site_slugs("Choicework Dialogue™ (Viewpoint Learning)")
    assert "study-circles" in old_site_slugs("Dialogue-to-Change (Study Circles)")


def test_a_short_lead_becomes_the_summary_and_leaves_the_body():
    body = f"<p><em>Note: translated.</em></p><p>{LONG}</p><h2>History</h2><p>Later.</p>"
    summary, rest = lead_and_body(body)
    assert summary == LONG.strip()
    assert rest == "<p><em>Note: translated.</em></p><h2>History</h2><p>Later.</p>"


def test_a_long_lead_is_cut_after_a_sentence_and_the_body_goes_on_from_there():
    body = f'<p>{LONG * 3}The rest <a href="https://x.org">links</a> on.</p>'
    summary, rest = lead_and_body(body, words=40)
    assert summary == (LONG * 2).strip()
    assert rest == f'<p>{LONG}The rest <a href="https://x.org">links</a> on.</p>'


def test_a_lead_that_cannot_be_cut_cleanly_keeps_the_body_whole():
    body = f'<p><a href="https://x.org">{LONG * 3}</a></p>'
    summary, rest = lead_and_body(body, words=40)
    assert rest == body and summary.endswith("…")


# --- Where a case took place ----------------------------------------------------------------------


def test_a_location_is_read_from_the_title_or_the_where_section():
    fernald = location_from_text("Fernald Citizens Advisory Board (Fernald, Ohio, USA)", "")
    assert (fernald.city, fernald.region, fernald.country) == ("Fernald", "Ohio", "US")
    where = location_from_text("A forum", "<h3>Where:</h3><p>Gdańsk, Poland</p>")
    assert (where.city, where.country) == ("Gdańsk", "PL")
    gazetteer = Gazetteer([("Porto Alegre", "Rio Grande do Sul", "BR"), ("Portland", "Oregon", "US"),
                           ("Portland", "Maine", "US")])
    found = location_from_text("Participatory Budgeting in Porto Alegre", "", gazetteer=gazetteer)
    assert (found.city, found.country) == ("Porto Alegre", "BR")
    assert location_from_text("Budgeting in Portland", "", gazetteer=gazetteer) is None  # two Portlands
    assert location_from_text("Join us in it", "") is None  # "us", "in", "it" are no countries
    assert location_from_text("Citizens' assembly (Denmark)", "").country == "DK"


def test_place_names_are_matched_without_postcode_case_or_accents():
    assert clean_place_name("11011 Berlin") == "Berlin"
    assert clean_place_name("D-10117 Berlin") == "Berlin"
    assert place_match_name("Pôrto  Alegre") == place_match_name("porto-alegre")


# --- On the database ------------------------------------------------------------------------------


def _set(tmp_path: Path, *, structured: list, texts: dict, methods: list | None = None) -> Path:
    return write_fixture(tmp_path / "participedia", structured=structured, texts=texts, methods=methods or [])


def _case(case_id: str, **values) -> dict:
    return {"id": case_id, "post_date": "2019-06-01T10:00:00", "original_language": "en", **values}


@pytest.mark.django_db
def test_the_hubs_place_gets_the_imported_cases_of_its_city(tmp_path):
    barcelona = PlaceFactory(name="Barcelona", slug="barcelona", country="ES", region="", latitude=41.39,
                             longitude=2.17)
    hub = HubFactory(place=barcelona)
    data = _set(tmp_path, structured=[
        _case("9801", city="Barcelona", province="Catalonia", country="Spain", latitude="41.3851",
              longitude="2.1734"),
        _case("9802", city="11011 Berlin", country="Germany"),
        _case("9803", city="Berlin", country="Germany"),
    ], texts={
        "9801": {"title": "Decidim in Barcelona", "htmlbody": f"<p>{LONG}</p>"},
        "9802": {"title": "A Berlin forum", "htmlbody": f"<p>{LONG}</p>"},
        "9803": {"title": "Another Berlin forum", "htmlbody": f"<p>{LONG}</p>"},
    })
    report = import_participedia(path=data, index=False)
    assert Case.objects.get(source_id="9801").place == hub.place
    assert Place.objects.filter(name__iexact="barcelona").count() == 1
    berlins = Place.objects.filter(country="DE")
    assert [p.name for p in berlins] == ["Berlin"]
    assert report.merged["place"] == 1  # "Barcelona, Catalonia" folded into the hub's Barcelona


@pytest.mark.django_db
def test_existing_duplicate_places_are_merged_and_their_content_moved(tmp_path):
    kept = PlaceFactory(name="Dublin", slug="dublin", country="IE", region="", latitude=53.35, longitude=-6.26,
                        description="The demo's Dublin")
    other = PlaceFactory(name="Dublin", slug="dublin-ie", country="IE", region="Leinster", latitude=53.3498,
                         longitude=-6.2603)
    portland_or = PlaceFactory(name="Portland", slug="portland", country="US", latitude=45.52, longitude=-122.68)
    portland_me = PlaceFactory(name="Portland", slug="portland-2", country="US", region="Maine", latitude=43.66,
                               longitude=-70.26)
    country = PlaceFactory(name="Ireland", slug="ireland", country="IE", kind=Place.Kind.REGION, latitude=None,
                           longitude=None)
    case = CaseFactory(place=other)
    report = import_participedia(path=_set(tmp_path, structured=[], texts={}), index=False)
    case.refresh_from_db()
    assert case.place == kept
    assert not Place.objects.filter(pk=other.pk).exists()
    assert Place.objects.get(pk=kept.pk).region == "Leinster"  # what the kept one lacked
    assert set(Place.objects.filter(name="Portland").values_list("pk", flat=True)) == {portland_or.pk, portland_me.pk}
    assert Place.objects.get(pk=country.pk).kind == Place.Kind.COUNTRY
    assert report.merged["place"] == 1
    again = import_participedia(path=_set(tmp_path / "again", structured=[], texts={}), index=False)
    assert again.merged["place"] == 0


@pytest.mark.django_db
def test_a_method_this_site_has_is_not_imported_twice(tmp_path):
    local = MethodFactory(title="Participatory budgeting")
    data = _set(
        tmp_path,
        structured=[_case("9810", city="Kisumu", country="Kenya")],
        texts={"9810": {"title": "Participatory Budgeting in Kisumu", "htmlbody": f"<p>{LONG}</p>"}},
        methods=[_method_row(id="99146", title="Participatory Budgeting", body="People decide.")],
    )
    report = import_participedia(path=data, index=False)
    assert Method.objects.filter(title__iexact="participatory budgeting").count() == 1
    assert list(Case.objects.get(source_id="9810").methods.all()) == [local]
    assert report.merged["method"] == 1
    assert "duplicates merged into an existing entry: 1 (method: 1)" in report.summary()


@pytest.fixture
def pages_set(tmp_path) -> Path:
    hidden = _cfemail("someone@example.org")
    return _set(tmp_path, structured=[_case("9820", city="Toronto", country="Canada")], texts={
        "9820": {"title": "Toronto budget", "htmlbody": (
            f"<p>{LONG}</p><p>Run with <a href=\"http://participedia.net/organizations/pb-partners\">"
            f"PB Partners</a>; contact <a href=\"/cdn-cgi/l/email-protection#{hidden}\"><span "
            f"data-cfemail=\"{hidden}\">[email protected]</span></a> or <u>write</u>.</p>"
        )},
        "9821": {"title": "PB Partners", "htmlbody": (
            "<h3>Mission and Purpose</h3><p>PB Partners are dedicated to community empowerment in the UK.</p>"
        )},
        "9822": {"title": "Team", "htmlbody": "<p>The initial vision for Participedia was developed by Fung.</p>"},
        "9823": {"title": "Fernald Citizens Advisory Board (Fernald, Ohio, USA)", "htmlbody": f"<p>{LONG}</p>"},
    })


@pytest.mark.django_db
def test_organisations_and_site_pages_are_not_imported_as_cases(pages_set):
    report = import_participedia(path=pages_set, index=False)
    assert set(Case.objects.values_list("source_id", flat=True)) == {"9820", "9823"}
    organisation = Organisation.objects.get(source_name="participedia", source_id="9821")
    assert organisation.name == "PB Partners" and "community empowerment" in organisation.description
    assert organisation.attribution.startswith("From Participedia")
    assert report.created["organisation"] == 1
    assert report.skipped["case"]["site page of the old Participedia web site"] == 1
    case = Case.objects.get(source_id="9820")
    assert f'href="{organisation.get_absolute_url()}"' in case.body_html
    assert "protected" not in case.body_html and "cdn-cgi" not in case.body_html
    assert "<u>" not in case.body_html and "contact or write." in case.body_html
    assert case.summary == LONG.strip() and LONG.strip() not in case.body_html
    fernald = Case.objects.select_related("place").get(source_id="9823")
    assert (fernald.place.name, fernald.place.region, fernald.place.country) == ("Fernald", "Ohio", "US")
    assert "cases without a place: 0" in report.summary()


@pytest.mark.django_db
def test_a_second_import_changes_nothing(pages_set):
    import_participedia(path=pages_set, index=False)
    again = import_participedia(path=pages_set, index=False)
    assert sum(again.created.values()) == 0
    assert again.unchanged["case"] == again.updated["case"] == 2
    assert again.unchanged["organisation"] == again.updated["organisation"] == 1


@pytest.mark.django_db
def test_cases_an_earlier_import_made_of_organisations_are_removed(pages_set):
    CaseFactory(source_name="participedia", source_id="9821", title="PB Partners")
    report = import_participedia(path=pages_set, index=False)
    assert not Case.objects.filter(source_id="9821").exists()
    assert Organisation.objects.filter(source_id="9821").exists()
    assert "cases removed that an earlier import made of organisations and site pages: 1" in report.summary()
