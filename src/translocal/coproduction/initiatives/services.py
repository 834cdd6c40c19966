"""Writes of citizen initiatives: a resident starts one, people sign it, coordinators answer;
its author edits it until the first signature, or withdraws it. Reports and hiding go through
``coproduction.services.report``/``hide``/``unhide``, as for proposals and comments.

One signature per person is a unique constraint; the count moves with ``F()`` in the same
transaction, and "threshold reached" is a conditional update that only the signature that gets
there wins, so the coordinators are told once, by e-mail after the commit, whatever the number of
people signing at the same moment."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.caching import area_version_name, content_changed_after_commit, content_changed_with_this_write
from translocal.core.side_effects import after_commit
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths
from translocal.places.models import HubMembership
from translocal.search.services import sync_after_commit

from .. import permissions
from .. import selectors as process_selectors
from ..models import AnswerState, Process
from .models import Initiative, Signature

#: The content area this module's public writes move (core.caching).
AREA_VERSION = area_version_name(CONTENT_AREA)

#: Signatures an initiative needs when its process sets no support threshold.
DEFAULT_SIGNATURES_NEEDED = 50
ANSWER_INITIATIVE = register_action("initiative.answer", gettext_lazy("answered the initiative"))


def _changed(process: Process) -> None:
    content_changed_after_commit(AREA_VERSION)
    content_changed_after_commit(process_selectors.process_version_name(process.slug))


def _check_text(initiative: Initiative) -> None:
    """The title and text an initiative is started or edited with (already stripped):
    ValidationError({field: message}) when one is empty or too long, or when the model refuses it
    (its other fields are not checked here)."""
    errors = {}
    if not initiative.title:
        errors["title"] = _("Enter a title for your initiative.")
    if not initiative.body:
        errors["body"] = _("Say what your initiative asks for.")
    if errors:
        raise ValidationError(errors)
    check_text_lengths(initiative, {"body": MAX_DESCRIPTION_LENGTH})
    initiative.full_clean(exclude=["process", "author"])


@transaction.atomic
def start_initiative(*, acting_user: User, process: Process, title: str, body: str) -> Initiative:
    """A new initiative by the acting user. It needs the process's support threshold in
    signatures (DEFAULT_SIGNATURES_NEEDED when it sets none) and collects them until the running
    phase ends. PermissionDenied unless signing initiatives is open to them now;
    ValidationError({field: ...}) for an empty title or text."""
    permissions.check(permissions.can_start_initiative(acting_user, process),
                      _("Initiatives cannot be started in this process now."))
    phase = process_selectors.current_phase(process)
    assert phase is not None  # noqa: S101 - the predicate asked for a running phase
    initiative = Initiative(
        process=process, author=acting_user, title=title.strip(), body=body.strip(),
        signatures_needed=process.support_threshold or DEFAULT_SIGNATURES_NEEDED, deadline=phase.ends_at,
    )
    _check_text(initiative)
    initiative.save()
    sync_after_commit(initiative)
    _changed(process)
    return initiative


@transaction.atomic
def sign(*, acting_user: User, initiative: Initiative) -> int:
    """The acting user signs; returns the new number of signatures. PermissionDenied when
    signing is closed (phase, deadline, answered, withdrawn, hidden); ValidationError when they signed it
    already (nothing is written). The signature that reaches ``signatures_needed`` marks the
    initiative and, after the commit, e-mails the hub's coordinators."""
    permissions.check(permissions.can_sign(acting_user, initiative), _("This initiative cannot be signed now."))
    # The row as it is now, locked until the commit: an edit or a withdrawal that got there
    # first is seen (and one that comes second waits, then sees this signature).
    current = _locked(initiative)
    permissions.check(permissions.can_sign(acting_user, current), _("This initiative cannot be signed now."))
    try:
        with transaction.atomic():
            Signature.objects.create(initiative=initiative, user=acting_user)
    except IntegrityError:
        raise ValidationError(_("You have already signed this initiative.")) from None
    Initiative.objects.filter(pk=initiative.pk).update(signature_count=F("signature_count") + 1)
    count = Initiative.objects.filter(pk=initiative.pk).values_list("signature_count", flat=True).get()
    if count >= initiative.signatures_needed and Initiative.objects.filter(
        pk=initiative.pk, threshold_reached_at__isnull=True
    ).update(threshold_reached_at=timezone.now()):
        _tell_coordinators_after_commit(initiative.pk)
    # Only its page and the process's initiative list show the count.
    content_changed_with_this_write(
        process_selectors.item_version_name("initiative", initiative.pk),
        process_selectors.section_version_name(initiative.process.slug, process_selectors.INITIATIVES),
    )
    return count


def _locked(initiative: Initiative) -> Initiative:
    """The initiative's row as it is now, locked until the transaction ends (its process kept)."""
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    current.process = initiative.process
    return current


@transaction.atomic
def edit_initiative(*, acting_user: User, initiative: Initiative, title: str, body: str) -> Initiative:
    """Its author changes the title and text. PermissionDenied for anyone else; ValidationError
    (with a message the form shows above the text they typed) once someone has signed it, or it
    was answered, withdrawn or hidden: the row is locked and checked as it is now, and a
    signature takes the same lock, so whichever comes first wins and no one's signature is ever
    on a text other than the one they read."""
    current = _locked(initiative)
    permissions.check(permissions.is_initiative_author(acting_user, current),
                      _("Only its author can change an initiative."))
    if not permissions.can_edit_initiative(acting_user, current):
        if current.signature_count:
            raise ValidationError(_(
                "People have signed this initiative, so it can no longer be changed: what they signed must stay "
                "what they read. Your text is kept below so you can copy it."
            ))
        raise ValidationError(_(
            "This initiative can no longer be changed: it was answered, withdrawn or hidden. Your text is kept "
            "below so you can copy it."
        ))
    current.title, current.body = title.strip(), body.strip()
    _check_text(current)
    current.edited_at = timezone.now()
    current.save(update_fields=["title", "body", "edited_at"])
    sync_after_commit(current)
    _changed(current.process)
    return current


@transaction.atomic
def withdraw_initiative(*, acting_user: User, initiative: Initiative) -> Initiative:
    """Its author withdraws it: it keeps its page, marked withdrawn, with the signatures it has;
    it takes no more and leaves the list, search and feeds. PermissionDenied for anyone else, or
    once it is answered or withdrawn."""
    current = _locked(initiative)
    permissions.check(permissions.can_withdraw_initiative(acting_user, current),
                      _("This initiative cannot be withdrawn: it was answered or withdrawn already."))
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["withdrawn_at"])
    sync_after_commit(current)
    _changed(current.process)
    return current


@transaction.atomic
def answer_initiative(*, acting_user: User, initiative: Initiative, state: str, text: str) -> Initiative:
    """The official answer (evaluating, accepted, rejected, in progress) with an explanation;
    signing stops. An audit row."""
    permissions.check(permissions.can_answer_initiative(acting_user, initiative))
    if state not in AnswerState.values:
        raise ValidationError({"state": _("Choose an answer.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Explain the answer: residents read it on the initiative.")})
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    current.process = initiative.process
    current.answer_state, current.answer_text, current.answered_at = state, text, timezone.now()
    check_text_lengths(current, {"answer_text": MAX_DESCRIPTION_LENGTH})
    current.save(update_fields=["answer_state", "answer_text", "answered_at"])
    record(acting_user=acting_user, action=ANSWER_INITIATIVE, target=current, hub=current.process.hub,
           details={"state": state})
    _changed(current.process)
    return current


# --- E-mail -----------------------------------------------------------------------------------


def _tell_coordinators_after_commit(initiative_id: int) -> None:
    def send() -> None:
        send_threshold_reached(initiative_id)

    after_commit(("initiative-threshold-mail", initiative_id), send)


def send_threshold_reached(initiative_id: int) -> int:
    """Tell each coordinator of the initiative's hub (with an e-mail address), in their
    language, that it has the signatures it needs and waits for their answer. Returns the
    number of messages sent."""
    initiative = Initiative.objects.filter(pk=initiative_id).select_related("process", "process__hub").first()
    if initiative is None:
        return 0
    coordinators = User.objects.filter(
        hub_memberships__hub_id=initiative.process.hub_id, hub_memberships__role=HubMembership.Role.COORDINATOR,
        is_active=True,
    ).exclude(email="")
    link = f"{settings.SITE_URL}{initiative.get_absolute_url()}"
    sent = 0
    for person in coordinators:
        context = {"name": person.name, "initiative": initiative, "process": initiative.process, "link": link}
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            send_mail(
                subject=render_to_string("coproduction/email/initiative_threshold_subject.txt", context).strip(),
                message=render_to_string("coproduction/email/initiative_threshold.txt", context),
                from_email=None,
                recipient_list=[person.email],
            )
        sent += 1
    return sent
