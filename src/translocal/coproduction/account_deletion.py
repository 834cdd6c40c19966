"""What co-production spaces do when an account is deleted (an ``accounts.lifecycle`` deletion
handler, registered in ``apps.py``).

The person's supports go, and every count they were part of follows in the deletion's
transaction (supports cascade with the user row, and a count left behind would no longer match
its rows). What they wrote stays for everyone else: proposals and comments keep their place with
no author (shown as "Former member"), as the knowledge commons keeps reflections. Their process
roles and reports go with the account. Their budget ballots go too, and each budget's count and
ballots version follow.
"""

from django.db.models import F

from translocal.accounts.lifecycle import AccountDeletion
from translocal.core.caching import content_changed_after_commit

from .budgets.models import Budget, BudgetBallot
from .models import Comment, Participation, Process, Proposal, Support
from .selectors import process_version_name

#: After the checks of places (10), beside knowledge's rewriting.
ORDER = 60


def release_supports_of_deleted_account(deletion: AccountDeletion) -> None:
    """Remove ``deletion.user``'s supports, decrementing each proposal's ``support_count`` with
    F(); count what is kept. Adds ``proposal_supports``, ``proposals_kept_without_author`` and
    ``comments_kept_without_author`` to ``deletion.counts``."""
    user = deletion.user
    supports = Support.objects.filter(user=user)
    proposal_ids = list(supports.order_by("proposal_id").values_list("proposal_id", flat=True))
    if proposal_ids:
        Proposal.objects.filter(pk__in=proposal_ids).update(support_count=F("support_count") - 1)
        process_ids = set(supports.values_list("process_id", flat=True))
        supports.delete()
        Participation.objects.filter(user=user).delete()
        for slug in Process.objects.filter(pk__in=process_ids).values_list("slug", flat=True):
            content_changed_after_commit(process_version_name(slug))
        deletion.add("proposal_supports", len(proposal_ids))
    proposals = Proposal.objects.filter(author=user).count()
    if proposals:
        deletion.add("proposals_kept_without_author", proposals)
    comments = Comment.objects.filter(author=user).count()
    if comments:
        deletion.add("comments_kept_without_author", comments)


def release_ballots_of_deleted_account(deletion: AccountDeletion) -> None:
    """Remove ``deletion.user``'s budget ballots: each budget's ``ballot_count`` goes down and its
    ``ballots_version`` moves (with F()), so the outcome is computed again without them. Adds
    ``budget_ballots`` to ``deletion.counts``."""
    ballots = BudgetBallot.objects.filter(user=deletion.user)
    budget_ids = list(ballots.order_by("budget_id").values_list("budget_id", flat=True))
    if not budget_ids:
        return
    Budget.objects.filter(pk__in=budget_ids).update(
        ballot_count=F("ballot_count") - 1, ballots_version=F("ballots_version") + 1
    )
    ballots.delete()
    for slug in Process.objects.filter(budgets__pk__in=budget_ids).values_list("slug", flat=True).distinct():
        content_changed_after_commit(process_version_name(slug))
    deletion.add("budget_ballots", len(budget_ids))
