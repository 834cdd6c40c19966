"""The session store and the authentication backend read their row in plain SQL
(accounts.sessions, accounts.backends) and keep Django's rules: an expired or unknown session
signs no one in, an inactive person is not loaded, a changed password ends other sessions, and
each read is one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from translocal.accounts.backends import ModelBackend
from translocal.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_is_read_back_in_one_query_until_it_expires(django_assert_num_queries):
    store = SessionStore()
    store["colour"] = "green"
    store.create()
    with django_assert_num_queries(1):
        assert SessionStore(store.session_key)["colour"] == "green"
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # forgotten, as Django's store does
    assert SessionStore("nosuchsessionkeyatall1234").load() == {}


def test_the_backend_loads_a_person_in_one_query_as_the_orm_does(django_assert_num_queries):
    person = UserFactory(first_name="Amina", preferred_language="es")
    with django_assert_num_queries(1):
        loaded = ModelBackend().get_user(person.pk)
    assert loaded is not None
    fresh = type(person).objects.get(pk=person.pk)
    for field in type(person)._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
    assert ModelBackend().get_user(person.pk + 10_000) is None
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    assert ModelBackend().get_user(person.pk) is None


def test_a_password_change_ends_the_other_sessions(client):
    person = UserFactory()
    client.force_login(person)
    profile = reverse("accounts:profile-edit")
    assert client.get(profile).status_code == 200
    person.set_password("another long passphrase 42")
    person.save()
    assert client.get(profile).status_code == 302  # to the sign-in page: the session hash differs
