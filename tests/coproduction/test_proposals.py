"""Proposals: create, edit while unsupported, withdraw; supports with a per-person limit, a
threshold and timeline milestones; official answers; lists, filters and sorting."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories import ProposalFactory, UserFactory
from translocal.audit.models import AuditEntry
from translocal.coproduction import selectors, services
from translocal.coproduction.models import Participation, Proposal, ProposalEvent, Support
from translocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def _kinds(proposal):
    return [(e.kind, e.value) for e in selectors.timeline(proposal=proposal)]


def test_a_resident_proposes_while_proposing_is_open(world):
    process = world.process(moment="proposals")
    proposal = services.create_proposal(
        acting_user=world.people["resident"], process=process, title="  Benches by the canal ", body="Shade too."
    )
    assert (proposal.title, proposal.author, proposal.support_count) == ("Benches by the canal", world.people[
        "resident"], 0)
    assert _kinds(proposal) == [("submitted", 0)]


def test_proposing_is_refused_outside_the_proposals_phase(world):
    process = world.process(moment="support")
    with pytest.raises(PermissionDenied):
        services.create_proposal(acting_user=world.people["resident"], process=process, title="Late", body="Idea")
    assert not Proposal.objects.exists()


def test_an_empty_proposal_is_refused_with_what_to_fix(world):
    process = world.process(moment="proposals")
    with pytest.raises(ValidationError) as caught:
        services.create_proposal(acting_user=world.people["resident"], process=process, title=" ", body="")
    assert set(caught.value.message_dict) == {"title", "body"}


def test_the_author_edits_until_someone_supports(world):
    process = world.process(moment="support")
    proposal = world.proposal(process)
    services.update_proposal(acting_user=world.author, proposal=proposal, title="Better title", body="Better body")
    services.support_proposal(acting_user=world.people["resident"], proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.update_proposal(acting_user=world.author, proposal=proposal, title="Changed after", body="x")
    assert Proposal.objects.get(pk=proposal.pk).title == "Better title"


def test_someone_else_cannot_edit_or_withdraw(world):
    proposal = world.proposal(world.process(moment="proposals"))
    for person in (world.people["resident"], world.people["staff"]):
        with pytest.raises(PermissionDenied):
            services.update_proposal(acting_user=person, proposal=proposal, title="Mine now", body="x")
        with pytest.raises(PermissionDenied):
            services.withdraw_proposal(acting_user=person, proposal=proposal)


def test_a_withdrawn_proposal_leaves_lists_and_search_and_cannot_be_supported(
    world, django_capture_on_commit_callbacks
):
    process = world.process(moment="support")
    proposal = world.proposal(process)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_proposal(acting_user=world.author, proposal=proposal, title="Night buses", body="Until 2am.")
    assert SearchEntry.objects.filter(kind="proposal", object_id=proposal.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_proposal(acting_user=world.author, proposal=proposal)
    assert not SearchEntry.objects.filter(kind="proposal", object_id=proposal.pk).exists()
    assert selectors.proposal_page(process=process).items == []
    proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.support_proposal(acting_user=world.people["resident"], proposal=proposal)
    assert _kinds(proposal) == [("withdrawn", 0)]


def test_supporting_twice_is_refused_and_counts_once(world):
    proposal = world.proposal(world.process(moment="support"))
    resident = world.people["resident"]
    assert services.support_proposal(acting_user=resident, proposal=proposal).count == 1
    with pytest.raises(ValidationError, match="already support"):
        services.support_proposal(acting_user=resident, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == Support.objects.filter(proposal=proposal).count()


def test_the_per_person_limit_refuses_one_more_and_a_withdrawn_support_frees_one(world):
    process = world.process(moment="support", supports_per_person=2)
    first, second, third = (world.proposal(process) for _ in range(3))
    resident = world.people["resident"]
    services.support_proposal(acting_user=resident, proposal=first)
    services.support_proposal(acting_user=resident, proposal=second)
    with pytest.raises(ValidationError, match="used all 2"):
        services.support_proposal(acting_user=resident, proposal=third)
    assert not Support.objects.filter(proposal=third).exists()
    assert Proposal.objects.get(pk=third.pk).support_count == 0
    assert selectors.supports_left(user=resident, process=process) == 0
    services.withdraw_support(acting_user=resident, proposal=first)
    services.support_proposal(acting_user=resident, proposal=third)
    assert Participation.objects.get(process=process, user=resident).supports_used == 2
    assert [Proposal.objects.get(pk=p.pk).support_count for p in (first, second, third)] == [0, 1, 1]


def test_the_threshold_and_milestones_go_on_the_timeline_once(world):
    process = world.process(moment="support", support_threshold=3)
    proposal = world.proposal(process)
    ProposalEvent.objects.create(proposal=proposal, kind="submitted")
    people = UserFactory.create_batch(10)
    for person in people[:3]:
        services.support_proposal(acting_user=person, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).threshold_reached
    services.withdraw_support(acting_user=people[0], proposal=proposal)
    services.support_proposal(acting_user=people[0], proposal=proposal)  # back to 3: no second event
    for person in people[3:]:
        services.support_proposal(acting_user=person, proposal=proposal)
    assert _kinds(proposal) == [("submitted", 0), ("threshold", 3), ("milestone", 10)]


def test_supporting_closes_with_the_phase(world):
    proposal = world.proposal(world.process(moment="voting"))
    with pytest.raises(PermissionDenied):
        services.support_proposal(acting_user=world.people["member"], proposal=proposal)


def test_coordinators_answer_with_a_text_and_an_audit_row(world):
    proposal = world.proposal(world.process(moment="results"))
    with pytest.raises(PermissionDenied):
        services.answer_proposal(acting_user=world.people["moderator"], proposal=proposal, state="accepted", text="Yes")
    with pytest.raises(ValidationError):
        services.answer_proposal(acting_user=world.people["coordinator"], proposal=proposal, state="accepted", text=" ")
    services.answer_proposal(acting_user=world.people["coordinator"], proposal=proposal, state="evaluating",
                             text="Officers are costing it.")
    services.answer_proposal(acting_user=world.people["coordinator"], proposal=proposal, state="accepted",
                             text="In the 2027 budget.")
    proposal.refresh_from_db()
    assert (proposal.answer_state, proposal.answer_text) == ("accepted", "In the 2027 budget.")
    events = selectors.timeline(proposal=proposal)
    assert [(e.kind, e.answer_state, e.text) for e in events] == [
        ("answered", "evaluating", "Officers are costing it."),
        ("answered", "accepted", "In the 2027 budget."),
    ]
    assert AuditEntry.objects.filter(action="proposal.answer", target_id=str(proposal.pk)).count() == 2


def test_an_answered_proposal_can_no_longer_be_edited(world):
    proposal = world.proposal(world.process(moment="proposals"))
    services.answer_proposal(
        acting_user=world.people["staff"], proposal=proposal, state="rejected", text="Out of scope."
    )
    proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.update_proposal(acting_user=world.author, proposal=proposal, title="Reworded", body="x")


# --- Lists -------------------------------------------------------------------------------------


def test_sorting_by_support_newest_and_a_stable_random_order(world):
    process = world.process(moment="support")
    proposals = [ProposalFactory(process=process, support_count=n) for n in (5, 1, 9, 3)]
    ids = lambda page: [p.pk for p in page.items]  # noqa: E731
    assert ids(selectors.proposal_page(process=process, order="supported")) == [
        proposals[2].pk, proposals[0].pk, proposals[3].pk, proposals[1].pk
    ]
    assert ids(selectors.proposal_page(process=process, order="newest")) == [p.pk for p in reversed(proposals)]
    first = ids(selectors.proposal_page(process=process, order="random", seed=42))
    assert first == ids(selectors.proposal_page(process=process, order="random", seed=42))
    assert sorted(first) == sorted(p.pk for p in proposals)
    orders = {tuple(ids(selectors.proposal_page(process=process, order="random", seed=s))) for s in range(1, 20)}
    assert len(orders) > 1


def test_the_random_order_pages_through_every_proposal_once(world):
    process = world.process(moment="support")
    everyone = {p.pk for p in ProposalFactory.create_batch(7, process=process)}
    seen, cursor = [], None
    while True:
        page = selectors.proposal_page(process=process, order="random", seed=7, cursor=cursor, size=3)
        seen += [p.pk for p in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(everyone)


def test_filters_by_answer_and_threshold(world):
    process = world.process(moment="support")
    accepted = ProposalFactory(process=process, answer_state="accepted")
    reached = ProposalFactory(process=process, threshold_reached_at="2026-11-01T10:00:00Z")
    plain = ProposalFactory(process=process)
    ids = lambda **kw: {p.pk for p in selectors.proposal_page(process=process, **kw).items}  # noqa: E731
    assert ids(answer="accepted") == {accepted.pk}
    assert ids(answer="none") == {reached.pk, plain.pk}
    assert ids(threshold=True) == {reached.pk}


def test_what_happened_to_my_proposals_on_the_profile(world, client):
    process = world.process(moment="proposals")
    mine = world.proposal(process, title="Cycle lane on Oxford Road", answer_state="in_progress")
    hidden = world.proposal(process, title="Hidden one", is_hidden=True)
    client.force_login(world.author)
    body = client.get(world.author.get_absolute_url()).content.decode()
    assert mine.title in body and hidden.title in body and "In progress" in body
    other = Client()
    body = other.get(world.author.get_absolute_url()).content.decode()
    assert mine.title in body and hidden.title not in body


def test_a_support_by_htmx_returns_the_fragment_with_the_new_count(world, client):
    proposal = world.proposal(world.process(moment="support", support_threshold=1))
    client.force_login(world.people["resident"])
    response = client.post(
        reverse("coproduction:proposal-support", args=[proposal.process.slug, proposal.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 support" in body and "Threshold reached" in body and "Take back my support" in body
    assert "<html" not in body


def test_moving_a_phase_changes_what_people_may_do_at_once(world):
    import datetime as dt

    from django.utils import timezone

    from translocal.coproduction import permissions
    from translocal.coproduction.selectors import forget_current_phase, phases_of

    process = world.process(moment="proposals")
    ideas, support = phases_of(process)[:2]
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.update_phase(acting_user=world.people["moderator"], phase=ideas, data={"ends_at": now})
    with pytest.raises(ValidationError):
        services.update_phase(acting_user=world.people["coordinator"], phase=ideas, data={"ends_at": ideas.starts_at})
    services.update_phase(acting_user=world.people["coordinator"], phase=ideas, data={"ends_at": now - dt.timedelta(
        hours=1)})
    services.update_phase(acting_user=world.people["coordinator"], phase=support, data={"starts_at": now - dt.timedelta(
        hours=1)})
    forget_current_phase(process)
    resident = world.people["resident"]
    assert not permissions.can_propose(resident, process)
    assert permissions.can_support_in(resident, process)


def test_a_deleted_account_takes_its_supports_out_of_the_counts_and_leaves_its_proposals(world):
    from translocal.accounts.services import delete_account

    process = world.process(moment="support", supports_per_person=2)
    first, second = world.proposal(process), world.proposal(process)
    resident = world.people["resident"]
    services.support_proposal(acting_user=resident, proposal=first)
    services.support_proposal(acting_user=world.people["member"], proposal=first)
    services.support_proposal(acting_user=resident, proposal=second)
    counts = delete_account(acting_user=world.author, user=world.author)
    assert counts["proposals_kept_without_author"] == 2
    counts = delete_account(acting_user=resident, user=resident)
    assert counts["proposal_supports"] == 2
    assert [Proposal.objects.get(pk=p.pk).support_count for p in (first, second)] == [1, 0]
    assert Support.objects.filter(proposal=first).count() == 1
    assert Proposal.objects.filter(pk__in=[first.pk, second.pk], author__isnull=True).count() == 2
