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


def test_signup_creates_the_user_and_signs_them_in(client):
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(username="amina")
    assert user.display_name == "Amina Odhiambo"
    assert user.check_password("lake victoria mornings")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_rejects_an_email_that_differs_only_in_case(client):
    UserFactory(email="amina@example.org")
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_email"' in body
    assert "already exists" in body


def test_signup_reports_mismatched_passwords_on_the_second_field(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "password2": "something else entirely"})
    assert response.status_code == 200
    assert 'href="#id_password2"' in response.content.decode()
    assert not User.objects.filter(username="amina").exists()


def test_signup_rejects_a_weak_password(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "password1": "12345", "password2": "12345"})
    assert 'href="#id_password1"' in response.content.decode()


def test_signup_requires_all_fields_with_field_errors(client):
    response = client.post(reverse("accounts:signup"), {})
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
