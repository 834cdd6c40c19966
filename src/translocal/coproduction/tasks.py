"""Background tasks of co-production spaces (django-tasks; the worker runs beside the web
server, tests run them inline)."""

from django_tasks import task

from .budgets import services as budget_services


@task()
def compute_budget_outcome_task(budget_id: int, ballots_version: int) -> str:
    """Count a large participatory budget by both rules (CPU work, minutes at most) and store
    the outcome (see budget_services.ensure_outcome)."""
    return budget_services.compute_outcome_by_id(budget_id=budget_id, ballots_version=ballots_version)
