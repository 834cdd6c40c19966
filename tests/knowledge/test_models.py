"""Invariants the database itself enforces, whatever code writes the rows."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests.factories import AuthorshipFactory, CaseFactory, ReflectionFactory, SeriesFactory, UserFactory
from translocal.knowledge.models import Authorship, Status

pytestmark = pytest.mark.django_db


def test_published_case_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(status=Status.PUBLISHED, published_at=None)


def test_draft_case_may_have_no_publication_date():
    assert CaseFactory(status=Status.DRAFT, published_at=None).pk


def test_published_reflection_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReflectionFactory(status=Status.PUBLISHED, published_at=None)


def test_case_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(start_date=dt.date(2020, 5, 1), end_date=dt.date(2020, 4, 30))


def test_case_may_end_on_its_start_day():
    assert CaseFactory(start_date=dt.date(2020, 5, 1), end_date=dt.date(2020, 5, 1)).pk


def test_series_position_is_unique_within_a_series():
    series = SeriesFactory()
    ReflectionFactory(series=series, series_position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReflectionFactory(series=series, series_position=1)


def test_same_position_in_two_series_is_allowed():
    ReflectionFactory(series=SeriesFactory(), series_position=1)
    assert ReflectionFactory(series=SeriesFactory(), series_position=1).pk


def test_series_position_requires_a_series():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReflectionFactory(series=None, series_position=2)


def test_authorship_cannot_be_both_member_and_guest():
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorshipFactory(user=UserFactory(), guest_name="Ana Guest")


def test_authorship_must_be_member_or_guest():
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorshipFactory(user=None, guest_name="")


def test_guest_authorship_needs_no_account():
    authorship = AuthorshipFactory(user=None, guest_name="Ana Guest", guest_affiliation="Uni of Kisumu")
    assert authorship.is_guest and authorship.name == "Ana Guest"


def test_member_is_an_author_of_a_reflection_once():
    authorship = AuthorshipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(reflection=authorship.reflection, user=authorship.user)


def test_imported_source_id_is_unique_per_source():
    CaseFactory(source_name="participedia", source_id="42")
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(source_name="participedia", source_id="42")
