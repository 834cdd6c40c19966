import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from translocal.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "amina",
    "email": "Amina@Example.org",
    "display_name": "Amina Odhiambo",
    "password1": "lake victoria mornings",
    "password2": "lake victoria mornings",
}


def test_signup_creates_an_inactive_user_and_the_e_mailed_link_signs_them_in(client, signup_post):
    response = signup_post(client, SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup-sent")
    user = User.objects.get(username="amina")
    assert user.display_name == "Amina Odhiambo"
    assert user.email == "Amina@example.org"
    assert user.check_password("lake victoria mornings")
    assert not user.is_active
    assert "_auth_user_id" not in client.session

    (message,) = mail.outbox
    assert message.to == ["Amina@example.org"]
    assert message.subject == "Confirm your Translocal account"
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", message.body).group(1)
    # Opening the link (as a mail scanner would) changes nothing; the button confirms.
    assert "Confirm and sign in" in client.get(link).content.decode()
    user.refresh_from_db()
    assert not user.is_active
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile-edit")
    user.refresh_from_db()
    assert user.is_active
    assert client.session["_auth_user_id"] == str(user.pk)
    # The link works once.
    client.post(reverse("accounts:logout"))
    assert client.post(link).status_code == 400


def test_a_confirmation_link_with_a_bad_token_is_refused_with_a_message(client, signup_post):
    signup_post(client, SIGNUP)
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", mail.outbox[0].body).group(1)
    uid = link.split("/")[-3]
    for bad in (f"/accounts/signup/confirm/{uid}/abc-def/", "/accounts/signup/confirm/!!!/abc-def/",
                "/accounts/signup/confirm/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk/abc-def/"):
        response = client.post(bad)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not User.objects.get(username="amina").is_active


def test_an_unconfirmed_account_cannot_sign_in(client, signup_post):
    signup_post(client, SIGNUP)
    response = client.post(reverse("accounts:login"), {"username": "amina", "password": "lake victoria mornings"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_confirmation_link_keeps_a_safe_next_address(client, signup_post):
    signup_post(client, {**SIGNUP, "next": "/cases/"})
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+)\s", mail.outbox[0].body).group(1)
    assert client.post(link)["Location"] == "/cases/"


def test_the_confirmation_link_drops_a_foreign_next_address(client, signup_post):
    signup_post(client, {**SIGNUP, "next": "https://evil.example/"})
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+)\s", mail.outbox[0].body).group(1)
    assert "evil" not in link
    assert client.post(link)["Location"] == reverse("accounts:profile-edit")


def test_signup_reports_mismatched_passwords_on_the_second_field(client, signup_post):
    response = signup_post(client, {**SIGNUP, "password2": "something else entirely"})
    assert response.status_code == 200
    assert 'href="#id_password2"' in response.content.decode()
    assert not User.objects.filter(username="amina").exists()


def test_signup_rejects_a_weak_password(client, signup_post):
    response = signup_post(client, {**SIGNUP, "password1": "12345", "password2": "12345"})
    assert 'href="#id_password1"' in response.content.decode()


def test_signup_requires_all_fields_with_field_errors(client, signup_post):
    response = signup_post(client, {})
    body = response.content.decode()
    for field in ("username", "email", "display_name", "password1", "password2"):
        assert f'href="#id_{field}"' in body
        assert f'id="id_{field}-error"' in body


def test_login_and_logout_by_post(client):
    user = UserFactory(username="jo")
    response = client.post(reverse("accounts:login"), {"username": "jo", "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_login_with_a_wrong_password_shows_an_error_summary(client):
    UserFactory(username="jo")
    response = client.post(reverse("accounts:login"), {"username": "jo", "password": "nope"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_password_reset_by_email(client):
    user = UserFactory(email="reset@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "reset@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reset@example.org"]
    assert "Reset your Translocal password" in message.subject
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        set_url, {"new_password1": "a brand new secret", "new_password2": "a brand new secret"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new secret")


def test_password_reset_for_unknown_address_sends_nothing_but_looks_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_forms_carry_a_csrf_token(client):
    assert "csrfmiddlewaretoken" in client.get(reverse("accounts:signup")).content.decode()
    assert "csrfmiddlewaretoken" in client.get(reverse("accounts:login")).content.decode()
