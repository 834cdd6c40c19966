"""Scheduled check-ins: 3, 6 and 12 months after an exchange ends, each delegate with open
commitments (not done, not dropped) is asked for a follow-up by e-mail, with a one-click link
per commitment.

Run by the background task ``tasks.send_check_ins_task`` (the serve script enqueues it every
hour; ``translocal send_check_ins`` runs it by hand). Idempotent: a ``CheckInReminder`` row,
unique per commitment and milestone, is written before the e-mail is sent after commit, so a
second run (or two workers at once) sends nothing twice. A milestone is due from its date for
``GRACE_DAYS`` days; when several are due at once (a worker that was stopped), only the latest
is sent. Reminders stop when the commitment is done or dropped: a closed commitment is never
selected.
"""

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from translocal.core.side_effects import after_commit

from ..models import CLOSED_STATUSES, CheckInReminder, Commitment, Registration
from .journey_mail import send_check_in

#: Months after the exchange's last day.
MILESTONES: tuple[int, ...] = (3, 6, 12)
#: How long after its date a milestone's e-mail is still sent (a check-in for a milestone
#: passed long ago, such as an exchange recorded years later, would be noise).
GRACE_DAYS = 45


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's length
    (31 August + 6 months = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_milestone(ends_on: dt.date, today: dt.date) -> int | None:
    """The latest milestone whose date has come and is at most GRACE_DAYS old, or None."""
    due = None
    for months in MILESTONES:
        date = add_months(ends_on, months)
        if date <= today < date + dt.timedelta(days=GRACE_DAYS):
            due = months
    return due


def _sender(commitments: list[Commitment], milestone: int) -> Callable[[], None]:
    def send() -> None:
        send_check_in(commitments=commitments, milestone=milestone)

    return send


def send_due_check_ins(*, now: dt.datetime | None = None) -> int:
    """Record and send the check-ins due at ``now`` (default: the current time); returns how
    many e-mails are sent (one per delegate and exchange). Three queries, then one insert per
    commitment reminded."""
    today = timezone.localdate(now or timezone.now())
    # A generous window in the query (month lengths differ); due_milestone decides exactly.
    earliest_end = add_months(today, -max(MILESTONES) - 1) - dt.timedelta(days=GRACE_DAYS)
    latest_end = add_months(today, -min(MILESTONES) + 1)
    candidates = list(
        Commitment.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(
            registration__status=Registration.Status.ACCEPTED,
            registration__user__isnull=False,
            exchange__ends_on__gte=earliest_end,
            exchange__ends_on__lte=latest_end,
        )
        .select_related("registration__user", "registration__exchange")
        .order_by("registration_id", "due_on", "id")
    )
    due: dict[tuple[int, int], list[Commitment]] = defaultdict(list)
    for commitment in candidates:
        milestone = due_milestone(commitment.registration.exchange.ends_on, today)
        if milestone is not None:
            due[(commitment.registration_id, milestone)].append(commitment)
    if not due:
        return 0
    sent_before = set(
        CheckInReminder.objects.filter(commitment_id__in=[c.pk for group in due.values() for c in group]).values_list(
            "commitment_id", "milestone"
        )
    )
    sent = 0
    with transaction.atomic():
        for (_registration_id, milestone), commitments in due.items():
            recorded = []
            for commitment in commitments:
                if (commitment.pk, milestone) in sent_before:
                    continue
                try:
                    with transaction.atomic():
                        CheckInReminder.objects.create(
                            commitment=commitment, milestone=milestone, sent_at=now or timezone.now()
                        )
                except IntegrityError:  # another run recorded it first
                    continue
                recorded.append(commitment)
            if recorded:
                sent += 1
                after_commit(
                    ("exchange-check-in", recorded[0].registration_id, milestone),
                    _sender(recorded, milestone),
                )
    return sent
