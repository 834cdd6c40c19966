"""bench/generate.py's co-production step at a tiny scale: the counters it writes in bulk are the
ones the services would keep, and supporting stays open (the load test relies on it)."""

import argparse
import importlib.util
from pathlib import Path

import pytest
from django.db.models import Count, F, Sum

from translocal.accounts.models import User
from translocal.coproduction import permissions
from translocal.coproduction.budgets.models import Budget, BudgetBallot
from translocal.coproduction.models import Comment, Participation, Proposal, Support
from translocal.taxonomy.models import Term
from translocal.taxonomy.services import load_vocabularies

GENERATE = Path(__file__).resolve().parents[2] / "bench" / "generate.py"


@pytest.fixture
def generated(db):
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    args = argparse.Namespace(
        seed=7, users=300, cases=0, reflections=0, series=0, methods=0, organisations=5, hubs=3,
        exchanges=0, delegates=0, batch=50, processes=3, proposals=60, supports=900, comments=400,
        big_thread=150, budgets=2, budget_projects=6, ballots=120,
    )  # fmt: skip
    gen = generate.Generator(args)
    gen.methods, gen.hubs = [], []
    load_vocabularies()
    for term in Term.objects.order_by("vocabulary", "position", "id"):
        gen.terms.setdefault(term.vocabulary, []).append(term)
    gen.make_places()
    gen.make_users()
    gen.make_hubs()
    gen.make_coproduction()
    return gen


def test_the_network_has_the_sizes_asked_for(generated):
    assert Proposal.objects.count() == 60
    assert Support.objects.count() == 900
    assert Comment.objects.count() == 400
    assert Proposal.objects.order_by("-comment_count").values_list("comment_count", flat=True)[0] == 150
    assert BudgetBallot.objects.count() == 120 == Budget.objects.aggregate(n=Sum("ballot_count"))["n"]


def test_the_bulk_written_counters_match_the_rows(generated):
    assert not Proposal.objects.annotate(n=Count("supports")).exclude(support_count=F("n")).exists()
    for proposal in Proposal.objects.all():
        comments = Comment.objects.filter(target_id=proposal.pk, process=proposal.process)
        assert proposal.comment_count == comments.count()
    assert not Comment.objects.annotate(n=Count("replies")).exclude(reply_count=F("n")).exists()
    for participation in Participation.objects.all():
        supports = Support.objects.filter(process=participation.process, user=participation.user)
        assert participation.supports_used == supports.count()


def test_supporting_is_open_in_the_generated_processes(generated):
    proposal = Proposal.objects.select_related("process").first()
    assert proposal is not None
    assert permissions.can_support(User.objects.get(pk=generated.user_ids[0]), proposal)
