"""The local SDG report of the demo network's Greater Manchester."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.commit_hooks import rolled_back_transaction

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        with rolled_back_transaction():
            call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
            yield


pytestmark = pytest.mark.django_db


def test_greater_manchester_report_shows_its_local_target_trend_and_tagged_case(demo, client):
    page = client.get(reverse("sdg:place-report", kwargs={"slug": "greater-manchester"})).content.decode()
    goal_11 = page.split('id="sdg-goal-11"')[1].split('<section class="sdg-goal"')[0]
    assert "11.3.GM1" in goal_11
    assert "Every neighbourhood plan in Greater Manchester co-produced with its residents by 2030" in goal_11
    assert "Trend of 11.3.GM1: from 8 to 34 %" in goal_11
    # the case tagged at target level, its target by our concise label, linked to the target's page
    assert "citizens" in goal_11.lower() and "11.3 Inclusive, participatory planning</a>" in goal_11
    assert '/goals/11/#target-11-3"' in goal_11
    assert "(draft)" not in page


def test_the_hub_report_of_the_demo_answers(demo, client):
    response = client.get(reverse("sdg:hub-report", kwargs={"slug": "gm-just-cities-lab"}))
    assert response.status_code == 200 and "11.3.GM1" in response.content.decode()


def test_greater_manchester_report_shows_its_process_result_and_commitments(demo, client):
    page = client.get(reverse("sdg:place-report", kwargs={"slug": "greater-manchester"})).content.decode()
    goal_11 = page.split('id="sdg-goal-11"')[1].split('<section class="sdg-goal"')[0]
    assert "Greater Manchester Decides: neighbourhood priorities 2027" in goal_11  # at target 11.3
    assert "Night bus trial on the 43 route" in goal_11
    assert "Map damp and flooding homes with Levenshulme neighbours" in goal_11
    assert "2 follow-ups, the latest on" in goal_11
    goal_16 = page.split('id="sdg-goal-16"')[1].split('<section class="sdg-goal"')[0]
    assert "Pair every newcomer at the Oldham youth forum" in goal_16
    # Private and participants-only commitments of the same delegates never show.
    assert "Write plain-language refusal notes" not in page and "Hold the next ward budget count" not in page


def test_the_demo_commitment_page_shows_its_goals(demo, client):
    from translocal.exchanges.models import Commitment

    commitment = Commitment.objects.get(title__startswith="Map damp and flooding homes")
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Sustainable Development Goals" in page and "/goals/13/" in page
