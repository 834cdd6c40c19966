"""The admin pages of django-axes' records (sign-in attempts, access log, failures): every
action on them works for staff. axes' own "Clean up expired attempts" read an attribute only
its sign-in handler sets and failed with a 500 from the admin."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AXES_MODELS = [AccessAttempt, AccessLog, AccessFailureLog]


def _old_and_new_attempts() -> tuple[AccessAttempt, AccessAttempt]:
    old = AccessAttempt.objects.create(
        username="amina", ip_address="203.0.113.7", user_agent="old", http_accept="*/*",
        path_info="/accounts/login/", get_data="", post_data="", failures_since_start=3,
    )
    # attempt_time is auto_now_add: move it back past the cool-off (15 minutes) with an update.
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timedelta(hours=2))
    new = AccessAttempt.objects.create(
        username="amina", ip_address="203.0.113.7", user_agent="new", http_accept="*/*",
        path_info="/accounts/login/", get_data="", post_data="", failures_since_start=1,
    )
    return old, new


def _one_row_of_each() -> dict[type, object]:
    old, _ = _old_and_new_attempts()
    common = {"username": "amina", "ip_address": "203.0.113.7", "user_agent": "ua", "http_accept": "*/*",
              "path_info": "/accounts/login/"}
    return {
        AccessAttempt: old,
        AccessLog: AccessLog.objects.create(**common),
        AccessFailureLog: AccessFailureLog.objects.create(**common, locked_out=True),
    }


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _actions(model: type) -> list[str]:
    request = RequestFactory().get("/")
    request.user = UserFactory(username=f"probe-{model.__name__}", is_staff=True, is_superuser=True)
    return list(admin.site._registry[model].get_actions(request))


def _changelist(model: type) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_action_on_the_sign_in_records_answers_without_a_server_error(staff_client):
    rows = _one_row_of_each()
    tried = []
    for model in AXES_MODELS:
        for action in _actions(model):
            row = model.objects.first() or rows[model]
            data = {"action": action, "_selected_action": [row.pk]}
            response = staff_client.post(_changelist(model), data)
            assert response.status_code < 500, (model.__name__, action, response.status_code)
            if action == "delete_selected":  # the confirmation page, then the confirmed deletion
                assert response.status_code == 200 and b"Are you sure" in response.content
                response = staff_client.post(_changelist(model), {**data, "post": "yes"})
                assert response.status_code == 302, (model.__name__, action)
                assert not model.objects.filter(pk=row.pk).exists()
            tried.append((model.__name__, action))
    assert ("AccessAttempt", "clean_up_expired_attempts") in tried
    assert {name for name, action in tried if action == "delete_selected"} == {
        "AccessAttempt", "AccessLog", "AccessFailureLog",
    }


def test_cleaning_up_expired_attempts_removes_those_past_the_cool_off_only(staff_client):
    old, new = _old_and_new_attempts()
    response = staff_client.post(
        _changelist(AccessAttempt), {"action": "clean_up_expired_attempts", "_selected_action": [new.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Removed 1 expired sign-in attempt." in response.content.decode()
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [new.pk]


def test_only_staff_who_may_delete_attempts_can_clean_them_up():
    from django.core.exceptions import PermissionDenied

    from translocal.accounts.services import forget_expired_sign_in_attempts

    _old_and_new_attempts()
    with pytest.raises(PermissionDenied):
        forget_expired_sign_in_attempts(acting_user=UserFactory(is_staff=True))
    assert AccessAttempt.objects.count() == 2
