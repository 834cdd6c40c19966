"""One member cannot keep a CPU busy for everyone (issue 9 §1): the Markdown they have rendered
is counted per member in the database (core.budgets), and past the budget a save is refused
with a clear form error (429) that keeps what was typed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory
from translocal.core.budgets import RATE_LIMITED, spend
from translocal.core.models import UsageCounter
from translocal.knowledge import services
from translocal.knowledge.models import Reflection

pytestmark = pytest.mark.django_db

BODY = "[" * 20_000  # a pathological shape, 20,000 characters


@pytest.fixture(autouse=True)
def _small_budget(settings):
    settings.RENDER_BUDGET_CHARACTERS = 50_000
    settings.RENDER_BUDGET_SECONDS = 600


def _form(body: str, username: str) -> dict[str, str]:
    return {
        "title": "Notes", "original_language": "en", "body": body, "action": "draft",
        "authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "0", "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "20", "authors-0-username": username,
    }


def test_past_the_budget_a_save_is_refused_with_429_and_the_text_is_kept(client):
    tom = UserFactory(username="tom")
    client.force_login(tom)
    url = reverse("knowledge:reflection-create")
    assert [client.post(url, _form(BODY, "tom")).status_code for _ in range(2)] == [302, 302]
    response = client.post(url, _form(BODY + "x", "tom"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have saved a great deal of text in the last few minutes" in page
    assert BODY + "x" in page  # nothing typed is lost
    assert Reflection.objects.count() == 2
    assert UsageCounter.objects.get(key=f"render:{tom.pk}").used == 40_000  # the refused one counted nothing


def test_the_budget_is_per_member_and_staff_are_not_limited():
    tom, helen, staff = UserFactory(), UserFactory(), UserFactory(is_staff=True)
    for _ in range(2):
        services.create_reflection(acting_user=tom, data={"title": "T", "body": BODY})
    with pytest.raises(ValidationError) as refused:
        services.create_reflection(acting_user=tom, data={"title": "T", "body": BODY})
    assert refused.value.error_dict["body"][0].code == RATE_LIMITED
    services.create_reflection(acting_user=helen, data={"title": "H", "body": BODY})
    for _ in range(4):
        services.create_reflection(acting_user=staff, data={"title": "S", "body": BODY})


def test_an_edit_that_leaves_the_body_alone_costs_nothing():
    tom = UserFactory()
    reflection = services.create_reflection(acting_user=tom, data={"title": "T", "body": BODY})
    for n in range(5):
        services.update_reflection(acting_user=tom, reflection=reflection, data={"title": f"T{n}", "body": BODY})
    assert UsageCounter.objects.get(key=f"render:{tom.pk}").used == 20_000


def test_spend_never_exceeds_the_limit_and_a_new_window_starts_afresh(monkeypatch):
    clock = iter([1_000_000_000.0] * 3 + [1_000_000_600.0] * 2)
    monkeypatch.setattr("translocal.core.budgets.time.time", lambda: next(clock))
    assert spend(key="k", amount=60, limit=100, window_seconds=600) == 40
    assert spend(key="k", amount=40, limit=100, window_seconds=600) == 0
    with pytest.raises(ValidationError):
        spend(key="k", amount=1, limit=100, window_seconds=600)
    assert spend(key="k", amount=100, limit=100, window_seconds=600) == 0  # the next window
    assert list(UsageCounter.objects.values_list("window", "used")) == [(1_000_000_200, 100)]
