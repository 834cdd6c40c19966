"""A commitment records the co-production process it became, and that process's results list
the commitments they came from (core.lineage: neither pillar imports the other). Each side
shows only what the viewer may see: a private commitment never reaches a result page, a
process the viewer may not see never shows on an impact page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import HubMembershipFactory, ProcessFactory, UserFactory
from translocal.accounts import services as account_services
from translocal.coproduction.models import Process, Result
from translocal.core.models import Lineage
from translocal.exchanges import services
from translocal.exchanges.models import Commitment

from .factories import AcceptedRegistrationFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


def _result(process: Process) -> Result:
    return Result.objects.create(process=process, title="Benches along the canal")


def _became(commitment: Commitment, process: Process | None) -> None:
    services.save_commitment(
        acting_user=commitment.registration.user,
        registration=commitment.registration,
        commitment=commitment,
        data={"becomes": process.pk if process else None},
    )


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
    assert "Became the co-production process" in journey and process.get_absolute_url() in journey
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
    _became(commitment, None)
    assert not Lineage.objects.exists()


def test_a_deleted_accounts_private_commitments_take_their_links_with_them():
    process = ProcessFactory()
    private = CommitmentFactory(privacy="private")
    shared = CommitmentFactory(privacy="public", registration=private.registration)
    _became(private, process)
    _became(shared, process)
    user = private.registration.user
    account_services.delete_account(acting_user=user, user=user, reason="test")
    assert list(Lineage.objects.values_list("source_id", flat=True)) == [shared.pk]
