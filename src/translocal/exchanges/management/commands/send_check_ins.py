"""Send the learning-journey check-ins that are due (3, 6 and 12 months after each exchange).

    translocal send_check_ins                 # now, in this process
    translocal send_check_ins --enqueue       # hand it to the background worker (serve.sh, hourly)
    translocal send_check_ins --today 2027-03-01   # as if it were that day (to try it out)
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from translocal.exchanges.services.check_ins import send_due_check_ins
from translocal.exchanges.tasks import send_check_ins_task


class Command(BaseCommand):
    help = "Send the follow-up check-ins due 3, 6 and 12 months after each exchange (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Run it in the background-task worker.")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Pretend it is this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            send_check_ins_task.enqueue()
            self.stdout.write("Check-ins handed to the background worker.")
            return
        today = options.get("today")
        now = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC) if today else None
        sent = send_due_check_ins(now=now)
        self.stdout.write(f"{sent} check-in e-mail(s) sent.")
