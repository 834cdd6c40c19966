"""Usernames that look like an existing one are refused (issue 9 §6): NFKC + the UTS #39
confusables skeleton, kept in a column with a unique constraint."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import UserFactory
from translocal.accounts import services
from translocal.accounts.models import User
from translocal.accounts.usernames import username_skeleton

pytestmark = pytest.mark.django_db

CYRILLIC_A = "\u0430"
SIGNUP = {
    "email": "someone@example.org",
    "display_name": "Someone",
    "password1": "lake victoria mornings",
    "password2": "lake victoria mornings",
}


@pytest.mark.parametrize(
    ("existing", "look_alike"),
    [
        ("amina", f"{CYRILLIC_A}mina"),  # the examples
        ("admin", f"{CYRILLIC_A}dmin"),
        ("amina", "AMINA"),
        ("amina", "\uff41\uff4d\uff49\uff4e\uff41"),  # fullwidth: NFKC
        ("amina", "ami\u200bna"),  # a zero-width space
        ("tom", "torn"),  # rn looks like m
        ("helen", "he1en"),  # digit one for l
        ("paypal", f"p{CYRILLIC_A}yp{CYRILLIC_A}l"),
    ],
)
def test_look_alikes_share_a_skeleton(existing, look_alike):
    assert username_skeleton(existing) == username_skeleton(look_alike)


@pytest.mark.parametrize(("one", "other"), [("amina", "amino"), ("tom", "tim"), ("amina_x", "amina-x")])
def test_different_names_keep_different_skeletons(one, other):
    assert username_skeleton(one) != username_skeleton(other)


@pytest.mark.parametrize(("existing", "look_alike"), [("amina", f"{CYRILLIC_A}mina"), ("admin", f"{CYRILLIC_A}dmin")])
def test_sign_up_refuses_a_username_confusable_with_an_existing_one(client, existing, look_alike):
    UserFactory(username=existing)
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "username": look_alike})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_username"' in body
    assert "looks too much like an existing one" in body
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_sign_up_keeps_what_was_typed_when_refusing_a_username(client):
    UserFactory(username="amina")
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "username": f"{CYRILLIC_A}mina"})
    body = response.content.decode()
    assert 'value="someone@example.org"' in body
    assert 'value="Someone"' in body


def test_the_database_refuses_a_look_alike_even_past_the_form():
    """Two sign-ups racing past the form's check: the unique skeleton decides."""
    UserFactory(username="amina")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username=f"{CYRILLIC_A}mina", email="other@example.org")


def test_the_service_turns_a_racing_look_alike_into_a_username_error():
    UserFactory(username="amina")
    with pytest.raises(ValidationError) as caught:
        services.sign_up(
            username=f"{CYRILLIC_A}mina", email="other@example.org", display_name="X",
            password="lake victoria mornings", site_url="https://example.org",
        )
    assert "username" in caught.value.message_dict


def test_renaming_an_account_keeps_its_skeleton_in_step():
    user = UserFactory(username="helen")
    user.username = "helena"
    user.save(update_fields=["username"])
    assert User.objects.get(pk=user.pk).username_skeleton == username_skeleton("helena")
    UserFactory(username="helen", email="another-helen@example.org")  # the old name is free again


def test_a_username_change_in_the_admin_is_refused_for_a_look_alike(client):
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    UserFactory(username="admin")
    target = UserFactory(username="tom")
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: (v if not isinstance(v, list) else v) for k, v in data.items()}
    data["username"] = f"{CYRILLIC_A}dmin"
    data.pop("password", None)
    for key in ("last_login_0", "last_login_1", "date_joined_0", "date_joined_1"):
        data.setdefault(key, "")
    data["date_joined_0"], data["date_joined_1"] = "2026-01-01", "10:00:00"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "looks too much like an existing one" in response.content.decode()
    target.refresh_from_db()
    assert target.username == "tom"
