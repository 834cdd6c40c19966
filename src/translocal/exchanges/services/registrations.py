"""Taking part in an exchange: applications, invitations, the organisers' decisions, the
waiting list and check-in.

Capacity is an invariant of the database, kept by the one rule of core.capacity (``PLACES``):
every change of who holds a place of a registration type first locks the type's row, counts the
accepted registrations under that lock, and moves ``accepted_count`` with ``F()``; the check
constraint ``registration_type_within_capacity`` refuses anything over. Two organisers
accepting the last place at once are taken in turn: the second is told the type is full.

When a place frees (a cancellation, a decline after acceptance, more places), the first person
on the waiting list of that type (``waitlisted_at``, then id) moves up in the same transaction
and is told by e-mail once it commits.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.audit.services import record
from translocal.core.caching import content_changed_after_commit, private_state_changed
from translocal.core.capacity import WaitingList

from .. import permissions
from ..models import FORMER_MEMBER, Exchange, Question, Registration, RegistrationType
from . import common
from .notifications import registration_changed_after_commit

Status = Registration.Status
#: The statuses in which a person still hopes to take part (a decision can be made on them).
OPEN_STATUSES = (Status.INVITED, Status.APPLIED, Status.WAITLISTED)


class RegistrationTypeFull(ValidationError):
    """Every place of the registration type is taken."""

    def __init__(self, registration_type: RegistrationType) -> None:
        super().__init__(
            _("All %(count)d places for “%(type)s” are taken. Put the person on the waiting list instead.")
            % {"count": registration_type.capacity or 0, "type": registration_type.name},
            code="full",
        )
        self.registration_type = registration_type


#: Places of a registration type and its waiting list (core.capacity).
PLACES = WaitingList(
    parent=RegistrationType,
    rows=Registration,
    parent_field="registration_type",
    held=Status.ACCEPTED,
    waiting=Status.WAITLISTED,
    counter_field="accepted_count",
    promoted_fields=("decided_at",),
)


def _lock_type(registration_type_id: int) -> RegistrationType:
    locked: RegistrationType = PLACES.lock(registration_type_id)
    return locked


def _lock_registration(registration: Registration) -> Registration:
    """Re-read the registration's state under a row lock (after its type's lock: always in that
    order, so two services never wait for each other in a circle)."""
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    for name in ("status", "waitlisted_at", "checked_in_at", "registration_type_id", "decided_at"):
        setattr(registration, name, getattr(current, name))
    return registration


def _registrant_changed(registration: Registration) -> None:
    """The person's own pages list their registrations with each one's status (their profile,
    cached for them: core.page_cache): every change of a registration's status or holder moves
    their own version once the write commits (none for a guest without an account)."""
    private_state_changed(registration.user_id)


def release_place(registration_type: RegistrationType) -> None:
    PLACES.release_place(registration_type)


def _places_changed() -> None:
    """Places left show on cached exchange pages and lists."""
    content_changed_after_commit()


def promote_from_waitlist(
    *, registration_type: RegistrationType, acting_user: User | None, skip: Registration | None = None
) -> list[Registration]:
    """Move people up from the waiting list of ``registration_type`` while it has places, first
    come first served; each is told after the commit. The caller holds the type's row lock
    (inside its transaction). ``skip``: a person the organisers just moved from a place to the
    waiting list, who must not get the place they left straight back. Returns those moved up."""

    def promoted(first: Registration) -> None:
        first.decided_at = timezone.now()
        record(
            acting_user=acting_user,
            action=common.PROMOTE,
            target=first.exchange,
            hub=first.exchange.hub,
            details={"registration": first.pk, "type": registration_type.name},
        )
        registration_changed_after_commit(first, promoted=True)
        _registrant_changed(first)

    moved: list[Registration] = PLACES.promote(registration_type, promoted=promoted, skip=skip)
    if moved:
        _places_changed()
    return moved


def _check_type(exchange: Exchange, registration_type: RegistrationType) -> None:
    if registration_type.exchange_id != exchange.pk:
        raise ValidationError({"registration_type": _("Choose one of this exchange's registration types.")})


YES, NO = "yes", "no"


def clean_answers(exchange: Exchange, answers: Mapping[str, Any] | None) -> dict[str, str]:
    """The answers to ``exchange``'s questions, keyed by question id (text): required ones
    present, a choice one of its options, yes/no "yes" or "no", text at most 2,000 characters;
    answers to no question are dropped. Raises ValidationError({"q_<id>": message})."""
    given = {str(k): ("" if v is None else str(v)).strip() for k, v in (answers or {}).items()}
    cleaned: dict[str, str] = {}
    for question in Question.objects.filter(exchange=exchange).order_by("position", "id"):
        key = str(question.pk)
        value = given.get(key, "")
        field = f"q_{question.pk}"
        if not value:
            if question.required:
                raise ValidationError({field: _("Answer “%(question)s”.") % {"question": question.label}})
            continue
        if question.kind == Question.Kind.CHOICE and value not in question.choices:
            raise ValidationError({field: _("Choose one of the options.")})
        if question.kind == Question.Kind.YES_NO and value not in (YES, NO):
            raise ValidationError({field: _("Answer yes or no.")})
        if len(value) > 2000:
            raise ValidationError({field: _("Use at most %(limit)d characters.") % {"limit": 2000}})
        cleaned[key] = value
    return cleaned


def apply_to_exchange(
    *,
    acting_user: User,
    exchange: Exchange,
    registration_type: RegistrationType,
    learning_goals: str,
    answers: Mapping[str, Any] | None = None,
) -> Registration:
    """The member applies to take part as ``registration_type``, saying what they want to learn
    and bring home; the organisers then accept, waitlist or decline. Raises PermissionDenied
    (cannot see it, registration closed, already registered) and ValidationError (a type that is
    not open to applications, goals missing or too long)."""
    if not permissions.can_apply(acting_user, exchange):
        if permissions.registration_of(acting_user, exchange) is not None:
            raise PermissionDenied(_("You are already registered for this exchange."))
        raise PermissionDenied(_("Registration for this exchange is not open to you."))
    _check_type(exchange, registration_type)
    if not registration_type.open_to_applications:
        raise ValidationError({"registration_type": _("This registration type is by invitation only.")})
    goals = common.require_text(
        learning_goals, "learning_goals", _("Say what you want to learn, and what you will bring home.")
    )
    answers = clean_answers(exchange, answers)
    registration = Registration(
        exchange=exchange,
        registration_type=registration_type,
        user=acting_user,
        status=Status.APPLIED,
        learning_goals=goals,
        answers=dict(answers or {}),
        organisation_name=acting_user.organisation.name
        if acting_user.organisation_id and acting_user.organisation
        else "",
    )
    common.check_lengths(registration, ("learning_goals",))
    try:
        with transaction.atomic():
            registration.save()
            record(
                acting_user=acting_user,
                action=common.APPLY,
                target=exchange,
                hub=exchange.hub,
                details={"registration": registration.pk},
            )
            _registrant_changed(registration)
    except IntegrityError as exc:  # a second tab, or a double click
        raise PermissionDenied(_("You are already registered for this exchange.")) from exc
    permissions.forget_viewer_facts(exchange)
    return registration


def invite_to_exchange(
    *,
    acting_user: User,
    exchange: Exchange,
    registration_type: RegistrationType,
    user: User | None = None,
    name: str = "",
    email: str = "",
    organisation_name: str = "",
    message: str = "",
) -> Registration:
    """An organiser invites a member (``user``) or a named guest without an account (``name``,
    optional ``email``). A member answers the invitation themself; a guest's is answered by
    the organisers (accept_registration). Raises PermissionDenied and ValidationError (already
    registered, no name)."""
    if not permissions.can_invite(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can invite people."))
    _check_type(exchange, registration_type)
    if user is None:
        name = common.require_text(name, "name", _("Enter the name of the person you invite."))
    registration = Registration(
        exchange=exchange,
        registration_type=registration_type,
        user=user,
        name="" if user else name,
        email="" if user else (email or "").strip(),
        organisation_name=(organisation_name or "").strip(),
        status=Status.INVITED,
        invited_by=acting_user,
        decision_message=(message or "").strip(),
    )
    common.check_lengths(registration, ("name", "organisation_name", "decision_message"))
    try:
        with transaction.atomic():
            registration.save()
            record(
                acting_user=acting_user,
                action=common.INVITE,
                target=exchange,
                hub=exchange.hub,
                details={"registration": registration.pk},
            )
            registration_changed_after_commit(registration)
            _registrant_changed(registration)
    except IntegrityError as exc:
        raise ValidationError(_("This person is already registered for this exchange.")) from exc
    return registration


def respond_to_invitation(
    *, acting_user: User, registration: Registration, accept: bool, learning_goals: str = ""
) -> Registration:
    """The invited member accepts (a place if one is left, else the waiting list) or declines."""
    if not permissions.can_respond_to_invitation(acting_user, registration):
        raise PermissionDenied(_("This invitation is not waiting for your answer."))
    with transaction.atomic():
        registration_type = _lock_type(registration.registration_type_id)
        _lock_registration(registration)
        if registration.status != Status.INVITED:
            raise ValidationError(_("This invitation was already answered."))
        if learning_goals:
            registration.learning_goals = learning_goals.strip()
            common.check_lengths(registration, ("learning_goals",))
        if not accept:
            registration.status = Status.DECLINED
        elif PLACES.admit(registration_type, registration):
            _places_changed()
        registration.decided_at = timezone.now()
        registration.save()
        record(
            acting_user=acting_user,
            action=common.ANSWER_INVITATION,
            target=registration.exchange,
            hub=registration.exchange.hub,
            details={"registration": registration.pk, "status": registration.status},
        )
        _registrant_changed(registration)
        if registration.status == Status.WAITLISTED:
            registration_changed_after_commit(registration)
    return registration


def _decide(*, acting_user: User, registration: Registration, status: str, message: str, action: str) -> Registration:
    exchange = registration.exchange
    if not permissions.can_review_registrations(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can decide on registrations."))
    message = (message or "").strip()
    with transaction.atomic():
        registration_type = _lock_type(registration.registration_type_id)
        _lock_registration(registration)
        before = registration.status
        if before == status:
            return registration
        if registration.checked_in_at is not None:
            raise ValidationError(_("This person has checked in already: their registration can no longer change."))
        if before in (Status.DECLINED, Status.CANCELLED) and status != Status.ACCEPTED:
            raise ValidationError(_("This registration was closed; accept it to reopen it."))
        if status == Status.ACCEPTED:
            if not PLACES.has_place(registration_type):
                raise RegistrationTypeFull(registration_type)
            PLACES.take_place(registration_type, registration)
        else:
            registration.status = status
            if status == Status.WAITLISTED:
                registration.waitlisted_at = timezone.now()
            else:
                registration.waitlisted_at = None
            if before == Status.ACCEPTED:
                release_place(registration_type)
        registration.decision_message = message
        registration.decided_by = acting_user
        registration.decided_at = timezone.now()
        common.check_lengths(registration, ("decision_message",))
        registration.save()
        record(
            acting_user=acting_user,
            action=action,
            target=exchange,
            hub=exchange.hub,
            reason=message,
            details={"registration": registration.pk, "from": before, "to": status},
        )
        registration_changed_after_commit(registration)
        _registrant_changed(registration)
        if Status.ACCEPTED in (before, status):
            _places_changed()
        if before == Status.ACCEPTED:
            promote_from_waitlist(registration_type=registration_type, acting_user=acting_user, skip=registration)
    return registration


def accept_registration(*, acting_user: User, registration: Registration, message: str = "") -> Registration:
    """An organiser gives the person a place. Raises RegistrationTypeFull (a ValidationError)
    when every place is taken, whoever took the last one a moment earlier."""
    return _decide(
        acting_user=acting_user,
        registration=registration,
        status=Status.ACCEPTED,
        message=message,
        action=common.ACCEPT,
    )


def waitlist_registration(*, acting_user: User, registration: Registration, message: str = "") -> Registration:
    """An organiser puts the person on the waiting list (at its end); an accepted person's place frees."""
    return _decide(
        acting_user=acting_user,
        registration=registration,
        status=Status.WAITLISTED,
        message=message,
        action=common.WAITLIST,
    )


def decline_registration(*, acting_user: User, registration: Registration, message: str = "") -> Registration:
    """An organiser declines, with a message the person receives."""
    return _decide(
        acting_user=acting_user,
        registration=registration,
        status=Status.DECLINED,
        message=message,
        action=common.DECLINE,
    )


def cancel_registration(*, acting_user: User, registration: Registration, reason: str = "") -> Registration:
    """The person (or an organiser) withdraws. A place it held goes to the first on the waiting list."""
    if not permissions.can_cancel_registration(acting_user, registration):
        raise PermissionDenied(_("This registration cannot be cancelled."))
    with transaction.atomic():
        registration_type = _lock_type(registration.registration_type_id)
        _lock_registration(registration)
        before = registration.status
        if before in (Status.CANCELLED, Status.DECLINED):
            return registration
        if registration.checked_in_at is not None:
            raise ValidationError(_("This person has checked in already: their registration can no longer change."))
        registration.status = Status.CANCELLED
        registration.waitlisted_at = None
        registration.save()
        record(
            acting_user=acting_user,
            action=common.CANCEL_REGISTRATION,
            target=registration.exchange,
            hub=registration.exchange.hub,
            reason=reason,
            details={"registration": registration.pk, "from": before},
        )
        _registrant_changed(registration)
        if before == Status.ACCEPTED:
            release_place(registration_type)
            _places_changed()
            promote_from_waitlist(registration_type=registration_type, acting_user=acting_user)
    return registration


def normalise_code(code: str) -> str:
    """What a host typed, as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def check_in(*, acting_user: User, exchange: Exchange, code: str) -> Registration:
    """A host checks in the accepted delegate whose personal code is ``code``. Raises
    PermissionDenied (not an organiser) and ValidationError (no accepted delegate of this
    exchange has that code; already checked in says when)."""
    if not permissions.can_check_in(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can check people in."))
    wanted = normalise_code(code)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().filter(exchange=exchange, check_in_code=wanted).first()
            if wanted
            else None
        )
        if registration is None:
            raise ValidationError(
                {"code": _("No delegate of this exchange has the code “%(code)s”.") % {"code": wanted}}
            )
        if registration.status != Status.ACCEPTED:
            raise ValidationError(
                {
                    "code": _("%(name)s is not accepted for this exchange (%(status)s).")
                    % {"name": registration.display_name, "status": registration.get_status_display()}
                }
            )
        if registration.checked_in_at is not None:
            raise ValidationError(
                {
                    "code": _("%(name)s was already checked in at %(time)s.")
                    % {
                        "name": registration.display_name,
                        "time": timezone.localtime(registration.checked_in_at).strftime("%H:%M"),
                    }
                }
            )
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = acting_user
        registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
        record(
            acting_user=acting_user,
            action=common.CHECK_IN,
            target=exchange,
            hub=exchange.hub,
            details={"registration": registration.pk},
        )
    return registration


def claim_guest_registrations(*, acting_user: User) -> list[Registration]:
    """Link to ``acting_user`` the registrations organisers made for a named guest with their
    e-mail address before they had an account (the address was confirmed when the account was
    made). One per exchange: an exchange they are already registered for is left alone. Returns
    the registrations claimed (one audit row each). Raises PermissionDenied for an inactive account."""
    if not (acting_user.is_authenticated and acting_user.is_active) or not acting_user.email:
        raise PermissionDenied(_("Sign in with a confirmed e-mail address first."))
    claimed: list[Registration] = []
    with transaction.atomic():
        rows = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(user__isnull=True, email__iexact=acting_user.email)
            .exclude(name=FORMER_MEMBER)
            .select_related("exchange__hub")
            .order_by("pk")
        )
        taken = set(Registration.objects.filter(user=acting_user).values_list("exchange_id", flat=True))
        for registration in rows:
            if registration.exchange_id in taken:
                continue
            registration.user = acting_user
            registration.name = ""
            registration.email = ""
            registration.save(update_fields=["user", "name", "email", "updated_at"])
            taken.add(registration.exchange_id)
            record(
                acting_user=acting_user,
                action=common.CLAIM,
                target=registration.exchange,
                hub=registration.exchange.hub,
                details={"registration": registration.pk},
            )
            claimed.append(registration)
        if claimed:
            private_state_changed(acting_user.pk)
    return claimed
