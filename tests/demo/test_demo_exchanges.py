"""The demo's exchanges: the Barcelona observatory with its three strands, the Cape Town
conference with field trips and a Gothenburg study visit, with delegates in every state."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.commit_hooks import rolled_back_transaction
from translocal.exchanges.models import Exchange, Registration, RegistrationType

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        with rolled_back_transaction():
            call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
            yield


pytestmark = pytest.mark.django_db


def test_the_barcelona_observatory_has_its_three_strands(demo):
    barcelona = Exchange.objects.get(title__startswith="Barcelona observatory")
    assert list(barcelona.strands.values_list("title", flat=True)) == [
        "Direct democracy",
        "Citizen initiative",
        "Ecosystems of inclusive democracy",
    ]
    assert barcelona.sessions.filter(strand__isnull=False).count() == 6


def test_the_cape_town_conference_has_field_trips_and_a_full_waiting_list(demo):
    cape_town = Exchange.objects.get(title__startswith="Cape Town conference")
    assert cape_town.sessions.filter(strand__title="Field trips").count() == 3
    delegate = RegistrationType.objects.get(exchange=cape_town, name="Delegate")
    assert delegate.accepted_count == delegate.capacity
    waiting = Registration.objects.filter(registration_type=delegate, status="waitlisted").order_by("waitlisted_at")
    assert [r.user.username for r in waiting] == ["ahmed", "lily"]
    assert Registration.objects.get(exchange=cape_town, name="Grace Okafor").status == "invited"


def test_delegates_are_in_every_registration_state(demo):
    states = set(Registration.objects.values_list("status", flat=True))
    assert states == set(Registration.Status.values)
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 8


def test_accepted_counts_match_the_registrations(demo):
    for rtype in RegistrationType.objects.all():
        accepted = Registration.objects.filter(registration_type=rtype, status="accepted").count()
        assert rtype.accepted_count == accepted, rtype


def test_a_second_run_creates_no_exchange(demo):
    before = Registration.objects.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert Registration.objects.count() == before
    assert Exchange.objects.count() == 3


def test_the_demo_journeys_cover_every_commitment_status_and_both_kinds_of_outcome(demo):
    from translocal.exchanges.models import Commitment, FollowUp, Lesson, Outcome, Privacy, Substantiation

    assert set(FollowUp.objects.values_list("status", flat=True)) == {"not_started", "in_progress", "done", "dropped"}
    assert Commitment.objects.filter(follow_ups__isnull=True).exists()  # one never followed up (overdue)
    assert set(Lesson.objects.values_list("privacy", flat=True)) == set(Privacy.values)
    assert Lesson.objects.filter(harvested_case__isnull=False).count() == 1
    answered = set(Substantiation.objects.exclude(answer="").values_list("answer", flat=True))
    assert answered == {"confirms", "partly"}
    assert Substantiation.objects.filter(answer="").count() == 1  # asked, not answered yet
    assert Outcome.objects.filter(substantiations__isnull=True).exists()
    assert Substantiation.objects.filter(verifier__isnull=False).exists()  # a verifier with an account
    assert Registration.objects.filter(post_visit_rating__isnull=False).count() >= 3


def test_the_barcelona_impact_shows_kirkpatricks_levels_to_anyone(demo, client):
    from django.urls import reverse

    barcelona = Exchange.objects.get(title__startswith="Barcelona observatory")
    html = client.get(reverse("exchanges:impact", kwargs={"slug": barcelona.slug})).content.decode()
    assert "A binding vote starts with a promise the council writes down first" in html
    assert "Moderators explain a refusal" not in html  # tom's private lesson
    assert "Counting in public" not in html  # for participants only


def test_a_commitment_became_greater_manchester_decides_and_its_coordinator_confirmed_it(demo, client):
    from django.urls import reverse

    from translocal.accounts.models import User
    from translocal.coproduction.models import Process, Result
    from translocal.core.models import Lineage
    from translocal.exchanges.models import Commitment

    gm = Process.objects.get(title="Greater Manchester Decides: neighbourhood priorities 2027")
    promise = Commitment.objects.get(title__startswith="Propose a written 'promise before the vote'")
    count = Commitment.objects.get(title="Hold the next ward budget count in the town hall, open to all")
    linked = Lineage.objects.filter(target_kind="coproduction.process", target_id=gm.pk)
    links = {link.source_id: link for link in linked}
    assert set(links) == {promise.pk, count.pk}
    assert links[promise.pk].state == Lineage.State.CONFIRMED
    assert links[promise.pk].decided_by == User.objects.get(username="amina")
    assert links[count.pk].state == Lineage.State.PROPOSED

    # Anyone reads the confirmed one on the impact chain and the process's result pages, never
    # the one still waiting.
    impact = client.get(reverse("exchanges:impact", kwargs={"slug": promise.exchange.slug})).content.decode()
    assert "Became the co-production process" in impact and gm.title in impact
    result = Result.objects.filter(process=gm).first()
    assert result is not None
    page = client.get(result.get_absolute_url()).content.decode()
    assert "promise before the vote" in page
    assert "ward budget count" not in page
    # The delegate sees both on their journey, the one waiting for the coordinators marked so.
    client.force_login(promise.registration.user)
    journey = client.get(reverse("exchanges:journey", kwargs={"registration_id": promise.registration_id}))
    html = journey.content.decode()
    assert "Became the co-production process" in html
    assert "awaiting its coordinators" in html
    # The coordinator has the one waiting on the page of commitments.
    client.force_login(User.objects.get(username="amina"))
    waiting = client.get(reverse("coproduction:process-lineage", kwargs={"slug": gm.slug})).content.decode()
    assert "ward budget count" in waiting and "Nothing is waiting" not in waiting


def test_a_second_run_links_nothing_again(demo):
    from translocal.core.models import Lineage
    from translocal.demo.loader import DemoLoader

    before = list(Lineage.objects.values_list("pk", "state", "decided_at"))
    result = DemoLoader().load()
    assert "commitment linked to a process" not in dict(result.created)
    assert list(Lineage.objects.values_list("pk", "state", "decided_at")) == before
