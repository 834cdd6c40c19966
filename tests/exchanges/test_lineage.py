"""A commitment records the co-production process it became, the process's coordinators
confirm or refuse it, and that process's results list the confirmed commitments they came from
(core.lineage: neither pillar imports the other). Each side shows only what the viewer may see:
a private commitment never reaches a result page, a process the viewer may not see never shows
on an impact page, a link not yet confirmed shows only to the delegate and the coordinators."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import HubMembershipFactory, ProcessFactory, UserFactory
from translocal.accounts import services as account_services
from translocal.audit.models import AuditEntry
from translocal.coproduction.accountability import services as result_services
from translocal.coproduction.models import Process, Result
from translocal.core.models import Lineage
from translocal.exchanges import services
from translocal.exchanges.models import Commitment
from translocal.places.models import HubMembership

from .factories import AcceptedRegistrationFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


def _result(process: Process) -> Result:
    return Result.objects.create(process=process, title="Benches along the canal")


def _proposed(commitment: Commitment, process: Process | None) -> None:
    services.save_commitment(
        acting_user=commitment.registration.user,
        registration=commitment.registration,
        commitment=commitment,
        data={"becomes": process.pk if process else None},
    )


def _coordinator(process: Process):
    return HubMembershipFactory(hub=process.hub, role=HubMembership.Role.COORDINATOR).user


def _decide(process: Process, *, confirm: bool = True, reason: str = "", by=None) -> None:
    link = Lineage.objects.get(target_id=process.pk)
    result_services.decide_lineage(acting_user=by or _coordinator(process), process=process, link_id=link.pk,
                                   confirm=confirm, reason=reason)


def _became(commitment: Commitment, process: Process | None) -> None:
    """Proposed by the delegate and confirmed by a coordinator of the process."""
    _proposed(commitment, process)
    if process is not None:
        _decide(process)


def test_the_delegate_records_the_process_from_the_commitment_form(client):
    commitment = CommitmentFactory(title="Start a residents' budget")
    process = ProcessFactory(title="GM Decides")
    registration = commitment.registration
    client.force_login(registration.user)
    url = reverse(
        "exchanges:commitment-edit", kwargs={"registration_id": registration.pk, "commitment_id": commitment.pk}
    )
    form_html = client.get(url).content.decode()
    assert "GM Decides" in form_html
    data = {"title": commitment.title, "due_on": commitment.due_on.isoformat(), "privacy": "public",
            "becomes": str(process.pk)}
    assert client.post(url, data).status_code == 302
    assert Lineage.objects.get().target_id == process.pk
    journey = client.get(reverse("exchanges:journey", kwargs={"registration_id": registration.pk})).content.decode()
    assert "Proposed as the start of the co-production process" in journey
    assert "awaiting its coordinators" in journey and process.get_absolute_url() in journey
    # Edited again, the form shows the process chosen.
    assert f'value="{process.pk}" selected' in client.get(url).content.decode()


def test_a_result_lists_the_public_commitments_its_process_came_from(client):
    process = ProcessFactory(title="GM Decides")
    result = _result(process)
    commitment = CommitmentFactory(title="Start a residents' budget", privacy="public")
    _became(commitment, process)
    html = client.get(result.get_absolute_url()).content.decode()
    assert "Commitments taken home from exchanges" in html
    assert "Start a residents&#x27; budget" in html and commitment.exchange.title in html
    assert f"#commitment-{commitment.pk}" in html


def test_the_impact_page_shows_the_process_a_commitment_became(client):
    process = ProcessFactory(title="GM Decides")
    commitment = CommitmentFactory(privacy="public")
    _became(commitment, process)
    html = client.get(reverse("exchanges:impact", kwargs={"slug": commitment.exchange.slug})).content.decode()
    assert f'id="commitment-{commitment.pk}"' in html
    assert "Became the co-production process" in html and process.get_absolute_url() in html


def test_a_private_commitment_never_shows_on_a_result_page(client):
    process = ProcessFactory()
    result = _result(process)
    commitment = CommitmentFactory(title="My quiet plan", privacy="private")
    _became(commitment, process)
    assert "My quiet plan" not in client.get(result.get_absolute_url()).content.decode()
    for viewer in (commitment.registration.user, UserFactory(is_staff=True)):
        client.force_login(viewer)
        html = client.get(result.get_absolute_url()).content.decode()
        assert "My quiet plan" not in html and "Commitments taken home" not in html


def test_a_commitment_made_private_later_leaves_the_cached_result_page(client):
    process = ProcessFactory()
    result = _result(process)
    commitment = CommitmentFactory(title="Shared at first", privacy="public")
    _became(commitment, process)
    assert "Shared at first" in client.get(result.get_absolute_url()).content.decode()
    services.save_commitment(acting_user=commitment.registration.user, registration=commitment.registration,
                             commitment=commitment, data={"privacy": "private"})
    assert "Shared at first" not in client.get(result.get_absolute_url()).content.decode()


def test_a_participants_commitment_shows_to_participants_only(client):
    process = ProcessFactory()
    result = _result(process)
    commitment = CommitmentFactory(title="For the group", privacy="participants")
    _became(commitment, process)
    assert "For the group" not in client.get(result.get_absolute_url()).content.decode()
    fellow = AcceptedRegistrationFactory(registration_type=commitment.registration.registration_type)
    client.force_login(fellow.user)
    assert "For the group" in client.get(result.get_absolute_url()).content.decode()


def test_a_process_the_viewer_may_not_see_is_not_named_on_the_impact_page(client):
    process = ProcessFactory(title="Members' budget", access=Process.Access.MEMBERS)
    commitment = CommitmentFactory(privacy="public")
    HubMembershipFactory(hub=process.hub, user=commitment.registration.user)
    _became(commitment, process)
    url = reverse("exchanges:impact", kwargs={"slug": commitment.exchange.slug})
    assert "Members&#x27; budget" not in client.get(url).content.decode()
    client.force_login(commitment.registration.user)
    assert "Members&#x27; budget" in client.get(url).content.decode()


def test_a_delegate_cannot_link_a_process_they_may_not_see():
    hidden = ProcessFactory(is_published=False)
    commitment = CommitmentFactory()
    with pytest.raises(ValidationError) as refused:
        _became(commitment, hidden)
    assert "becomes" in refused.value.message_dict
    assert not Lineage.objects.exists()


def test_choosing_no_process_removes_the_link():
    process = ProcessFactory()
    commitment = CommitmentFactory()
    _became(commitment, process)
    _proposed(commitment, None)
    assert not Lineage.objects.exists()


def test_a_deleted_accounts_private_commitments_take_their_links_with_them():
    process = ProcessFactory()
    private = CommitmentFactory(privacy="private")
    shared = CommitmentFactory(privacy="public", registration=private.registration)
    _proposed(private, process)
    _proposed(shared, process)
    user = private.registration.user
    account_services.delete_account(acting_user=user, user=user, reason="test")
    assert list(Lineage.objects.values_list("source_id", flat=True)) == [shared.pk]


# --- The coordinators confirm or refuse -------------------------------------------------------


def _journey_url(commitment: Commitment) -> str:
    return reverse("exchanges:journey", kwargs={"registration_id": commitment.registration_id})


def _lineage_url(process: Process) -> str:
    return reverse("coproduction:process-lineage", kwargs={"slug": process.slug})


def test_a_proposed_link_shows_to_the_delegate_and_coordinators_only(client):
    process = ProcessFactory(title="GM Decides")
    result = _result(process)
    commitment = CommitmentFactory(title="Start a residents' budget", privacy="public")
    _proposed(commitment, process)
    impact = reverse("exchanges:impact", kwargs={"slug": commitment.exchange.slug})
    # Not on the result page, for anyone, and not on the impact page for others.
    for viewer in (None, UserFactory(), _coordinator(process), commitment.registration.user):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        assert "Start a residents" not in client.get(result.get_absolute_url()).content.decode()
        shows = viewer is not None and viewer.pk != 0 and (
            viewer == commitment.registration.user or HubMembership.objects.filter(user=viewer).exists()
        )
        assert ("awaiting its coordinators" in client.get(impact).content.decode()) is shows
    client.force_login(commitment.registration.user)
    assert "awaiting its coordinators" in client.get(_journey_url(commitment)).content.decode()


def test_a_confirmed_link_shows_publicly_and_the_delegate_is_told(client, django_capture_on_commit_callbacks):
    process = ProcessFactory(title="GM Decides")
    result = _result(process)
    commitment = CommitmentFactory(title="Start a residents' budget", privacy="public")
    commitment.registration.user.email = "ada@example.org"
    commitment.registration.user.save()
    _proposed(commitment, process)
    coordinator = _coordinator(process)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(process, by=coordinator)
    link = Lineage.objects.get()
    assert (link.state, link.decided_by) == (Lineage.State.CONFIRMED, coordinator)
    assert "Start a residents&#x27; budget" in client.get(result.get_absolute_url()).content.decode()
    impact = client.get(reverse("exchanges:impact", kwargs={"slug": commitment.exchange.slug})).content.decode()
    assert "Became the co-production process" in impact and "awaiting" not in impact
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert "confirmed" in mail.outbox[0].body and "GM Decides" in mail.outbox[0].subject
    entry = AuditEntry.objects.get(action="lineage.confirm")
    assert entry.details["source_id"] == commitment.pk


def test_a_refused_link_is_kept_and_shown_to_the_delegate_with_the_reason(client, django_capture_on_commit_callbacks):
    process = ProcessFactory(title="GM Decides")
    result = _result(process)
    commitment = CommitmentFactory(title="Start a residents' budget", privacy="public")
    commitment.registration.user.email = "ada@example.org"
    commitment.registration.user.save()
    _proposed(commitment, process)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(process, confirm=False, reason="Our process began in 2015, before the visit.")
    assert Lineage.objects.get().state == Lineage.State.REFUSED
    assert AuditEntry.objects.get(action="lineage.refuse").reason == "Our process began in 2015, before the visit."
    assert "before the visit" in mail.outbox[0].body
    assert "Start a residents" not in client.get(result.get_absolute_url()).content.decode()
    impact = reverse("exchanges:impact", kwargs={"slug": commitment.exchange.slug})
    assert "GM Decides" not in client.get(impact).content.decode()
    client.force_login(commitment.registration.user)
    journey = client.get(_journey_url(commitment)).content.decode()
    assert "did not confirm" in journey and "Our process began in 2015, before the visit." in journey
    # Saving the commitment again with the same process leaves the refusal as it is.
    _proposed(commitment, process)
    assert Lineage.objects.get().state == Lineage.State.REFUSED


def test_choosing_another_process_proposes_it_afresh():
    first, second = ProcessFactory(), ProcessFactory()
    commitment = CommitmentFactory()
    _proposed(commitment, first)
    _decide(first, confirm=False, reason="Not ours.")
    _proposed(commitment, second)
    link = Lineage.objects.get()
    assert (link.target_id, link.state, link.reason, link.decided_by) == (second.pk, "proposed", "", None)


def test_refusing_needs_a_reason():
    process = ProcessFactory()
    _proposed(CommitmentFactory(), process)
    with pytest.raises(ValidationError) as refused:
        _decide(process, confirm=False, reason="  ")
    assert "reason" in refused.value.message_dict
    assert Lineage.objects.get().state == Lineage.State.PROPOSED


@pytest.mark.parametrize("role", ["member", "coordinator of another hub", "the delegate"])
def test_only_the_process_coordinators_decide(role):
    process = ProcessFactory()
    commitment = CommitmentFactory()
    _proposed(commitment, process)
    if role == "member":
        person = HubMembershipFactory(hub=process.hub).user
    elif role == "the delegate":
        person = commitment.registration.user
    else:
        person = HubMembershipFactory(role=HubMembership.Role.COORDINATOR).user
    with pytest.raises(PermissionDenied):
        _decide(process, by=person)
    assert Lineage.objects.get().state == Lineage.State.PROPOSED


def test_a_link_to_another_process_cannot_be_decided_from_this_one():
    mine, other = ProcessFactory(), ProcessFactory()
    _proposed(CommitmentFactory(), other)
    link = Lineage.objects.get()
    with pytest.raises(ValidationError):
        result_services.decide_lineage(acting_user=_coordinator(mine), process=mine, link_id=link.pk, confirm=True)
    assert Lineage.objects.get().state == Lineage.State.PROPOSED


def test_the_coordinators_page_lists_and_decides_links(client):
    process = ProcessFactory(title="GM Decides")
    private = CommitmentFactory(title="My quiet plan", privacy="private")
    public = CommitmentFactory(title="Open plan", privacy="public")
    _proposed(private, process)
    _proposed(public, process)
    client.force_login(_coordinator(process))
    html = client.get(_lineage_url(process)).content.decode()
    # Both proposals are put before the coordinators; only the shared one links to its page.
    assert "My quiet plan" in html and "Open plan" in html
    assert f"#commitment-{public.pk}" in html and f"#commitment-{private.pk}" not in html
    link = Lineage.objects.get(source_id=public.pk)
    response = client.post(_lineage_url(process), {"link": link.pk, "decision": "refuse", "reason": ""})
    assert response.status_code == 200
    assert "Say why it did not become this process" in response.content.decode()
    response = client.post(_lineage_url(process), {"link": link.pk, "decision": "confirm", "reason": ""})
    assert response.status_code == 302
    assert Lineage.objects.get(source_id=public.pk).state == Lineage.State.CONFIRMED
    html = client.get(_lineage_url(process)).content.decode()
    assert html.index("My quiet plan") < html.index('id="decided-title"') < html.index("Open plan")


def test_the_coordinators_page_is_a_403_or_404_to_others(client):
    process = ProcessFactory()
    hidden = ProcessFactory(is_published=False)
    commitment = CommitmentFactory()
    _proposed(commitment, process)
    link = Lineage.objects.get()
    client.force_login(HubMembershipFactory(hub=process.hub).user)
    assert client.get(_lineage_url(process)).status_code == 403
    assert client.post(_lineage_url(process), {"link": link.pk, "decision": "confirm"}).status_code == 403
    assert client.get(_lineage_url(hidden)).status_code == 404
    client.logout()
    assert client.get(_lineage_url(process)).status_code == 302  # to sign in
    assert Lineage.objects.get().state == Lineage.State.PROPOSED


@pytest.mark.parametrize("links", [1, 20])
def test_the_coordinators_page_costs_the_same_whatever_the_links(client, django_assert_num_queries, links):
    process = ProcessFactory()
    for _n in range(links):
        _proposed(CommitmentFactory(privacy="public"), process)
    client.force_login(_coordinator(process))
    client.get(_lineage_url(process))
    # session and user, the process and its phases, the viewer's hub role, the links, the commitments
    with django_assert_num_queries(7):
        response = client.get(_lineage_url(process))
    assert response.content.decode().count('class="card"') == links
