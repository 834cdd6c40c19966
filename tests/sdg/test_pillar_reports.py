"""The later pillars in SDG localisation: co-production's processes and results and the
exchanges' commitments (with their follow-ups) take goal and target tags and suggestions through
their own services and permissions, and appear in the local SDG report of their place and hub,
public ones only, in a fixed number of queries."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.exchanges.factories import AcceptedRegistrationFactory, CommitmentFactory, ExchangeFactory
from tests.factories import CaseFactory, HubFactory, HubMembershipFactory, PlaceFactory, ProcessFactory, UserFactory
from translocal.coproduction.models import Process, Result
from translocal.exchanges import services as exchange_services
from translocal.exchanges.models import Exchange, Privacy
from translocal.places.models import HubMembership
from translocal.sdg import documents, selectors, services
from translocal.sdg.models import Suggestion, SuggestionStatus
from translocal.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db


def sdg(slug):
    return Term.objects.get(vocabulary=Vocabulary.SDG, slug=slug)


def commitment(*, exchange, title, privacy=Privacy.PUBLIC, hub, tags=(), **extra):
    registration = AcceptedRegistrationFactory(registration_type__exchange=exchange)
    item = CommitmentFactory(registration=registration, exchange=exchange, title=title, privacy=privacy, hub=hub,
                             **extra)
    item.sdgs.set([sdg(t) for t in tags])
    return item


@pytest.fixture
def place_world(sdg_terms):
    """Greater Manchester with a hub: a public process tagged 11.3 with a result on goal 11, a
    commitment from a public exchange on goal 11 with two follow-ups; and what must never show:
    a members-only process, an unpublished one, their results, a private commitment, one shared
    with the participants only, a public one of an exchange for hub members, an untagged one."""
    place = PlaceFactory(name="Greater Manchester", slug="greater-manchester")
    hub = HubFactory(name="Jam and Justice", slug="jam-and-justice", place=place)
    coordinator = UserFactory()
    HubMembershipFactory(hub=hub, user=coordinator, role=HubMembership.Role.COORDINATOR)
    process = ProcessFactory(hub=hub, title="GM Decides: neighbourhood plans", slug="gm-decides")
    process.sdgs.set([sdg("11.3")])
    result = Result.objects.create(process=process, title="Three plans adopted", status="in_progress", progress=40)
    result.sdgs.set([sdg("11")])
    members = ProcessFactory(hub=hub, title="Members-only budget", access=Process.Access.MEMBERS)
    members.sdgs.set([sdg("11")])
    Result.objects.create(process=members, title="Members result").sdgs.set([sdg("11")])
    ProcessFactory(hub=hub, title="Unpublished draft process", is_published=False).sdgs.set([sdg("11")])
    exchange = ExchangeFactory(title="Study visit to Bologna", hub=HubFactory())
    public = commitment(exchange=exchange, title="Co-design rules for shared spaces", hub=hub, tags=["11", "11.7"])
    for day, status in ((dt.date(2025, 3, 1), "in_progress"), (dt.date(2025, 6, 1), "in_progress")):
        exchange_services.add_follow_up(
            acting_user=public.registration.user, commitment=public,
            data={"status": status, "note": "Two pilots running.", "written_on": day},
        )
    commitment(exchange=exchange, title="Private promise on gender", privacy=Privacy.PRIVATE, hub=hub, tags=["5"])
    commitment(exchange=exchange, title="Participants-only idea", privacy=Privacy.PARTICIPANTS, hub=hub, tags=["16"])
    hidden_exchange = ExchangeFactory(title="Members exchange", hub=hub, visibility=Exchange.Visibility.HUB_MEMBERS)
    commitment(exchange=hidden_exchange, title="Commitment of a hidden exchange", hub=hub, tags=["13"])
    commitment(exchange=exchange, title="Untagged commitment", hub=hub)
    commitment(exchange=exchange, title="Commitment elsewhere", hub=HubFactory(), tags=["11"])
    CaseFactory(title="Neighbourhood plan with residents", place=place, hub=hub).sdgs.set([sdg("11")])
    return {"place": place, "hub": hub, "coordinator": coordinator, "process": process, "result": result,
            "commitment": public, "exchange": exchange}


NEVER = (
    "Members-only budget", "Members result", "Unpublished draft process", "Private promise on gender",
    "Participants-only idea", "Commitment of a hidden exchange", "Untagged commitment", "Commitment elsewhere",
)


def kinds_of(goal):
    return {kind: [(e.title, e.targets) for e in entries] for kind, _label, entries in goal.kinds}


@pytest.mark.parametrize("subject", ["place", "hub"])
def test_the_report_lists_public_processes_results_and_commitments_goal_by_goal(place_world, subject):
    report = selectors.local_report(**{subject: place_world[subject]})
    assert [g.number for g in report.goals] == [11]
    [eleven] = report.goals
    assert kinds_of(eleven) == {
        "case": [("Neighbourhood plan with residents", [])],
        "process": [("GM Decides: neighbourhood plans", ["11.3"])],
        "result": [("Three plans adopted", [])],
        "commitment": [("Co-design rules for shared spaces", ["11.7"])],
    }
    notes = {e.kind: e.note for _k, _l, entries in eleven.kinds for e in entries}
    assert notes["result"] == "In progress, 40% done"
    assert notes["commitment"] == "In progress: 2 follow-ups, the latest on 1 June 2025"
    assert dict((str(label), n) for label, n in report.totals) == {
        "Cases": 1, "Methods": 0, "Reflections": 0, "Co-production processes": 1, "Results of processes": 1,
        "Commitments from exchanges, with their follow-ups": 1,
    }


def test_the_report_page_and_downloads_show_them_with_links_and_nothing_private(place_world, client):
    url = reverse("sdg:place-report", kwargs={"slug": "greater-manchester"})
    for response in (client.get(url), client.get(url + "?format=html")):
        page = response.content.decode()
        assert "GM Decides: neighbourhood plans" in page and "Three plans adopted" in page
        assert "Co-design rules for shared spaces" in page and "2 follow-ups" in page
        assert place_world["process"].get_absolute_url() in page
        assert place_world["result"].get_absolute_url() in page
        assert place_world["commitment"].get_absolute_url() in page
        for title in NEVER:
            assert title not in page
    if documents.pdf_available():
        pdf = client.get(url + "?format=pdf")
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def add_items(world, count):
    """``count`` more tagged public processes, results and commitments, and a tagged case."""
    hub = world["hub"]
    for n in range(count):
        process = ProcessFactory(hub=hub, title=f"Extra process {n}")
        process.sdgs.set([sdg("11"), sdg("16.7")])
        Result.objects.create(process=process, title=f"Extra result {n}").sdgs.set([sdg("16")])
        item = commitment(exchange=world["exchange"], title=f"Extra commitment {n}", hub=hub, tags=["13", "13.2"])
        exchange_services.add_follow_up(
            acting_user=item.registration.user, commitment=item, data={"status": "done", "note": "Done."}
        )
        CaseFactory(title=f"Extra case {n}", place=world["place"]).sdgs.set([sdg("11")])


@pytest.mark.parametrize("extra", [0, 12])
def test_the_report_page_costs_the_same_whatever_the_number_of_items(place_world, client, django_assert_num_queries,
                                                                       extra):
    add_items(place_world, extra)
    url = reverse("sdg:place-report", kwargs={"slug": "greater-manchester"})
    # The content version, the place, the goals; cases and their tags (methods and reflections:
    # none tagged, one query each); processes, their tags, results, their tags; commitments,
    # their tags, their follow-ups; local targets, values.
    with django_assert_num_queries(16):
        page = client.get(url).content.decode()
    assert page.count("Extra commitment") == extra and page.count("Extra case") == extra


def test_a_suggested_goal_is_public_only_once_the_delegate_confirms_it(place_world, client):
    item = place_world["commitment"]
    suggestion = Suggestion.objects.create(
        kind="commitment", object_id=item.pk, term=sdg("6"), score=0.7, model_name="test"
    )
    report_url = reverse("sdg:place-report", kwargs={"slug": "greater-manchester"})
    assert 'id="sdg-goal-6"' not in client.get(report_url).content.decode()

    # Whoever may not change the commitment cannot decide: the exchange's organiser, the hub's
    # coordinator, another delegate.
    for other in (item.exchange.created_by, place_world["coordinator"], UserFactory()):
        with pytest.raises(PermissionDenied):
            services.decide_suggestion(acting_user=other, suggestion_id=suggestion.pk, confirm=True)
    # The delegate sees it on the commitment's page, and confirms it there.
    owner = item.registration.user
    client.force_login(owner)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Suggested goals" in page
    response = client.post(reverse("sdg:suggestion-decide", args=[suggestion.pk]),
                           {"decision": "confirm", "next": item.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.CONFIRMED
    assert sdg("6") in item.sdgs.all()
    client.logout()
    page = client.get(report_url).content.decode()
    section = page.split('id="sdg-goal-6"')[1].split('<section class="sdg-goal"')[0]
    assert "Co-design rules for shared spaces" in section


def test_a_process_s_goals_are_confirmed_by_its_coordinators_only(place_world):
    process = place_world["process"]
    suggestion = Suggestion.objects.create(kind="process", object_id=process.pk, term=sdg("16"), score=0.6,
                                           model_name="test")
    with pytest.raises(PermissionDenied):
        services.decide_suggestion(acting_user=UserFactory(), suggestion_id=suggestion.pk, confirm=True)
    services.decide_suggestion(acting_user=place_world["coordinator"], suggestion_id=suggestion.pk, confirm=True)
    assert set(process.sdgs.values_list("slug", flat=True)) == {"11.3", "16"}
    assert 16 in [g.number for g in selectors.local_report(place=place_world["place"]).goals]


def test_a_rejected_result_goal_stays_off_the_report(place_world):
    result = place_world["result"]
    suggestion = Suggestion.objects.create(kind="result", object_id=result.pk, term=sdg("4"), score=0.6,
                                           model_name="test")
    services.decide_suggestion(acting_user=place_world["coordinator"], suggestion_id=suggestion.pk, confirm=False)
    assert not result.sdgs.filter(slug="4").exists()
    assert 4 not in [g.number for g in selectors.local_report(place=place_world["place"]).goals]


def test_a_commitment_made_private_leaves_the_report(place_world):
    from translocal.exchanges.services.journey_moderation import make_journey_item_private

    staff = UserFactory(is_staff=True, is_superuser=True)
    make_journey_item_private(acting_user=staff, item=place_world["commitment"], reason="Asked by the delegate.")
    report = selectors.local_report(place=place_world["place"])
    assert "commitment" not in kinds_of(report.goals[0])


def test_the_place_page_links_to_the_report(place_world, client):
    page = client.get(place_world["place"].get_absolute_url()).content.decode()
    assert reverse("sdg:place-report", kwargs={"slug": "greater-manchester"}) in page
