"""The session store and the authentication backend read their row in plain SQL
(accounts.sessions, accounts.backends) and keep Django's rules: an expired or unknown session
signs no one in, an inactive person is not loaded, a changed password ends other sessions, and
each read is one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from translocal.accounts.backends import ModelBackend
from translocal.accounts.sessions import SessionStore
from translocal.core import caching

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


def test_asked_with_the_page_cache_the_person_comes_with_the_versions_in_the_same_query(django_assert_num_queries):
    """Inside ``core.caching.read_with_user`` the person's statement reads the request's versions
    too (the shared ones, the page's and the person's own, a missing one as 0): the same values
    a separate read gives, and the same person."""
    person = UserFactory(first_name="Amina")
    caching.content_changed(caching.SITE)
    caching.content_changed(caching.user_version_name(person.pk))
    caching.content_changed("hub:tidal")
    caching.content_changed("hub:tidal")
    request = RequestFactory().get("/")
    with django_assert_num_queries(1), caching.read_with_user(request, ["hub:tidal", "never:bumped"]):
        loaded = ModelBackend().get_user(person.pk)
    assert loaded is not None and loaded.first_name == "Amina"
    names = ["hub:tidal", "never:bumped", caching.user_version_name(person.pk)]
    with django_assert_num_queries(0):
        combined = caching.content_versions(request, names)
        shared = caching.content_version(request)
    separate = RequestFactory().get("/")
    assert combined == caching.content_versions(separate, names)
    assert combined[0] == 2 and combined[1] == 0 and combined[2] == 1
    assert shared == caching.content_version(separate)
    # Outside such a block, or once the request has read its versions, the person comes alone.
    assert ModelBackend().get_user(person.pk).pk == person.pk
    with caching.read_with_user(request, ["hub:other"]), django_assert_num_queries(1):
        ModelBackend().get_user(person.pk)
    assert caching.content_versions(request, ["hub:tidal"]) == [2]


def test_a_password_change_ends_the_other_sessions(client):
    person = UserFactory()
    client.force_login(person)
    profile = reverse("accounts:profile-edit")
    assert client.get(profile).status_code == 200
    person.set_password("another long passphrase 42")
    person.save()
    assert client.get(profile).status_code == 302  # to the sign-in page: the session hash differs


def test_on_postgresql_the_session_and_user_reads_are_prepared_on_their_connection():
    """Both reads go through ``core.raw_rows.prepared_cursor``: after five runs on a connection
    PostgreSQL keeps their plans (``OPTIONS["prepare_threshold"]``) and they read the same."""
    from django.db import connection  # noqa: PLC0415

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL")
    person = UserFactory()
    store = SessionStore()
    store["colour"] = "green"
    store.create()
    for _ in range(6):
        assert SessionStore(store.session_key)["colour"] == "green"
        assert ModelBackend().get_user(person.pk).pk == person.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(statement.startswith("SELECT session_data FROM django_session") for statement in prepared)
    assert any(f"FROM {type(person)._meta.db_table} u WHERE u.id = $1" in statement for statement in prepared)


def test_a_remembered_session_decodes_as_django_does_and_a_changed_byte_or_key_is_checked_again():
    """The store remembers a decoded session by its exact signed text (accounts.sessions): the
    same dict each time, a fresh copy the caller may change, and a text changed by one byte or
    read under another SECRET_KEY goes through Django's signature check again (and fails)."""
    store = SessionStore()
    store["_auth_user_id"] = "7"
    store["colour"] = "green"
    store.create()
    data = Session.objects.get(session_key=store.session_key).session_data
    first = SessionStore().decode(data)
    assert first == {"_auth_user_id": "7", "colour": "green"}
    first["colour"] = "red"
    assert SessionStore().decode(data) == {"_auth_user_id": "7", "colour": "green"}
    tampered = data[:-1] + ("A" if data[-1] != "A" else "B")
    assert SessionStore().decode(tampered) == {}
    with override_settings(SECRET_KEY="another-secret-key-" + "x" * 40):
        assert SessionStore().decode(data) == {}
    assert SessionStore(store.session_key)["colour"] == "green"


def test_the_session_hash_follows_the_password_and_the_secret_key():
    """``User.get_session_auth_hash`` is remembered per password hash and SECRET_KEY: the value
    Django computes, and another one as soon as either changes."""
    from django.contrib.auth.base_user import AbstractBaseUser  # noqa: PLC0415

    person = UserFactory()
    django_value = AbstractBaseUser.get_session_auth_hash(person)
    assert person.get_session_auth_hash() == django_value
    assert person.get_session_auth_hash() == django_value  # remembered
    with override_settings(SECRET_KEY="another-secret-key-" + "x" * 40):
        assert person.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(person) != django_value
    person.set_password("another long passphrase 42")
    assert person.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(person) != django_value


def _signed_in_request(client, person) -> tuple[object, str]:
    """A request carrying ``person``'s session cookie (signed in with the test client)."""
    client.force_login(person)
    key = client.cookies["sessionid"].value
    request = RequestFactory().get("/")
    request.session = SessionStore(key)
    return request, key


def _user_in_page_cache_block(request, names=("hub:tidal",)):
    """``request.user`` as the page cache loads it: inside ``read_with_user``."""
    from django.contrib.auth import get_user  # noqa: PLC0415

    with caching.read_with_user(request, list(names)):
        return get_user(request)


def test_a_session_seen_before_brings_its_person_and_the_versions_in_one_statement(client, django_assert_num_queries):
    """The store remembers whom a session signed in (by its key): inside ``read_with_user`` the
    next read of it is one statement, the session's row with that person's and the versions;
    the same person and versions as separate reads give."""
    person = UserFactory(first_name="Amina")
    caching.content_changed("hub:tidal")
    request, key = _signed_in_request(client, person)
    with django_assert_num_queries(2):  # first seen in this process: the session alone, then the rest
        assert _user_in_page_cache_block(request).pk == person.pk
    again = RequestFactory().get("/")
    again.session = SessionStore(key)
    with django_assert_num_queries(1):
        loaded = _user_in_page_cache_block(again)
    assert loaded.pk == person.pk and loaded.first_name == "Amina"
    fresh = type(person).objects.get(pk=person.pk)
    for field in type(person)._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
    names = ["hub:tidal", caching.user_version_name(person.pk)]
    with django_assert_num_queries(0):
        combined = caching.content_versions(again, names)
    assert combined == caching.content_versions(RequestFactory().get("/"), names) == [1, 0]


def test_a_session_that_now_names_someone_else_loads_that_person(client, monkeypatch):
    """The remembered person is only a guess for the statement: when the session's data, read
    in it, names someone else, that person is read and signed in, never the one guessed; an
    expired session signs no one in, and a guessed person gone is no one."""
    from translocal.accounts import sessions  # noqa: PLC0415

    amina, bongani = UserFactory(first_name="Amina"), UserFactory(first_name="Bongani")
    request, key = _signed_in_request(client, bongani)
    monkeypatch.setitem(sessions._SIGNED_IN_AS, key, amina.pk)  # a wrong guess
    loaded = _user_in_page_cache_block(request)
    assert loaded.pk == bongani.pk and loaded.first_name == "Bongani"
    assert caching.content_versions(request, [caching.user_version_name(bongani.pk)]) == [0]
    # A guessed person who no longer exists does not stop the right one loading.
    monkeypatch.setitem(sessions._SIGNED_IN_AS, key, amina.pk + 10_000)
    again = RequestFactory().get("/")
    again.session = SessionStore(key)
    assert _user_in_page_cache_block(again).pk == bongani.pk
    # The person named has gone (the session's data names them, the row is gone): no one.
    gone_request, gone_key = _signed_in_request(client, amina)
    _user_in_page_cache_block(gone_request)  # remembered now
    type(amina).objects.filter(pk=amina.pk).delete()
    later = RequestFactory().get("/")
    later.session = SessionStore(gone_key)
    assert not _user_in_page_cache_block(later).is_authenticated
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = RequestFactory().get("/")
    expired.session = SessionStore(key)
    assert not _user_in_page_cache_block(expired).is_authenticated
    assert expired.session.session_key is None  # forgotten, as Django's store does
