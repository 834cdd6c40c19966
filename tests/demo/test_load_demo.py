"""The demo network loader: complete, idempotent, and respectful of edits made in the demo."""

import inspect
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.commit_hooks import rolled_back_transaction
from translocal.accounts.models import User
from translocal.core.models import Image
from translocal.demo.content import cases as case_content
from translocal.demo.content import journeys as journey_content
from translocal.demo.content import network, series_translocal
from translocal.demo.content import reflections as reflection_content
from translocal.demo.loader import DemoLoader, title_slug
from translocal.knowledge.models import Authorship, Case, Method, Reflection, Series, Status
from translocal.places.models import Hub, HubMembership, Organisation, Place
from translocal.taxonomy.models import Vocabulary

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALL_MODELS = (User, Place, Organisation, Hub, HubMembership, Method, Case, Series, Reflection, Authorship, Image)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module (through the management command), inside a
    transaction rolled back at the end, so every test sees it and none pays for it again."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        with rolled_back_transaction():
            out, err = io.StringIO(), io.StringIO()
            call_command("load_demo", stdout=out, stderr=err)
            yield {"stdout": out.getvalue(), "stderr": err.getvalue()}


pytestmark = pytest.mark.django_db


def test_first_run_reports_what_it_created(demo):
    assert "Demo network loaded: created" in demo["stdout"]
    assert "6 hubs" in demo["stdout"]
    assert "2 processes" in demo["stdout"] and "processs" not in demo["stdout"]


def test_every_vocabulary_key_of_the_content_resolves(demo):
    assert demo["stderr"] == ""


def test_six_hubs_in_the_six_cities(demo):
    hubs = Hub.objects.select_related("place")
    assert {hub.place.name for hub in hubs} == {
        "Greater Manchester",
        "Sheffield",
        "Gothenburg",
        "Cape Town",
        "Barcelona",
        "Kisumu",
    }


def test_hub_member_counts_match_memberships(demo):
    for hub in Hub.objects.all():
        assert hub.member_count == hub.memberships.count() > 0
        assert hub.memberships.filter(role=HubMembership.Role.COORDINATOR).exists()


def test_amina_coordinates_the_greater_manchester_hub(demo):
    membership = HubMembership.objects.get(user__username="amina", hub__place__slug="greater-manchester")
    assert membership.role == HubMembership.Role.COORDINATOR


def test_every_role_is_held_by_someone(demo):
    held = set(User.objects.values_list("roles__slug", flat=True))
    assert {"public-official", "community-practitioner", "researcher", "resident", "young-person"} <= held


def test_places_carry_real_coordinates_population_and_country(demo):
    gm = Place.objects.get(slug="greater-manchester")
    assert (gm.country, gm.kind) == ("GB", Place.Kind.REGION)
    assert 53 < gm.latitude < 54 and gm.population > 2_000_000
    assert Place.objects.get(slug="kisumu").country == "KE"


def test_translocal_learning_series_has_five_posts_in_order(demo):
    series = Series.objects.get(title="Trans-local learning")
    posts = list(series.reflections.order_by("series_position"))
    assert [p.series_position for p in posts] == list(range(1, len(posts) + 1))
    assert len(posts) >= 5
    assert [p.title for p in posts] == [p["title"] for p in series_translocal.POSTS]
    assert all(p.status == Status.PUBLISHED for p in posts)


def test_series_posts_have_several_authors_including_a_guest(demo):
    series = Series.objects.get(title="Trans-local learning")
    authorships = Authorship.objects.filter(reflection__series=series)
    assert authorships.filter(user__isnull=True).exclude(guest_name="").exists()
    assert authorships.values("user").distinct().count() >= 5


def test_series_posts_are_400_to_900_words():
    for post in series_translocal.POSTS:
        assert 400 <= len(post["body"].split()) <= 900, post["title"]


def test_reflections_link_to_cases_methods_and_places(demo):
    post = Reflection.objects.get(slug=title_slug(series_translocal.POSTS[0]["title"]))
    assert post.cases.exists() and post.methods.exists() and post.places.exists()
    assert "<h2>" in post.body_html


def test_cases_have_structured_fields_from_the_vocabularies(demo):
    case = Case.objects.get(slug=title_slug("Participatory budgeting in Porto Alegre"))
    assert case.featured and case.status == Status.PUBLISHED
    assert case.general_issues.filter(vocabulary=Vocabulary.GENERAL_ISSUE).exists()
    assert case.methods.filter(title="Participatory budgeting").exists()
    assert case.public_spectrum.slug == "empower"


def test_drafts_stay_drafts_and_published_entries_have_past_dates(demo):
    drafts = {c["title"] for c in case_content.CASES if c["status"] == "draft"}
    harvested = {  # case drafts a delegate harvested from a lesson
        lesson["title"]
        for journeys in journey_content.JOURNEYS.values()
        for journey in journeys.values()
        for lesson in journey["lessons"]
        if lesson.get("harvest")
    }
    assert harvested
    drafts |= harvested
    assert set(Case.objects.filter(status=Status.DRAFT).values_list("title", flat=True)) == drafts
    assert Reflection.objects.filter(status=Status.DRAFT).count() == 1
    latest = Reflection.objects.filter(status=Status.PUBLISHED).latest("published_at")
    assert latest.published_at.year == 2024


def test_demo_login_works(demo, client):
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        response = client.post(
            reverse("accounts:login"), {"username": "amina", "password": network.DEMO_PASSWORD}
        )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="amina").pk)


def test_admin_is_a_staff_superuser(demo):
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser


def test_second_run_creates_nothing(demo):
    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "nothing new" in out.getvalue()


def test_second_run_keeps_edits_made_in_the_demo(demo):
    amina = User.objects.get(username="amina")
    User.objects.filter(pk=amina.pk).update(bio="Edited in the demo.")
    case = Case.objects.get(slug=title_slug(case_content.CASES[0]["title"]))
    Case.objects.filter(pk=case.pk).update(title="A renamed case")
    HubMembership.objects.filter(user=amina).update(role=HubMembership.Role.MEMBER)
    result = DemoLoader().load()
    assert result.total == 0
    assert User.objects.get(pk=amina.pk).bio == "Edited in the demo."
    assert Case.objects.get(pk=case.pk).title == "A renamed case"
    assert not HubMembership.objects.filter(user=amina, role=HubMembership.Role.COORDINATOR).exists()


def test_a_deleted_item_is_recreated_and_nothing_else(demo):
    Reflection.objects.filter(slug=title_slug(reflection_content.STANDALONE[1]["title"])).delete()
    result = DemoLoader().load()
    assert dict(result.created) == {"reflection": 1}


def test_places_and_hubs_are_searchable(demo):
    from translocal.search.models import SearchEntry

    for model in (Place, Hub):
        for obj in model.objects.all():
            assert SearchEntry.objects.filter(object_id=obj.pk, title=obj.name).exists(), obj


def test_only_the_writes_without_a_service_remain_outside_the_services():
    from translocal.demo import direct_writes

    defined = inspect.getmembers(direct_writes, inspect.isfunction)
    writers = {name for name, function in defined if function.__module__ == direct_writes.__name__}
    assert writers == {"grant_staff_superuser", "date_draft_publication"}


def test_the_co_production_processes_have_phases_proposals_in_every_status_supports_and_comments(demo):
    from translocal.coproduction import selectors as coproduction_selectors
    from translocal.coproduction.models import Comment, Process, Proposal, Support

    gm = Process.objects.get(hub__slug="gm-just-cities-lab")
    sheffield = Process.objects.get(hub__slug="sheffield-civic-commons")
    assert coproduction_selectors.current_phase(gm).name == "Support"
    assert coproduction_selectors.current_phase(sheffield).name == "Ideas from young people"
    states = set(Proposal.objects.filter(process=gm).values_list("answer_state", flat=True))
    assert states == {"", "evaluating", "accepted", "rejected", "in_progress"}
    assert Proposal.objects.filter(process=gm, withdrawn_at__isnull=False).count() == 1
    assert Proposal.objects.filter(process=gm, threshold_reached_at__isnull=False).count() == 2
    for proposal in Proposal.objects.all():
        assert proposal.support_count == Support.objects.filter(proposal=proposal).count()
    assert Comment.objects.filter(process=gm, parent__isnull=False).exists()
    assert Comment.objects.filter(process=sheffield).count() == 4


def test_the_co_production_pages_of_the_demo_answer(demo, client):
    from translocal.coproduction.models import Process

    for process in Process.objects.all():
        assert client.get(process.get_absolute_url()).status_code == 200
        assert client.get(reverse("coproduction:proposal-list", args=[process.slug])).status_code == 200
        for proposal in process.proposals.filter(withdrawn_at__isnull=True):
            assert client.get(proposal.get_absolute_url()).status_code == 200


def test_greater_manchester_decides_has_results_with_progress_traced_to_proposals(demo, client):
    from translocal.coproduction.models import Process, Result

    gm = Process.objects.get(hub__slug="gm-just-cities-lab")
    results = Result.objects.filter(process=gm)
    assert results.count() == 2
    for result in results:
        assert result.updates.count() == 2
        assert result.progress == result.updates.order_by("-on", "-id").first().progress
        assert result.links.filter(proposal__isnull=False).exists()
        assert result.links.filter(comment__isnull=False).exists()
        assert client.get(result.get_absolute_url()).status_code == 200
    night_buses = gm.proposals.get(title__startswith="Night buses")
    assert "Night bus trial on the 43 route" in client.get(night_buses.get_absolute_url()).content.decode()


def test_greater_manchester_decides_has_a_meeting_with_minutes_and_one_ahead(demo, client):
    from django.urls import reverse
    from django.utils import timezone

    from translocal.coproduction.meetings.models import Meeting

    meetings = Meeting.objects.filter(process__hub__slug="gm-just-cities-lab")
    past = meetings.get(starts_at__lt=timezone.now())
    assert past.minutes and past.attendee_count == 23
    assert meetings.filter(starts_at__gt=timezone.now(), online_url__startswith="https://").exists()
    assert "Minutes" in client.get(past.get_absolute_url()).content.decode()
    feed = client.get(reverse("coproduction:meeting-calendar", args=[past.process.slug]))
    assert feed.content.count(b"BEGIN:VEVENT") == 2


def test_greater_manchester_decides_has_polls_with_ballots_and_a_counted_runoff(demo, client):
    """The ranked poll's hand count is in the demo content: free swimming wins in round 3 with
    6 of 11 continuing ballots; 0, 1 and 2 ballots exhausted in rounds 1 to 3."""
    from translocal.coproduction import permissions
    from translocal.coproduction.models import Ballot, Poll, Process
    from translocal.coproduction.polls import selectors as poll_selectors

    gm = Process.objects.get(hub__slug="gm-just-cities-lab")
    polls = {poll.kind: poll for poll in Poll.objects.filter(process=gm)}
    assert set(polls) == {"ranked", "single", "multiple"}
    for poll in polls.values():
        assert poll.ballot_count == Ballot.objects.filter(poll=poll).count() > 0
        assert poll.rules_frozen_at is not None
        assert client.get(poll.get_absolute_url()).status_code == 200
        assert client.get(poll.results_url()).status_code == 200
    ranked = poll_selectors.poll_in_process(process=gm, pk=polls["ranked"].pk)
    assert permissions.poll_closed(ranked)
    runoff = poll_selectors.poll_results(poll=ranked).runoff
    assert runoff is not None
    assert [r.exhausted for r in runoff.rounds] == [0, 1, 2]
    assert ranked.options.get(pk=runoff.winner).label.startswith("Free swimming")
    assert not Ballot.objects.filter(poll=polls["single"], voter__isnull=False).exists()  # anonymous
    assert "Round 3" in client.get(ranked.results_url()).content.decode()


def test_the_porto_alegre_case_is_read_in_spanish_and_catalan(demo, client):
    case = Case.objects.get(title="Participatory budgeting in Porto Alegre")
    spanish = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Presupuestos participativos en Porto Alegre" in spanish and "?lang=orig" in spanish
    catalan = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ca").content.decode()
    assert "Pressupostos participatius a Porto Alegre" in catalan


def test_greater_manchester_decides_has_an_initiative_sent_to_its_coordinators(demo, client):
    from translocal.coproduction.initiatives.models import Initiative

    initiative = Initiative.objects.get(process__hub__slug="gm-just-cities-lab")
    assert initiative.signature_count == initiative.signatures.count() == 4 == initiative.signatures_needed
    assert initiative.threshold_reached_at is not None
    assert "4 of 4 signatures" in client.get(initiative.get_absolute_url()).content.decode()


def test_a_reflection_of_the_demo_leads_with_its_illustration(demo, client):
    """The demo shows the image feature: a reflection whose lead image is drawn by the loader,
    with alternative text, on its page and as a thumbnail in the reflection list."""
    reflection = Reflection.objects.select_related("lead_image").get(
        title="Recruiting by lot when your council has no money"
    )
    image = reflection.lead_image
    assert image is not None
    assert image.alt_text.startswith("A grid of 1,200 grey dots")
    assert (image.width, image.height) == (1600, 1200)
    page = client.get(reflection.get_absolute_url()).content.decode()
    assert f'alt="{image.alt_text}"' in page.replace("&#x27;", "'")
    listing = client.get(reverse("knowledge:reflection-list")).content.decode()
    assert image.thumb_url in listing
