"""Writes of learning journeys: a delegate's lessons, commitments, follow-ups, outcomes and
post-visit rating; the substantiation of outcomes by a named verifier; a case draft in the
commons harvested from a lesson.

Only the delegate writes their own journey, once accepted (``permissions.can_keep_journey``).
A follow-up moves its commitment's status in the same transaction, under the commitment's row
lock, so two follow-ups saved at once leave the status of the later one. A substantiation is
answered once: the row is locked and an answered one refused.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.core.caching import content_changed_after_commit
from translocal.knowledge import permissions as knowledge_permissions
from translocal.knowledge import services as knowledge_services
from translocal.search import services as search_services

from .. import lineage, permissions
from ..models import (
    CLOSED_STATUSES,
    Commitment,
    CommitmentStatus,
    FollowUp,
    Lesson,
    Outcome,
    Privacy,
    Registration,
    Substantiation,
)
from . import common
from .journey_mail import substantiation_requested_after_commit

LESSON_FIELDS = ("title", "body", "answers_goal", "session", "case", "method", "place", "person_name", "privacy")
COMMITMENT_FIELDS = ("title", "body", "lesson", "owner_name", "due_on", "hub", "organisation", "privacy")
OUTCOME_FIELDS = ("kind", "description", "who_changed", "contribution", "observed_on", "commitment", "privacy")
#: The largest evidence document accepted, in bytes.
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = (".pdf", ".odt", ".docx", ".ods", ".xlsx", ".odp", ".pptx", ".txt", ".png", ".jpg", ".jpeg")


def _require_keeper(acting_user: User, registration: Registration) -> None:
    if not permissions.can_keep_journey(acting_user, registration):
        raise PermissionDenied(_("Only the delegate can change their own learning journey, once accepted."))


def _require_own(item: Lesson | Commitment | Outcome, registration: Registration) -> None:
    if item.pk is not None and item.registration_id != registration.pk:
        raise PermissionDenied(_("That belongs to another learning journey."))


def _apply(item: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            setattr(item, name, data[name])
    if item.privacy not in Privacy.values:
        raise ValidationError({"privacy": _("Choose who can see it.")})


def _journey_changed(item: Lesson | Commitment | Outcome) -> None:
    """Impact views and exchange pages read these; a private item is on no shared page, but
    it may have been shared before this write, so the version moves either way. A commitment's
    search entry (public ones only) follows the database."""
    if isinstance(item, Commitment):
        search_services.sync_after_commit(item)
    content_changed_after_commit()


@transaction.atomic
def save_lesson(
    *, acting_user: User, registration: Registration, data: Mapping[str, Any], lesson: Lesson | None = None
) -> Lesson:
    """Add a lesson or change one. ``data``: ``title`` (required), ``body``, ``answers_goal``,
    its source (``session`` of this exchange, ``case`` and ``method`` the delegate may see,
    ``place``, ``person_name``) and ``privacy``. ValidationError naming the field."""
    _require_keeper(acting_user, registration)
    lesson = lesson or Lesson(registration=registration, exchange_id=registration.exchange_id)
    _require_own(lesson, registration)
    _apply(lesson, data, LESSON_FIELDS)
    lesson.title = common.require_text(lesson.title, "title", _("Write what you learned, in a sentence."))
    if lesson.session is not None and lesson.session.exchange_id != registration.exchange_id:
        raise ValidationError({"session": _("Choose a session of this exchange.")})
    for name in ("case", "method"):
        entry = getattr(lesson, name)
        if entry is not None and not knowledge_permissions.can_view(acting_user, entry):
            raise ValidationError({name: _("Choose a published entry of the knowledge commons.")})
    common.check_lengths(lesson, ("title", "body", "person_name"))
    lesson.save()
    _journey_changed(lesson)
    return lesson


@transaction.atomic
def delete_lesson(*, acting_user: User, lesson: Lesson) -> None:
    _require_keeper(acting_user, lesson.registration)
    lesson.delete()
    content_changed_after_commit()


@transaction.atomic
def save_commitment(
    *,
    acting_user: User,
    registration: Registration,
    data: Mapping[str, Any],
    commitment: Commitment | None = None,
) -> Commitment:
    """Add a commitment or change one. ``data``: ``title`` and ``due_on`` (required), ``body``,
    ``lesson`` (one of this journey's), ``owner_name`` (empty: the delegate), ``hub``,
    ``organisation``, ``privacy`` and ``becomes`` (the id of the co-production process it
    became, one the delegate may see, or None; left alone when absent). Its status moves only
    with follow-ups."""
    _require_keeper(acting_user, registration)
    commitment = commitment or Commitment(registration=registration, exchange_id=registration.exchange_id)
    _require_own(commitment, registration)
    _apply(commitment, data, COMMITMENT_FIELDS)
    commitment.title = common.require_text(commitment.title, "title", _("Write what you will do at home."))
    if not isinstance(commitment.due_on, dt.date):
        raise ValidationError({"due_on": _("Enter the date by which you will do it.")})
    if commitment.lesson is not None and commitment.lesson.registration_id != registration.pk:
        raise ValidationError({"lesson": _("Choose one of your lessons from this exchange.")})
    common.check_lengths(commitment, ("title", "body", "owner_name"))
    commitment.save()
    if "becomes" in data:
        lineage.set_became(commitment=commitment, process_id=data["becomes"], viewer=acting_user)
    _journey_changed(commitment)
    return commitment


def _check_evidence(data: Mapping[str, Any]) -> None:
    document = data.get("evidence_document")
    if document:
        name = (getattr(document, "name", "") or "").lower()
        if not name.endswith(EVIDENCE_EXTENSIONS):
            raise ValidationError(
                {"evidence_document": _("Upload a PDF, office document, text file or image (PNG or JPEG).")}
            )
        if (getattr(document, "size", 0) or 0) > MAX_EVIDENCE_BYTES:
            raise ValidationError({"evidence_document": _("Upload a document of at most 10 MB.")})
    path = (data.get("evidence_path") or "").strip()
    if path:
        try:
            if not path.startswith("/") or path.startswith("//"):
                raise Resolver404
            resolve(path.split("?", 1)[0])
        except Resolver404:
            raise ValidationError(
                {"evidence_path": _("Enter the address of a page on this site, starting with /.")}
            ) from None


def add_follow_up(
    *, acting_user: User, commitment: Commitment, data: Mapping[str, Any], now: dt.datetime | None = None
) -> FollowUp:
    """A progress note on ``commitment`` (``status`` and ``note`` required; ``written_on``,
    defaults to today; evidence: ``evidence_url``, ``evidence_document`` (an uploaded file, at
    most 10 MB, a document or image type), ``evidence_path`` (a page of this site)). The
    commitment takes the note's status; done or dropped closes it (no more reminders)."""
    _check_evidence(data)
    now = now or timezone.now()
    with transaction.atomic():
        registration = commitment.registration
        _require_keeper(acting_user, registration)
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        status = data.get("status")
        if status not in CommitmentStatus.values:
            raise ValidationError({"status": _("Choose where the commitment stands.")})
        follow_up = FollowUp(
            commitment=locked,
            status=status,
            note=common.require_text(data.get("note"), "note", _("Write a short note on your progress.")),
            written_on=data.get("written_on") or timezone.localdate(now),
            evidence_url=data.get("evidence_url") or "",
            evidence_path=(data.get("evidence_path") or "").strip(),
            created_by=acting_user,
        )
        common.check_lengths(follow_up, ("note", "evidence_url", "evidence_path"))
        if data.get("evidence_document"):
            follow_up.evidence_document = data["evidence_document"]
        follow_up.save()
        locked.status = status
        locked.closed_at = (locked.closed_at or now) if status in CLOSED_STATUSES else None
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        commitment.status, commitment.closed_at = locked.status, locked.closed_at
        _journey_changed(locked)
    return follow_up


@transaction.atomic
def save_outcome(
    *, acting_user: User, registration: Registration, data: Mapping[str, Any], outcome: Outcome | None = None
) -> Outcome:
    """Add an outcome or change one: ``kind`` (policy, practice, relationship, decision),
    ``description`` of the change, ``who_changed``, ``contribution`` (how the exchange
    contributed), ``observed_on``, ``commitment`` (one of this journey's), ``privacy``."""
    _require_keeper(acting_user, registration)
    outcome = outcome or Outcome(registration=registration, exchange_id=registration.exchange_id)
    _require_own(outcome, registration)
    _apply(outcome, data, OUTCOME_FIELDS)
    if outcome.kind not in Outcome.Kind.values:
        raise ValidationError({"kind": _("Choose what changed: a policy, a practice, a relationship or a decision.")})
    outcome.description = common.require_text(outcome.description, "description", _("Describe the change."))
    outcome.who_changed = common.require_text(outcome.who_changed, "who_changed", _("Say who changed."))
    outcome.contribution = common.require_text(
        outcome.contribution, "contribution", _("Say how the exchange contributed to the change.")
    )
    if outcome.commitment is not None and outcome.commitment.registration_id != registration.pk:
        raise ValidationError({"commitment": _("Choose one of your commitments from this exchange.")})
    common.check_lengths(outcome, ("description", "who_changed", "contribution"))
    outcome.save()
    _journey_changed(outcome)
    return outcome


@transaction.atomic
def request_substantiation(
    *, acting_user: User, outcome: Outcome, verifier_name: str, verifier_email: str, verifier_role: str = ""
) -> Substantiation:
    """Ask a named person (with or without an account: matched by e-mail address) to confirm
    ``outcome``; they are sent a signed link once this commits."""
    _require_keeper(acting_user, outcome.registration)
    substantiation = Substantiation(
        outcome=outcome,
        verifier_name=common.require_text(verifier_name, "verifier_name", _("Enter the verifier's name.")),
        verifier_email=common.require_text(
            verifier_email, "verifier_email", _("Enter the verifier's e-mail address.")
        ).lower(),
        verifier_role=(verifier_role or "").strip(),
        verifier=User.objects.filter(email__iexact=verifier_email.strip(), is_active=True).first(),
        requested_by=acting_user,
    )
    if substantiation.verifier_email == (acting_user.email or "").lower():
        raise ValidationError({"verifier_email": _("Ask someone else than yourself to confirm the change.")})
    common.check_lengths(substantiation, ("verifier_name", "verifier_role"))
    substantiation.save()
    substantiation_requested_after_commit(substantiation)
    content_changed_after_commit()  # impact views show "asked, no answer yet"
    return substantiation


@transaction.atomic
def answer_substantiation(
    *, substantiation: Substantiation, answer: str, comment: str = "", now: dt.datetime | None = None
) -> Substantiation:
    """The verifier's answer (confirms, partly, does not confirm) with a comment. The caller
    proved who they are with the signed link; an answered request is refused."""
    locked = Substantiation.objects.select_for_update().get(pk=substantiation.pk)
    if locked.is_answered:
        raise ValidationError(_("This request was already answered. Thank you."))
    if answer not in Substantiation.Answer.values:
        raise ValidationError({"answer": _("Choose whether you confirm the change.")})
    locked.answer = answer
    locked.comment = (comment or "").strip()
    locked.answered_at = now or timezone.now()
    common.check_lengths(locked, ("comment",))
    locked.save(update_fields=["answer", "comment", "answered_at"])
    content_changed_after_commit()
    return locked


@transaction.atomic
def rate_exchange(*, acting_user: User, registration: Registration, rating: int) -> Registration:
    """The delegate's post-visit rating, 1 to 5, once the exchange has started."""
    _require_keeper(acting_user, registration)
    if registration.exchange.starts_on > timezone.localdate():
        raise ValidationError({"rating": _("You can rate the exchange once it has started.")})
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    Registration.objects.filter(pk=registration.pk).update(post_visit_rating=rating)
    registration.post_visit_rating = rating
    content_changed_after_commit()
    return registration


def harvest_case(*, acting_user: User, lesson: Lesson) -> Any:
    """A case draft in the knowledge commons made from ``lesson`` (its title, what was learned,
    where and from whom, credited to the exchange and the delegate), created by the knowledge
    services as the delegate's own draft; the lesson remembers it. Returns the case."""
    _require_keeper(acting_user, lesson.registration)
    if lesson.harvested_case_id is not None:
        raise ValidationError(_("A case was already harvested from this lesson."))
    exchange = lesson.exchange
    credit = _("Harvested from a lesson of %(name)s at the exchange “%(exchange)s” (%(date)s).") % {
        "name": lesson.registration.display_name,
        "exchange": exchange.title,
        "date": exchange.starts_on.isoformat(),
    }
    source = [lesson.body or lesson.title]
    if lesson.session is not None:
        source.append(_("Seen at the session “%(title)s”.") % {"title": lesson.session.title})
    if lesson.person_name:
        source.append(_("Learned from %(name)s.") % {"name": lesson.person_name})
    body = "\n\n".join([*source, f"*{credit}*"])
    place = lesson.place or exchange.place
    with transaction.atomic():
        locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
        if locked.harvested_case_id is not None:
            raise ValidationError(_("A case was already harvested from this lesson."))
        case = knowledge_services.create_case(
            acting_user=acting_user,
            data={"title": lesson.title, "summary": lesson.title, "body": body, "place": place},
        )
        Lesson.objects.filter(pk=lesson.pk).update(harvested_case=case)
    lesson.harvested_case = case
    return case


@transaction.atomic
def tag_commitment_with_sdgs(
    *, acting_user: User, commitment: Commitment, terms: Any, replace: bool = False
) -> Commitment:
    """Add SDG goals or targets to a commitment's public tags (``replace``: exactly ``terms``),
    e.g. when its delegate confirms a suggested goal. PermissionDenied unless the acting user
    keeps the journey it belongs to; ValidationError for a term of another vocabulary."""
    from translocal.taxonomy.models import Vocabulary

    terms = list(terms)
    if any(term.vocabulary != Vocabulary.SDG for term in terms):
        raise ValidationError(_("Only goals and targets of the SDGs can be added here."))
    _require_keeper(acting_user, commitment.registration)
    if replace:
        commitment.sdgs.set(terms)
    else:
        commitment.sdgs.add(*terms)
    _journey_changed(commitment)
    return commitment
