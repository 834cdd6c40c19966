"""No silent lost update on profiles (issue 9 §7): the same person in two tabs."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.knowledge.test_lost_updates import form_data
from translocal.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_stale_profile_form_is_refused_and_keeps_what_was_typed(client):
    amina = UserFactory(username="amina", display_name="Amina", bio="First bio.")
    client.force_login(amina)
    url = reverse("accounts:profile-edit")
    first_tab, second_tab = form_data(client.get(url)), form_data(client.get(url))
    assert client.post(url, {**first_tab, "display_name": "Amina Odhiambo"}).status_code == 302
    response = client.post(url, {**second_tab, "bio": "Works on **warm homes**."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved changes after you opened this form: Your name." in body
    assert "Saved now: “Amina Odhiambo”" in body
    assert "Works on **warm homes**." in body
    stored = User.objects.get(pk=amina.pk)
    assert (stored.display_name, stored.bio, stored.version) == ("Amina Odhiambo", "First bio.", 2)
