import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    PlaceFactory,
    ReflectionFactory,
    UserFactory,
)
from translocal.knowledge.models import Status
from translocal.places.models import HubMembership
from translocal.sdg import documents, selectors, services
from translocal.sdg.models import Indicator
from translocal.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db


def sdg(slug):
    return Term.objects.get(vocabulary=Vocabulary.SDG, slug=slug)


@pytest.fixture
def demo(sdg_terms):
    """A place with a hub: a case on goal 11 (target 11.3), a reflection on goal 16, a draft on
    goal 5 (private), a case elsewhere; a local target under 11.3 with two values, and an
    official indicator's value for the place."""
    place = PlaceFactory(name="Greater Manchester", slug="greater-manchester")
    hub = HubFactory(name="Jam and Justice", place=place)
    coordinator = UserFactory()
    HubMembershipFactory(hub=hub, user=coordinator, role=HubMembership.Role.COORDINATOR)
    case = CaseFactory(title="Neighbourhood plan with residents", place=place)
    case.sdgs.set([sdg("11"), sdg("11.3")])
    reflection = ReflectionFactory(title="What we learned about trust")
    reflection.places.add(place)
    reflection.sdgs.set([sdg("16")])
    draft = CaseFactory(title="Secret draft on gender", place=place, status=Status.DRAFT, published_at=None)
    draft.sdgs.set([sdg("5")])
    CaseFactory(title="Elsewhere").sdgs.set([sdg("11")])
    local = services.create_local_target(
        acting_user=coordinator, hub=hub, target=sdg("11.3"), code="11.3.GM1",
        title="Half of neighbourhood plans co-produced with residents",
    )
    services.record_indicator_value(
        acting_user=coordinator, local_target=local, value="12", unit="%", date=dt.date(2024, 1, 1), source="GMCA"
    )
    services.record_indicator_value(
        acting_user=coordinator, local_target=local, value="31.5", unit="%", date=dt.date(2025, 1, 1), source="GMCA"
    )
    indicator = Indicator.objects.create(
        code="11.3.2", target=sdg("11.3"), titles={"en": "Civil society participation", "es": "Participación"}
    )
    staff = UserFactory(is_staff=True)
    services.record_indicator_value(
        acting_user=staff, indicator=indicator, place=place, value="0.4", date=dt.date(2025, 6, 1), source="ONS"
    )
    return {"place": place, "hub": hub, "case": case, "reflection": reflection, "draft": draft}


def test_the_report_of_a_demo_place_lists_its_work_goal_by_goal(demo):
    report = selectors.local_report(place=demo["place"])
    assert [g.number for g in report.goals] == [11, 16]
    eleven, sixteen = report.goals
    [(kind, _label, entries)] = eleven.kinds
    assert kind == "case"
    assert [(e.title, e.targets) for e in entries] == [("Neighbourhood plan with residents", ["11.3"])]
    assert [t.code for t in eleven.trends] == ["11.3.GM1", "11.3.2"]
    assert [str(v.value.normalize()) for v in eleven.trends[0].values] == ["12", "31.5"]
    assert eleven.trends[0].points  # two values: a line
    assert [(k, [e.title for e in entries]) for k, _l, entries in sixteen.kinds] == [
        ("reflection", ["What we learned about trust"])
    ]
    assert dict((str(label), n) for label, n in report.totals) == {
        "Cases": 1, "Methods": 0, "Reflections": 1, "Co-production processes": 0, "Results of processes": 0,
        "Commitments from exchanges, with their follow-ups": 0,
    }
    assert report.local_target_count == 1


def test_the_hub_report_holds_what_the_hub_looks_after(demo):
    report = selectors.local_report(hub=demo["hub"])
    assert [g.number for g in report.goals] == [11]  # its local target; the entries have no hub
    assert [t.code for t in report.goals[0].trends] == ["11.3.GM1"]


def test_the_report_page_shows_no_private_content_and_has_exact_queries(demo, client, django_assert_num_queries):
    url = reverse("sdg:place-report", kwargs={"slug": "greater-manchester"})
    # The content version, the place, the goals, cases and their tags, methods (none: no tags
    # query), reflections and their tags, processes, results and commitments (none tagged: no
    # tags query), local targets, values: the same however many rows.
    with django_assert_num_queries(13):
        page = client.get(url).content.decode()
    assert "Neighbourhood plan with residents" in page and "What we learned about trust" in page
    assert "Secret draft" not in page and "Elsewhere" not in page
    assert "11.3.GM1" in page and "Half of neighbourhood plans co-produced with residents" in page
    assert 'role="img"' in page and "<table" in page
    with django_assert_num_queries(1):  # the anonymous page cache
        client.get(url)


def test_the_report_is_in_the_reader_language(demo, client):
    url = reverse("sdg:place-report", kwargs={"slug": "greater-manchester"})
    page = client.get(url, headers={"accept-language": "es"}).content.decode()
    assert "Participación" in page  # the indicator's Spanish title
    assert "Objetivos de Desarrollo Sostenible en Greater Manchester" in page
    with translation.override("es"):
        assert sdg("11").display_label in page  # the goal's official Spanish title
    assert sdg("11").labels.get("es") and sdg("11").labels["es"] != sdg("11").label


def test_the_report_downloads_as_an_html_document(demo, client):
    url = reverse("sdg:place-report", kwargs={"slug": "greater-manchester"})
    response = client.get(url, {"format": "html"})
    assert response["Content-Disposition"] == 'attachment; filename="sdg-report-greater-manchester-en.html"'
    again = client.get(url, {"format": "html"})  # from the anonymous page cache: still a download
    assert again["Content-Disposition"] == response["Content-Disposition"]
    assert again["Content-Type"] == response["Content-Type"] and again.content == response.content
    document = response.content.decode()
    assert document.startswith("<!doctype html>") and "Neighbourhood plan with residents" in document
    assert "http" in document.split("Neighbourhood plan with residents")[0].rsplit("<a", 1)[1]  # absolute links


def test_the_report_downloads_as_pdf_when_weasyprint_is_installed(demo, client):
    if not documents.pdf_available():
        pytest.skip("WeasyPrint (the pdf extra) is not installed")
    response = client.get(reverse("sdg:hub-report", kwargs={"slug": demo["hub"].slug}), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_place_and_hub_pages_link_to_their_report(demo, client):
    page = client.get(demo["place"].get_absolute_url()).content.decode()
    assert reverse("sdg:place-report", kwargs={"slug": "greater-manchester"}) in page


def test_only_coordinators_set_local_targets(demo):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.create_local_target(
            acting_user=UserFactory(), hub=demo["hub"], target=sdg("11.3"), code="X1", title="x"
        )
    staff = UserFactory(is_staff=True)
    with pytest.raises(ValidationError):  # the code is taken
        services.create_local_target(acting_user=staff, hub=demo["hub"], target=sdg("11.3"), code="11.3.GM1", title="x")
    with pytest.raises(ValidationError):  # a goal is not a target
        services.create_local_target(acting_user=staff, hub=demo["hub"], target=sdg("11"), code="G1", title="x")
