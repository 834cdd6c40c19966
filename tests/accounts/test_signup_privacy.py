"""Sign-up never tells a stranger whether an e-mail address has an account (issue 9 §6): the
answer is the same either way, and the address's owner is told by e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from translocal.accounts import services
from translocal.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "newcomer",
    "display_name": "New Comer",
    "password1": "lake victoria mornings",
    "password2": "lake victoria mornings",
}


def _sign_up(signup_post, client, email: str):  # noqa: ANN001, ANN202
    return signup_post(client, {**SIGNUP, "email": email}, follow=True)


def test_a_known_and_an_unknown_address_get_the_same_answer(client, django_user_model, signup_post):
    UserFactory(username="amina", email="amina@example.org")
    known = _sign_up(signup_post, client, "AMINA@example.org")
    User.objects.filter(username="newcomer").delete()
    unknown = _sign_up(signup_post, client, "somebody-new@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("accounts:signup-sent"), 302)]
    assert known.content == unknown.content
    assert "An account with this e-mail address already exists" not in known.content.decode()


def test_a_known_address_gets_no_second_account_and_its_owner_an_e_mail(client, signup_post):
    UserFactory(username="amina", email="amina@example.org", display_name="Amina Odhiambo")
    _sign_up(signup_post, client, "Amina@Example.org")
    assert User.objects.filter(email__iexact="amina@example.org").count() == 1
    assert not User.objects.filter(username="newcomer").exists()
    (message,) = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject == "Someone tried to create a Translocal account with your address"
    assert 'Your username is "amina"' in message.body
    assert "http://testserver/accounts/login/" in message.body
    assert "http://testserver/accounts/password-reset/" in message.body
    assert "newcomer" not in message.body  # nothing the stranger typed is passed on


def test_an_unconfirmed_account_s_owner_gets_a_fresh_confirmation_link(client, signup_post):
    signup_post(client, {**SIGNUP, "email": "new@example.org"})
    mail.outbox.clear()
    signup_post(client, {**SIGNUP, "username": "second-try", "email": "new@example.org"})
    (message,) = mail.outbox
    assert 'Your account "newcomer" is waiting' in message.body
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", message.body).group(1)
    assert client.post(link).status_code == 302
    assert User.objects.get(username="newcomer").is_active


def test_a_concurrent_sign_up_with_the_same_address_is_told_to_the_owner_not_the_stranger(
    django_capture_on_commit_callbacks,
):
    """The database's unique e-mail constraint decides a race: the loser is treated as a known
    address (an e-mail to the owner), never as an error that would reveal it."""
    owner = UserFactory(username="amina", email="amina@example.org")
    services.sign_up(
        username="latecomer",
        email="AMINA@example.org",
        display_name="Late",
        password="lake victoria mornings",
        site_url="https://example.org",
    )
    assert list(User.objects.filter(email__iexact="amina@example.org")) == [owner]
    assert mail.outbox[0].to == ["amina@example.org"]


@pytest.mark.django_db(transaction=True)
def test_sign_up_hashes_the_password_outside_any_transaction(monkeypatch):
    """Hashing is slow on purpose; inside a write transaction it would hold SQLite's lock."""
    from django.db import connection

    seen: list[bool] = []
    real = services.make_password

    def spy(password, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.append(connection.in_atomic_block)
        return real(password, *args, **kwargs)

    monkeypatch.setattr(services, "make_password", spy)
    services.sign_up(
        username="newcomer", email="x@example.org", display_name="X", password="lake victoria mornings",
        site_url="https://example.org",
    )
    assert seen == [False]
    assert User.objects.filter(username="newcomer", is_active=False).exists()
