"""Writes of polls: create, change the rules (until the first ballot), close early, cast or
change a ballot. Each takes the acting user, checks permission first and runs in one
transaction; the poll's row lock orders ballots and rule changes, so rules never change under
a ballot and no ballot is counted twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.caching import area_version_name, content_changed_after_commit, content_changed_with_this_write
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths
from translocal.search.services import sync_after_commit

from .. import permissions
from ..models import Ballot, Poll, PollOption, PollParticipation, Process
from ..selectors import item_version_name
from ..translations.services import reader_language, text_edited
from . import counting

CLOSE_POLL = register_action("poll.close", gettext_lazy("closed the poll"))

#: Fields whose change after the first ballot would change what the ballots meant.
RULE_FIELDS = (
    "question", "kind", "max_choices", "score_max", "anonymous", "results_hidden_until_close", "opens_at", "closes_at",
)

#: The content area this module's public writes move (core.caching).
AREA_VERSION = area_version_name(CONTENT_AREA)
MAX_OPTIONS = 30
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed
RECEIPT_LENGTH = 20  # 20 symbols of 32: 100 bits, never guessed


def ballot_error_message(error: counting.BallotError, labels: Mapping[int, str]) -> str:
    """A message a person can act on, in their language, for one of counting's ballot errors."""
    label = labels.get(error.option, "") if error.option is not None else ""
    params = {**error.params, "option": label}
    messages = {
        "unknown_option": _("This ballot names an option the poll does not have. Reload the page and vote again."),
        "bad_value": _("Choose a valid value for “%(option)s”."),
        "choose_one": _("Choose one option."),
        "choose_some": _("Choose at least one option."),
        "rank_some": _("Rank at least one option: give your favourite rank 1."),
        "duplicate_rank": _("Give rank %(rank)d to one option only (“%(option)s” has it too)."),
        "rank_gap": _("Ranks must follow on from 1 without gaps: “%(option)s” is ranked %(rank)d but no option "
                      "is ranked %(missing)d."),
        "score_missing": _("Give “%(option)s” a score."),
        "score_range": _("Give “%(option)s” a score from 0 to %(max)d."),
    }
    if error.code == "too_many":
        most = int(error.params["max"])
        return ngettext("Choose at most %(max)d option.", "Choose at most %(max)d options.", most) % params
    return messages[error.code] % params


def hash_receipt(receipt: str) -> str:
    """The stored form of a receipt: hex SHA-256 of it, upper-cased and without spaces or dashes
    (a receipt holds 100 random bits, so a fast hash is as safe as a slow one)."""
    normal = "".join(ch for ch in receipt.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def new_receipt() -> str:
    """A fresh receipt, e.g. ``K7QF-2MZP-XW4R-9HAT-CE3N``."""
    symbols = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(symbols[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def _ballots_changed(poll: Poll) -> None:
    """A ballot moves the poll's own pages (its count, its results) in this transaction, and
    nothing else: no other page shows them."""
    content_changed_with_this_write(item_version_name("poll", poll.pk))


def _clean_rules(poll: Poll, options: Sequence[str]) -> list[str]:
    errors: dict[str, list[str]] = {}
    poll.question = poll.question.strip()
    poll.description = poll.description.strip()
    if not poll.question:
        errors.setdefault("question", []).append(_("Enter the question people answer."))
    labels = [label.strip() for label in options if label.strip()]
    if len(labels) < 2:
        errors.setdefault("options", []).append(_("Give at least two options."))
    elif len(labels) > MAX_OPTIONS:
        errors.setdefault("options", []).append(_("Give at most %(n)d options.") % {"n": MAX_OPTIONS})
    elif len({label.casefold() for label in labels}) != len(labels):
        errors.setdefault("options", []).append(_("Give each option once: two options have the same text."))
    elif any(len(label) > 200 for label in labels):
        errors.setdefault("options", []).append(_("Keep each option under 200 characters."))
    if poll.kind == Poll.Kind.MULTIPLE:
        if poll.max_choices is None:
            poll.max_choices = len(labels)
        if not 1 <= poll.max_choices <= max(len(labels), 1):
            errors.setdefault("max_choices", []).append(
                _("The most options a person may choose is between 1 and the number of options.")
            )
    else:
        poll.max_choices = None
    if (poll.opens_at is None) != (poll.closes_at is None):
        errors.setdefault("closes_at", []).append(_("Give both dates, or neither to follow the phases."))
    elif poll.opens_at is not None and poll.closes_at is not None and poll.closes_at <= poll.opens_at:
        errors.setdefault("closes_at", []).append(_("The poll must close after it opens."))
    if errors:
        raise ValidationError(errors)
    check_text_lengths(poll, {"description": MAX_DESCRIPTION_LENGTH})
    poll.full_clean(exclude=["process", "created_by"])
    return labels


@transaction.atomic
def create_poll(
    *,
    acting_user: User,
    process: Process,
    question: str,
    options: Sequence[str],
    kind: str = Poll.Kind.SINGLE,
    description: str = "",
    max_choices: int | None = None,
    score_max: int = 5,
    anonymous: bool = False,
    results_hidden_until_close: bool = False,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
) -> Poll:
    """A new poll in ``process`` with ``options`` (labels, in order). PermissionDenied unless
    the acting user manages the process; ValidationError({field: ...}) for a missing question,
    fewer than two options (or repeated ones), a maximum out of range, one date without the
    other or a poll that closes before it opens."""
    permissions.check(
        permissions.can_create_poll(acting_user, process), _("Only the process's organisers can start a poll.")
    )
    poll = Poll(
        process=process, question=question, description=description, kind=kind, max_choices=max_choices,
        score_max=score_max, anonymous=anonymous, results_hidden_until_close=results_hidden_until_close,
        opens_at=opens_at, closes_at=closes_at, created_by=acting_user, original_language=reader_language(),
    )
    labels = _clean_rules(poll, options)
    poll.save()
    PollOption.objects.bulk_create(
        [PollOption(poll=poll, position=index, label=label) for index, label in enumerate(labels, start=1)]
    )
    record(acting_user=acting_user, action=audit_actions.CREATE, target=poll, hub=process.hub)
    sync_after_commit(poll)
    content_changed_after_commit(AREA_VERSION)
    return poll


def _locked(poll: Poll) -> Poll:
    fresh = Poll.objects.select_for_update().get(pk=poll.pk)
    fresh.process = poll.process
    return fresh


def _frozen_message(poll: Poll) -> str:
    return ngettext(
        "The rules of this poll can no longer change: %(n)d ballot has been cast under them.",
        "The rules of this poll can no longer change: %(n)d ballots have been cast under them.",
        poll.ballot_count,
    ) % {"n": poll.ballot_count}


@transaction.atomic
def update_poll(
    *, acting_user: User, poll: Poll, data: Mapping[str, Any], options: Sequence[str] | None = None
) -> Poll:
    """Change the poll's description, and its rules (RULE_FIELDS, ``options``) while no ballot
    is cast. The poll's row is locked and checked as it is now: a ballot cast first wins, and
    then a rule change is refused (ValidationError naming how many ballots were cast), so
    CONSUL's "rules changed after votes were cast" cannot happen here."""
    current = _locked(poll)
    permissions.check(permissions.can_manage_process(acting_user, current.process))
    unknown = set(data) - {*RULE_FIELDS, "description"}
    if unknown:
        raise ValueError(f"Not poll fields: {', '.join(sorted(unknown))}")
    changes_rules = options is not None or any(getattr(current, name) != data[name] for name in data
                                               if name in RULE_FIELDS)
    if changes_rules and current.rules_frozen_at is not None:
        raise ValidationError(_frozen_message(current))
    for name, value in data.items():
        setattr(current, name, value)
    labels = _clean_rules(current, options if options is not None else [o.label for o in current.options.all()])
    current.save()
    if options is not None:
        current.options.all().delete()
        PollOption.objects.bulk_create(
            [PollOption(poll=current, position=index, label=label) for index, label in enumerate(labels, start=1)]
        )
    text_edited(current, [*data, *(["options"] if options is not None else [])])
    record(acting_user=acting_user, action=audit_actions.EDIT, target=current, hub=current.process.hub,
           details={"fields": sorted(data) + (["options"] if options is not None else [])})
    sync_after_commit(current)
    content_changed_after_commit(AREA_VERSION)
    return current


@transaction.atomic
def close_poll(*, acting_user: User, poll: Poll) -> Poll:
    """End the voting now (the poll's window closes at this moment; results hidden until close
    show). The only change allowed once ballots are cast; an audit row says who closed it."""
    current = _locked(poll)
    permissions.check(permissions.can_close_poll(acting_user, current), _("This poll is already closed."))
    now = timezone.now()
    current.opens_at = min(current.opens_at or now, now - dt.timedelta(seconds=1))
    current.closes_at = now
    current.save(update_fields=["opens_at", "closes_at"])
    record(acting_user=acting_user, action=CLOSE_POLL, target=current, hub=current.process.hub)
    content_changed_after_commit(AREA_VERSION)
    return current


@dataclass(frozen=True)
class BallotOutcome:
    """``changed``: an earlier ballot was replaced; ``receipt``: for a first ballot in an
    anonymous poll, the receipt its voter needs to change it (shown once, stored nowhere)."""

    changed: bool
    receipt: str | None = None


@transaction.atomic
def cast_ballot(
    *, acting_user: User, poll: Poll, marks: Mapping[int, int], receipt: str = ""
) -> BallotOutcome:
    """Cast the acting user's ballot, or change the one they cast, while the poll is open.

    ``marks``: {option id: value} (see counting.ballot_errors). One ballot per person: the
    poll's row is locked first (so ballots and rule changes queue), then a PollParticipation row,
    unique per (poll, person) in the database, is written; a second one means they voted before
    and their ballot is replaced instead: in a named poll the one with them as voter, in an
    anonymous poll the one whose receipt hash matches ``receipt`` (without it, or with a wrong
    one: ValidationError, and nothing changes). The first ballot freezes the rules.

    PermissionDenied when the poll is not open to them; ValidationError({"ballot": [...]})
    for a ballot that breaks the poll's rules (nothing written)."""
    permissions.check(permissions.can_vote(acting_user, poll), _("This poll is not open for your vote."))
    current = _locked(poll)
    permissions.check(permissions.can_vote(acting_user, current), _("This poll is not open for your vote."))
    options = list(current.options.order_by("position"))
    errors = counting.ballot_errors(
        kind=current.kind, options=[o.pk for o in options], marks=marks, max_choices=current.max_choices,
        score_max=current.score_max,
    )
    if errors:
        labels = {o.pk: o.label for o in options}
        raise ValidationError({"ballot": [ballot_error_message(error, labels) for error in errors]})
    stored = {str(option): value for option, value in marks.items() if value}
    if current.kind == Poll.Kind.SCORE:
        stored = {str(option): value for option, value in marks.items()}
    try:
        with transaction.atomic():
            PollParticipation.objects.create(poll=current, user=acting_user)
    except IntegrityError:
        _change_ballot(current, acting_user, stored, receipt)
        _ballots_changed(current)
        return BallotOutcome(changed=True)
    token = new_receipt() if current.anonymous else None
    Ballot.objects.create(
        poll=current, voter=None if current.anonymous else acting_user,
        receipt_hash=hash_receipt(token) if token else None, marks=stored,
    )
    Poll.objects.filter(pk=current.pk).update(
        ballot_count=F("ballot_count") + 1, rules_frozen_at=Coalesce(F("rules_frozen_at"), timezone.now())
    )
    _ballots_changed(current)
    return BallotOutcome(changed=False, receipt=token)


def _change_ballot(poll: Poll, user: User, marks: dict[str, int], receipt: str) -> None:
    if not poll.anonymous:
        Ballot.objects.filter(poll=poll, voter=user).update(marks=marks)
        return
    if not receipt.strip():
        raise ValidationError({"receipt": [_(
            "You have already voted in this poll. To change your ballot, enter the receipt you were given."
        )]})
    if not Ballot.objects.filter(poll=poll, receipt_hash=hash_receipt(receipt)).update(marks=marks):
        raise ValidationError({"receipt": [_("This receipt does not match a ballot in this poll. Check it and "
                                             "try again.")]})
