"""Results (accountability): progress updates, the trace from proposals and comments to the
result they became and back, the process's progress summed up, "what happened to my
proposals", and exact query counts of the result pages."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from translocal.audit.models import AuditEntry
from translocal.coproduction import services as process_services
from translocal.coproduction.accountability import selectors, services
from translocal.coproduction.models import Comment, Proposal, Result, ResultLink

pytestmark = pytest.mark.django_db


def _result(world, process, **fields) -> Result:
    return services.create_result(acting_user=world.people["coordinator"], process=process,
                                  title=fields.pop("title", "Benches along the canal"), **fields)


def _update(world, result, day: int, progress: int, status: str = "in_progress", text: str = "Work done") -> None:
    services.add_progress_update(
        acting_user=world.people["coordinator"], result=result, on=dt.date(2026, 3, day), progress=progress,
        status=status, text=text,
    )


# --- Services ---------------------------------------------------------------------------------


def test_a_progress_update_moves_the_result_to_its_progress_and_status(world):
    result = _result(world, world.process(moment="results"))
    _update(world, result, 1, 30, text="Sites chosen with residents")
    _update(world, result, 20, 100, status="completed", text="Twelve benches installed")
    stored = Result.objects.get(pk=result.pk)
    assert (stored.progress, stored.status) == (100, "completed")
    newest_first = [u.text for u in selectors.updates_of(result=stored)]
    assert newest_first == ["Twelve benches installed", "Sites chosen with residents"]
    assert AuditEntry.objects.filter(action="result.progress").count() == 2


def test_an_update_dated_before_the_latest_adds_history_without_moving_the_result_back(world):
    result = _result(world, world.process(moment="results"))
    _update(world, result, 20, 80)
    _update(world, result, 5, 10, status="planned", text="Forgotten note from early March")
    stored = Result.objects.get(pk=result.pk)
    assert (stored.progress, stored.status) == (80, "in_progress")
    assert stored.updates.count() == 2


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_outside_0_to_100_is_refused(world, progress):
    process = world.process(moment="results")
    with pytest.raises(ValidationError) as refused:
        _result(world, process, progress=progress)
    assert "progress" in refused.value.error_dict
    result = _result(world, process)
    with pytest.raises(ValidationError):
        _update(world, result, 1, progress)
    assert not result.updates.exists()


def test_the_database_refuses_progress_over_100():
    from django.db import IntegrityError, transaction

    from tests.factories import ProcessFactory

    process = ProcessFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(process=process, title="Too far", progress=101)


@pytest.mark.parametrize("role", ["resident", "member", "moderator"])
def test_only_coordinators_and_staff_write_results(world, role):
    process = world.process(moment="results")
    with pytest.raises(PermissionDenied):
        services.create_result(acting_user=world.people[role], process=process, title="Not mine to say")
    result = _result(world, process)
    with pytest.raises(PermissionDenied):
        services.add_progress_update(acting_user=world.people[role], result=result, on=dt.date(2026, 1, 1),
                                     progress=5, status="planned", text="No")
    with pytest.raises(PermissionDenied):
        services.link_proposal(acting_user=world.people[role], result=result, proposal=world.proposal(process))


def test_a_proposal_of_another_process_or_linked_twice_is_refused(world):
    process = world.process(moment="results")
    result = _result(world, process)
    elsewhere = world.proposal(world.process(moment="results"))
    with pytest.raises(ValidationError):
        services.link_proposal(acting_user=world.people["coordinator"], result=result, proposal=elsewhere)
    proposal = world.proposal(process)
    services.link_proposal(acting_user=world.people["coordinator"], result=result, proposal=proposal)
    with pytest.raises(ValidationError) as refused:
        services.link_proposal(acting_user=world.people["coordinator"], result=result, proposal=proposal)
    assert "already linked" in refused.value.messages[0]
    assert ResultLink.objects.filter(result=result).count() == 1


def test_a_link_names_exactly_one_source_in_the_database(world):
    from django.db import IntegrityError, transaction

    process = world.process(moment="results")
    result = _result(world, process)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultLink.objects.create(result=result, process=process)


# --- The trace --------------------------------------------------------------------------------


def _comment(world, proposal, body="Put them in the shade") -> Comment:
    return Comment.objects.create(
        process=proposal.process, target_type=ContentType.objects.get_for_model(Proposal), target_id=proposal.pk,
        author=world.people["member"], body=body,
    )


def test_a_proposal_timeline_shows_the_result_it_became_and_its_progress(world, client):
    process = world.process(moment="results")
    proposal = world.proposal(process, title="Benches by the canal")
    process_services.answer_proposal(acting_user=world.people["coordinator"], proposal=proposal, state="accepted",
                                     text="Funded in the 2027 budget")
    result = _result(world, process, title="Canal benches programme")
    services.link_proposal(acting_user=world.people["coordinator"], result=result, proposal=proposal)
    services.add_progress_update(acting_user=world.people["coordinator"], result=result, on=timezone.localdate(),
                                 progress=50, status="in_progress", text="Six of twelve benches in place")
    body = client.get(proposal.get_absolute_url()).content.decode()
    timeline = body.split('id="timeline-title"')[1]
    assert "Became a result:" in timeline and "Canal benches programme" in timeline
    assert "Six of twelve benches in place" in timeline and "50%" in timeline
    # the official answer comes before the result, which comes before its progress
    assert timeline.index("Official answer") < timeline.index("Became a result") < timeline.index("Six of twelve")


def test_a_result_lists_the_proposals_and_comments_it_came_from_and_drops_hidden_ones(world, client):
    process = world.process(moment="results")
    kept, hidden = world.proposal(process, title="Kept proposal"), world.proposal(process, title="Hidden proposal")
    comment = _comment(world, kept, body="Benches with backs, please")
    result = _result(world, process)
    coordinator = world.people["coordinator"]
    for proposal in (kept, hidden):
        services.link_proposal(acting_user=coordinator, result=result, proposal=proposal)
    services.link_comment(acting_user=coordinator, result=result, comment=comment)
    process_services.hide(acting_user=coordinator, target=hidden, reason="Spam")
    body = client.get(result.get_absolute_url()).content.decode()
    sources = body.split('id="sources-title"')[1]
    assert "Kept proposal" in sources and "Hidden proposal" not in sources
    assert "Benches with backs, please" in sources and f"#comment-{comment.pk}" in sources


def test_the_process_page_sums_progress_leaving_discontinued_results_out(world, client):
    process = world.process(moment="results")
    for progress, status in ((100, "completed"), (50, "in_progress"), (0, "planned"), (10, "discontinued")):
        _result(world, process, progress=progress, status=status)
    progress = selectors.process_progress(process=process)
    assert (progress.total, progress.completed, progress.discontinued, progress.mean_progress) == (4, 1, 1, 50)
    body = client.get(process.get_absolute_url()).content.decode()
    assert 'value="50"' in body and "Overall progress" in body


def test_what_happened_to_my_proposals_shows_the_result_and_its_progress(world, client):
    process = world.process(moment="results")
    proposal = world.proposal(process, title="Lights on the towpath")
    result = _result(world, process, title="Towpath lighting")
    services.link_proposal(acting_user=world.people["coordinator"], result=result, proposal=proposal)
    _update(world, result, 3, 75)
    client.force_login(world.author)
    body = client.get(world.author.get_absolute_url()).content.decode()
    section = body.split('id="profile-proposals-title"')[1]
    assert "What happened to my proposals" in body
    assert "Towpath lighting" in section and "75% done" in section


def test_results_of_a_private_process_never_show_to_those_who_may_not_see_it(world, client):
    process = world.process(moment="results", access="members", title="Members only")
    result = _result(world, process, title="Secret result")
    assert client.get(result.get_absolute_url()).status_code == 404
    assert client.get(reverse("coproduction:result-list", args=[process.slug])).status_code == 404
    client.force_login(world.people["resident"])
    assert client.get(result.get_absolute_url()).status_code == 404
    client.force_login(world.people["member"])
    assert "Secret result" in client.get(result.get_absolute_url()).content.decode()


# --- Pages and query counts -------------------------------------------------------------------


def _many_results(process, n: int) -> None:
    Result.objects.bulk_create(Result(process=process, title=f"Result {i}", progress=i % 101) for i in range(n))


@pytest.mark.parametrize("rows", [10, 200])
def test_the_result_list_costs_the_same_at_10_and_200_results(world, client, django_assert_num_queries, rows):
    process = world.process(moment="results")
    _many_results(process, rows)
    url = reverse("coproduction:result-list", args=[process.slug])
    # the versions (one query), running phase (page cache), process + phases, progress summed,
    # results with their proposal counts
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count('class="card"') == rows
    client.force_login(world.people["coordinator"])
    # session, user, process + phases, hub role, progress, results
    with django_assert_num_queries(7):
        body = client.get(url).content.decode()
    assert "Add a result" in body


@pytest.mark.parametrize("rows", [10, 2000])
def test_the_result_page_costs_the_same_whatever_its_sources_and_updates(world, client, django_assert_num_queries,
                                                                         rows):
    process = world.process(moment="results")
    result = _result(world, process)
    proposals = Proposal.objects.bulk_create(
        Proposal(process=process, author=world.author, title=f"Proposal {i}", body="Text") for i in range(rows)
    )
    ResultLink.objects.bulk_create(ResultLink(result=result, process=process, proposal=p) for p in proposals[:10])
    comment = _comment(world, proposals[0])
    ResultLink.objects.create(result=result, process=process, comment=comment)
    from translocal.coproduction.models import ProgressUpdate

    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(result=result, on=dt.date(2026, 1, 1), progress=10, status="in_progress", text=f"Step {i}")
        for i in range(10)
    )
    ContentType.objects.get_for_model(Proposal)  # looked up once per server process, then cached
    # the versions (one query), running phase, process + phases, result, updates, sources,
    # the proposals the linked comments are on, a page of the result's own comments, the
    # commitments that became the process (core.lineage), its SDG goals
    with django_assert_num_queries(11):
        response = client.get(result.get_absolute_url())
    assert response.content.decode().count("Proposal ") >= 10


@pytest.mark.parametrize("updates", [1, 200])
def test_a_linked_proposal_page_costs_two_queries_more_whatever_the_updates(world, client, django_assert_num_queries,
                                                                           updates):
    process = world.process(moment="results")
    proposal = world.proposal(process)
    result = _result(world, process)
    services.link_proposal(acting_user=world.people["coordinator"], result=result, proposal=proposal)
    for day in range(updates):
        _update(world, result, 1 + day % 28, min(100, day))
    ContentType.objects.get_for_model(Proposal)
    # as an unlinked proposal (8), + the updates of the result it became
    with django_assert_num_queries(9):
        assert client.get(proposal.get_absolute_url()).status_code == 200


def test_coordinators_create_update_and_link_through_the_pages(world, client):
    process = world.process(moment="results")
    proposal = world.proposal(process)
    client.force_login(world.people["coordinator"])
    response = client.post(reverse("coproduction:result-create", args=[process.slug]), {
        "title": "Shade trees", "description": "", "status": "planned", "progress": "0",
    })
    result = Result.objects.get(title="Shade trees")
    assert response.status_code == 302 and response["Location"] == result.get_absolute_url()
    progress_url = reverse("coproduction:result-progress", args=[process.slug, result.pk])
    empty = client.post(progress_url, {"on": "", "status": "", "progress": "", "text": ""})
    assert empty.status_code == 200 and "There is a problem" in empty.content.decode()
    client.post(progress_url, {"on": "2026-04-01", "status": "in_progress", "progress": "25", "text": "Planted"})
    sources_url = reverse("coproduction:result-sources", args=[process.slug, result.pk])
    missing = client.post(sources_url, {"proposal": "999999"})
    assert "There is no proposal with this number" in missing.content.decode()
    client.post(sources_url, {"proposal": str(proposal.pk)})
    link = ResultLink.objects.get(result=result)
    assert link.proposal_id == proposal.pk
    client.post(reverse("coproduction:result-unlink", args=[process.slug, result.pk, link.pk]))
    assert not ResultLink.objects.filter(result=result).exists()
    assert Result.objects.get(pk=result.pk).progress == 25


def test_a_new_result_retires_the_anonymous_cached_process_page(world, client, django_capture_on_commit_callbacks):
    process = world.process(moment="results")
    assert "No results yet." in client.get(process.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _result(world, process, progress=40)
    assert 'value="40"' in client.get(process.get_absolute_url()).content.decode()


def test_someone_elses_profile_shows_results_only_of_public_proposals(world, client):
    process = world.process(moment="results", access="members")
    proposal = world.proposal(process, title="Members-only idea")
    result = _result(world, process, title="Members-only result")
    services.link_proposal(acting_user=world.people["coordinator"], result=result, proposal=proposal)
    client.force_login(UserFactory())
    body = client.get(world.author.get_absolute_url()).content.decode()
    assert "Members-only result" not in body and "Members-only idea" not in body
