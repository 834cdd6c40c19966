"""Participatory budgeting in a process: a budget, the projects people choose between, one
ballot per person, and the outcome computed from the ballots.

Invariants in the database: one ballot per person and budget, one choice per project in a
ballot, positive costs and points. The ballot style and its rules (and the projects' costs and
the binding rule) freeze at the first ballot: the services lock the budget row and refuse the
change (``rules_frozen_at`` says when). Imported by ``models`` so Django registers them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Process, Proposal


class BallotStyle(models.TextChoices):
    """How a ballot is filled in (the cities' styles: Decidim and CONSUL offer the first two)."""

    KNAPSACK = "knapsack", _("Choose projects whose costs add up to no more than the budget")
    APPROVAL = "approval", _("Choose between a minimum and a maximum number of projects")
    POINTS = "points", _("Share out points between projects")


class OutcomeRule(models.TextChoices):
    """How the winning projects are worked out from the ballots."""

    EQUAL_SHARES = "equal_shares", _("Method of Equal Shares")
    GREEDY = "greedy", _("Most votes wins")


class Budget(models.Model):
    """An amount of money a process lets residents share out between projects.

    ``total`` is in whole units of ``currency`` (ISO 4217, e.g. GBP). ``min_projects`` and
    ``max_projects`` bound how many projects a ballot names (every style); ``points`` is the
    number of points a ballot shares out (points style). ``ballots_version`` moves with every
    ballot cast or changed, so a stored outcome knows whether it is current."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="budgets")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    total = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default="GBP")
    style = models.CharField(max_length=10, choices=BallotStyle.choices, default=BallotStyle.KNAPSACK)
    min_projects = models.PositiveSmallIntegerField(default=1)
    max_projects = models.PositiveSmallIntegerField(null=True, blank=True)
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    binding_rule = models.CharField(max_length=12, choices=OutcomeRule.choices, default=OutcomeRule.EQUAL_SHARES)
    #: Ballots cast elsewhere (on paper, in another tool) may be imported from a .pb file and
    #: count beside the residents' own.
    accepts_imported_ballots = models.BooleanField(default=False)
    #: When a coordinator closed voting before the phase's end (else the phase's end closes it).
    voting_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    ballot_count = models.PositiveIntegerField(default=0, editable=False)
    ballots_version = models.PositiveIntegerField(default=0, editable=False)
    rules_frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["process", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=1), name="budget_total_gte_1"),
            models.CheckConstraint(
                condition=models.Q(max_projects__isnull=True) | models.Q(max_projects__gte=models.F("min_projects")),
                name="budget_max_projects_gte_min",
            ),
            models.CheckConstraint(
                condition=~models.Q(style="points") | models.Q(points__gte=1), name="budget_points_style_has_points"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coproduction:budget-detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def rules_frozen(self) -> bool:
        return self.rules_frozen_at is not None


class BudgetProject(models.Model):
    """A project people can choose, with its cost in the budget's currency (whole units), and the
    proposal it grew from when it did."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    #: The budget's process, stored so comments and reports find it without a join.
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    cost = models.PositiveBigIntegerField()
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_projects"
    )
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["budget", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cost__gte=1), name="budget_project_cost_gte_1"),
            models.CheckConstraint(condition=models.Q(comment_count__gte=0), name="budget_project_comments_gte_0"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coproduction:budget-project", kwargs=self._kwargs())

    def _kwargs(self) -> dict[str, object]:
        return {"slug": self.process.slug, "budget": self.budget_id, "pk": self.pk}

    def comments_url(self) -> str:
        return reverse("coproduction:budget-project-comments", kwargs=self._kwargs())

    def comment_create_url(self) -> str:
        return reverse("coproduction:budget-project-comment-create", kwargs=self._kwargs())


class BudgetBallot(models.Model):
    """One person's ballot in one budget (a database constraint), changed in place until the
    vote closes. ``user`` is empty for a ballot imported from a .pb file (cast on paper or in
    another tool: no person of this site stands behind it)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="budget_ballots"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["budget", "user"], name="budget_ballot_one_per_person")]

    def __str__(self) -> str:
        return f"Ballot {self.pk} in {self.budget_id}"


class BudgetBallotChoice(models.Model):
    """A project named on a ballot, with its points (1 for the approval styles)."""

    ballot = models.ForeignKey(BudgetBallot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="choices")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="budget_choice_once_per_project"),
            models.CheckConstraint(condition=models.Q(points__gte=1), name="budget_choice_points_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.points}"


class BudgetOutcome(models.Model):
    """The outcome computed from the ballots of ``ballots_version``: ``summary`` holds both
    rules' winners (project ids) and figures, ``payments`` what each ballot's share paid for
    under Equal Shares (``{"b<ballot id>": {"<project id>": "12.50"}}``).
    Computed outside any write transaction and stored only if no ballot arrived meanwhile."""

    budget = models.OneToOneField(Budget, on_delete=models.CASCADE, related_name="outcome")
    ballots_version = models.PositiveIntegerField()
    summary = models.JSONField(default=dict)
    payments = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Outcome of {self.budget_id} at {self.ballots_version}"
