"""Process pages: exact query counts at 10 and 200 processes, and the current phase shown."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import HubFactory, PhaseFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def _processes(n: int) -> list:
    hub = HubFactory()
    processes = ProcessFactory.create_batch(n, hub=hub)
    for process in processes:
        PhaseFactory(process=process, position=1, name="Ideas")
        PhaseFactory(process=process, position=2, name="Vote", starts_at=timezone.now() + dt.timedelta(days=40))
    return processes


@pytest.mark.parametrize("rows", [10, 200])
def test_process_list_costs_the_same_at_10_and_200_processes(client, django_assert_num_queries, rows):
    _processes(rows)
    # content version (page cache), processes (with hub and place), their phases
    with django_assert_num_queries(3):
        response = client.get(reverse("coproduction:process-list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == min(rows, 24)


@pytest.mark.parametrize("rows", [10, 200])
def test_process_list_signed_in_costs_the_same_at_10_and_200_processes(client, django_assert_num_queries, rows):
    _processes(rows)
    client.force_login(UserFactory())
    # session, user, hubs they coordinate, processes, phases
    with django_assert_num_queries(5):
        assert client.get(reverse("coproduction:process-list")).status_code == 200


def test_process_page_highlights_the_current_phase(client, django_assert_num_queries):
    process = _processes(1)[0]
    # content version and running phase (page cache), process (with hub and place), phases,
    # its results summed up, its polls, its budgets, its SDG goals; the vectors' version (for
    # related practice and who else tried this: nothing more, the process has no vector here)
    with django_assert_num_queries(9):
        response = client.get(process.get_absolute_url())
    body = response.content.decode()
    assert 'class="phase phase--current" aria-current="step"' in body
    current = body.split('aria-current="step"')[1].split("</li>")[0]
    assert "Ideas" in current and "Vote" not in current
    assert body.count("aria-current=\"step\"") == 1


def test_anonymous_process_pages_are_served_from_the_page_cache(client, django_assert_num_queries):
    process = _processes(1)[0]
    client.get(process.get_absolute_url())
    with django_assert_num_queries(2):  # the content version and the running phase
        assert client.get(process.get_absolute_url()).status_code == 200


def test_a_cached_process_page_follows_the_phase_that_starts_with_the_clock(client):
    from translocal.coproduction.models import Phase

    process = _processes(1)[0]
    first = client.get(process.get_absolute_url()).content.decode()  # now in the page cache
    assert "Ideas" in first.split('aria-current="step"')[1].split("</li>")[0]
    # The second phase starts (no write to the process: the clock moved, here the dates do).
    Phase.objects.filter(process=process, position=1).update(ends_at=timezone.now() - dt.timedelta(seconds=1))
    Phase.objects.filter(process=process, position=2).update(starts_at=timezone.now() - dt.timedelta(seconds=1))
    body = client.get(process.get_absolute_url()).content.decode()
    current = body.split('aria-current="step"')[1].split("</li>")[0]
    assert "Vote" in current
