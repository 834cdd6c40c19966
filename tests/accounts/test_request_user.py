"""Views get the signed-in person (or AnonymousUser) itself in ``request.user``, not Django's
lazy wrapper, once the row is read before the view (accounts.middleware)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from tests.factories import UserFactory
from translocal.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_view_gets_the_person_itself(client):
    person = UserFactory(username="amara", preferred_language="es")
    client.force_login(person)
    response = client.get("/")
    assert response.status_code == 200
    seen = response.wsgi_request.user
    assert type(seen) is User and seen.pk == person.pk
    assert response.wsgi_request.LANGUAGE_CODE == "es"  # the language still comes with the row


def test_an_anonymous_view_gets_anonymous_user(client):
    response = client.get("/")
    assert type(response.wsgi_request.user) is AnonymousUser
    assert not isinstance(response.wsgi_request.user, SimpleLazyObject)
