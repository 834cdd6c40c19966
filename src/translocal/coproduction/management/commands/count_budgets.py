"""Queue the outcome of every participatory budget whose voting has ended (its phases are
over, or a coordinator closed it) and that has none stored yet. Each outcome is computed once,
by the background worker; running this often queues nothing twice.

    translocal count_budgets                       # now
    translocal count_budgets --now 2027-03-01T12:00  # as if it were then (to try it out)
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from translocal.coproduction.budgets.services import count_ended_budgets


def _moment(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC)


class Command(BaseCommand):
    help = "Queue the outcome of each budget whose voting has ended and has none stored (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", type=_moment, help="Pretend it is this moment (ISO 8601).")

    def handle(self, *args: Any, **options: Any) -> None:
        queued = count_ended_budgets(now=options.get("now"))
        self.stdout.write(f"{queued} budget outcome(s) queued.")
