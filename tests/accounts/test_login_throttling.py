"""Sign-in throttling (issue 9 §6): failures per account and per address lock sign-in, even
with the right password, until the cool-off passes or the owner resets the password."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"
LIMIT = 10  # settings.AXES_FAILURE_LIMIT (LOGIN_FAILURE_LIMIT's default)


def _sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_limit_is_ten_and_the_cool_off_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_fifty_wrong_passwords_then_the_right_one_is_refused_with_a_message(client):
    """The issue's example: today the 51st attempt, with the right password, signs in."""
    UserFactory(username="amina")
    for _ in range(50):
        _sign_in(client, "amina", "wrong guess")
    response = _sign_in(client, "amina", RIGHT)
    assert response.status_code == 429
    assert not _signed_in(client)
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Too many failed sign-in attempts" in body
    assert "Try again in 15 minutes, or reset your password" in body
    assert reverse("accounts:password_reset") in body


def test_below_the_limit_the_right_password_still_signs_in(client):
    UserFactory(username="amina")
    for _ in range(LIMIT - 1):
        assert _sign_in(client, "amina", "wrong guess").status_code == 200
    assert _sign_in(client, "amina", RIGHT).status_code == 302
    assert _signed_in(client)


def test_the_lock_is_per_account_whatever_the_address(client):
    """An attacker spreading guesses over many addresses still locks the one account."""
    UserFactory(username="amina")
    for attempt in range(LIMIT):
        _sign_in(client, "amina", "wrong guess", address=f"198.51.100.{attempt}")
    response = _sign_in(Client(), "amina", RIGHT, address="192.0.2.200")
    assert response.status_code == 429
    # Another account from that fresh address is not affected.
    UserFactory(username="tom")
    other = Client()
    assert _sign_in(other, "tom", RIGHT, address="192.0.2.200").status_code == 302


def test_the_lock_is_per_address_whatever_the_account(client):
    """Guessing across many accounts from one address locks that address, for every account."""
    UserFactory(username="amina")
    for attempt in range(LIMIT):
        _sign_in(client, f"someone{attempt}", "wrong guess", address="203.0.113.9")
    assert _sign_in(Client(), "amina", RIGHT, address="203.0.113.9").status_code == 429
    assert _sign_in(Client(), "amina", RIGHT, address="203.0.113.10").status_code == 302


def test_after_the_cool_off_the_right_password_works_again(client):
    UserFactory(username="amina")
    for _ in range(LIMIT):
        _sign_in(client, "amina", "wrong guess")
    assert _sign_in(client, "amina", RIGHT).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _sign_in(client, "amina", RIGHT).status_code == 302
    assert _signed_in(client)


def test_a_password_reset_works_while_locked_and_lifts_the_lock(client):
    UserFactory(username="amina", email="amina@example.org")
    for _ in range(LIMIT):
        _sign_in(client, "amina", "wrong guess")
    assert _sign_in(client, "amina", RIGHT).status_code == 429

    response = client.post(reverse("accounts:password_reset"), {"email": "amina@example.org"})
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/[^\s]+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True, REMOTE_ADDR="203.0.113.7")
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a new lake view at dawn", "new_password2": "a new lake view at dawn"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="amina").exists()
    assert _sign_in(client, "amina", "a new lake view at dawn").status_code == 302
    assert _signed_in(client)


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="amina")
    for attempt in range(LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": f"someone{attempt}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="forged, 203.0.113.50",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}
    # The same proxy relaying another client: not locked.
    ok = Client().post(
        reverse("accounts:login"),
        {"username": "amina", "password": RIGHT},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.51",
    )
    assert ok.status_code == 302


def test_without_a_proxy_a_forwarded_header_is_ignored(client):
    client.post(
        reverse("accounts:login"),
        {"username": "x", "password": "wrong"},
        REMOTE_ADDR="203.0.113.60",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.60"]


def test_a_locked_admin_login_gets_the_lockout_page(client):
    UserFactory(username="staffer", is_staff=True)
    for _ in range(LIMIT):
        client.post(reverse("admin:login"), {"username": "staffer", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "staffer", "password": RIGHT})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
