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
    # content version (page cache), process (with hub and place), phases
    with django_assert_num_queries(3):
        response = client.get(process.get_absolute_url())
    body = response.content.decode()
    assert 'class="phase phase--current" aria-current="step"' in body
    current = body.split('aria-current="step"')[1].split("</li>")[0]
    assert "Ideas" in current and "Vote" not in current
    assert body.count("aria-current=\"step\"") == 1


def test_anonymous_process_pages_are_served_from_the_page_cache(client, django_assert_num_queries):
    process = _processes(1)[0]
    client.get(process.get_absolute_url())
    with django_assert_num_queries(1):  # the content version
        assert client.get(process.get_absolute_url()).status_code == 200
