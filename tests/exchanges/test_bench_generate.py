"""bench/generate.py's exchanges step at a tiny scale: the data it writes keeps the invariants the
services keep, and the four pages bench/load.py measures render it."""

import argparse
import importlib.util
from pathlib import Path

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from translocal.exchanges.models import (
    CLOSED_STATUSES,
    Commitment,
    Exchange,
    FollowUp,
    Lesson,
    Outcome,
    Registration,
    RegistrationType,
)
from translocal.taxonomy.models import Term
from translocal.taxonomy.services import load_vocabularies

GENERATE = Path(__file__).resolve().parents[2] / "bench" / "generate.py"


def _generator_module():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def generated(db):
    generate = _generator_module()
    args = argparse.Namespace(
        seed=7, users=400, cases=20, reflections=0, series=0, methods=5, organisations=10, hubs=4,
        exchanges=12, delegates=300, batch=50,
    )  # fmt: skip
    gen = generate.Generator(args)
    gen.methods, gen.hubs = [], []
    load_vocabularies()
    for term in Term.objects.order_by("vocabulary", "position", "id"):
        gen.terms.setdefault(term.vocabulary, []).append(term)
    gen.make_places()
    gen.make_users()
    gen.make_hubs()
    gen.make_methods()
    gen.make_cases()
    gen.make_exchanges()
    return gen


def test_the_generator_adds_exchanges_with_delegates_in_every_state_and_their_journeys(generated):
    assert Exchange.objects.count() == 12
    assert Registration.objects.count() == 300
    assert set(Registration.objects.values_list("status", flat=True)) == set(Registration.Status.values)
    assert Lesson.objects.exists() and Commitment.objects.exists() and FollowUp.objects.exists()
    assert Outcome.objects.exists()
    # Only accepted people are checked in (also a constraint), and only at exchanges that took place.
    checked_in = Registration.objects.filter(checked_in_at__isnull=False)
    assert checked_in.exists()
    assert not checked_in.exclude(status=Registration.Status.ACCEPTED).exists()


def test_the_generated_counts_match_what_the_services_would_keep(generated):
    types = RegistrationType.objects.annotate(
        accepted=Count("registrations", filter=Q(registrations__status=Registration.Status.ACCEPTED))
    )
    for registration_type in types:
        assert registration_type.accepted_count == registration_type.accepted
        assert registration_type.capacity is None or registration_type.accepted <= registration_type.capacity
    for commitment in Commitment.objects.prefetch_related("follow_ups"):
        notes = list(commitment.follow_ups.all())
        if notes:
            assert commitment.status == notes[-1].status
        assert (commitment.closed_at is not None) == (commitment.status in CLOSED_STATUSES)
        assert commitment.exchange_id == commitment.registration.exchange_id


def test_the_pages_the_load_script_measures_render_the_generated_data(generated, client):
    hub = Exchange.objects.filter(hub__isnull=False).values_list("hub__slug", flat=True).first()
    past = client.get("/exchanges/?when=past")
    assert past.status_code == 200
    exchange = (
        Exchange.objects.filter(
            status=Exchange.Status.PUBLISHED, visibility=Exchange.Visibility.PUBLIC, ends_on__lt=timezone.localdate()
        )
        .order_by("-starts_on", "-id")
        .first()
    )
    assert exchange is not None and exchange.get_absolute_url().encode() in past.content
    for path in ("/exchanges/", exchange.get_absolute_url(), f"/exchanges/hubs/{hub}/impact/", "/exchanges/network/"):
        assert client.get(path).status_code == 200, path
