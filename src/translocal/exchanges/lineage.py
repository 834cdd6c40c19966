"""Commitments as the source of what they became in another pillar (core.lineage): a
commitment records the co-production process it became, the process's coordinators confirm or
refuse it, and that process's results list the confirmed commitments they came from. The
process kind is registered by the co-production app; this module only names it. Registered
from ``apps.py``."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from translocal.core import lineage
from translocal.core.models import Lineage

from .models import Commitment
from .permissions import shared_journey_items_q

COMMITMENT = "exchanges.commitment"
#: The kind the co-production app registers its processes under.
PROCESS = "coproduction.process"


def _linked(commitment: Commitment, *, url: bool = True) -> lineage.Linked:
    return lineage.Linked(
        kind=COMMITMENT,
        pk=commitment.pk,
        title=commitment.title,
        url=f"{reverse('exchanges:impact', args=[commitment.exchange.slug])}#commitment-{commitment.pk}"
        if url else "",
        context=f"{commitment.registration.display_name}, {commitment.exchange.title}",
    )


def _visible(ids: QuerySet, viewer: Any) -> list[lineage.Linked]:
    """The commitments among ``ids`` the viewer may see on a shared page: never a private one,
    whoever looks (as the impact views); participants' ones only to the exchange's people."""
    found = (
        Commitment.objects.filter(pk__in=ids)
        .filter(shared_journey_items_q(viewer))
        .select_related("exchange", "registration", "registration__user")
        .order_by("exchange__starts_on", "id")
    )
    return [_linked(c) for c in found]


def _described(ids: Iterable[int], viewer: Any) -> dict[int, lineage.Linked]:
    """The commitments among ``ids`` as a process's coordinators deciding on them see them: the
    title, the delegate and the exchange (the delegate put them before the coordinators by
    naming the process); the address only of those the viewer may see on the impact page."""
    found = (
        Commitment.objects.filter(pk__in=list(ids))
        .annotate(is_shared=ExpressionWrapper(shared_journey_items_q(viewer), output_field=BooleanField()))
        .select_related("exchange", "registration", "registration__user")
    )
    return {c.pk: _linked(c, url=c.is_shared) for c in found}


def _decided(link_id: int) -> None:
    send_decision(link_id)


def register() -> None:
    lineage.register_source(lineage.Source(kind=COMMITMENT, label=_("Commitments taken home from exchanges"),
                                           visible=_visible, described=_described, decided=_decided))


def send_decision(link_id: int) -> bool:
    """Tell the delegate that the coordinators confirmed or refused that their commitment
    became the process (re-read after the commit: a link changed again since sends nothing
    stale). Returns whether a message was sent."""
    link = Lineage.objects.filter(pk=link_id, source_kind=COMMITMENT, target_kind=PROCESS).exclude(
        state=Lineage.State.PROPOSED
    ).first()
    if link is None:
        return False
    commitment = (
        Commitment.objects.filter(pk=link.source_id).select_related("registration__user", "exchange").first()
    )
    person = commitment.registration.user if commitment is not None else None
    if commitment is None or person is None or not person.email:
        return False
    process = lineage.target(PROCESS)
    shown = process.visible([link.target_id], person).get(link.target_id) if process is not None else None
    if shown is None:
        return False
    context = {
        "name": commitment.registration.display_name,
        "commitment": commitment,
        "process": shown,
        "confirmed": link.state == Lineage.State.CONFIRMED,
        "reason": link.reason,
        "journey_link": settings.SITE_URL
        + reverse("exchanges:journey", kwargs={"registration_id": commitment.registration_id})
        + f"#commitment-{commitment.pk}",
        "process_link": settings.SITE_URL + shown.url,
    }
    with translation.override(getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE):
        send_mail(
            subject=render_to_string("exchanges/email/lineage_decided_subject.txt", context).strip(),
            message=render_to_string("exchanges/email/lineage_decided.txt", context),
            from_email=None,
            recipient_list=[person.email],
        )
    return True


def process_choices(viewer: Any) -> list[tuple[int, str]]:
    return lineage.link_choices(target_kind=PROCESS, viewer=viewer)


def became(commitments: Iterable[Commitment], viewer: Any, *, delegate_id: int | None = None,
           confirmed_only: bool = False) -> None:
    """Give each commitment ``became``: the process it became (a core.lineage.Linked with the
    link's ``state``), if ``viewer`` may see it, else None. A link not yet confirmed shows to the
    delegate and the process's coordinators only, a refused one to the delegate only;
    ``delegate_id``: the user all ``commitments`` belong to (else read from each commitment's
    registration, loaded with it). ``confirmed_only``: a report for a funder. No query without
    commitments; one without any link; two with."""
    items = list(commitments)
    viewer_id = viewer.pk if viewer.is_authenticated else None
    owned = [
        c.pk for c in items
        if viewer_id is not None and (delegate_id if delegate_id is not None else c.registration.user_id) == viewer_id
    ]
    found = lineage.targets_of(
        source_kind=COMMITMENT, source_ids=[c.pk for c in items], target_kind=PROCESS, viewer=viewer, owned=owned,
        confirmed_only=confirmed_only,
    )
    for commitment in items:
        commitment.became = found.get(commitment.pk)  # type: ignore[attr-defined]


def became_id(commitment: Commitment) -> int | None:
    return lineage.target_ids(source_kind=COMMITMENT, source_ids=[commitment.pk], target_kind=PROCESS).get(
        commitment.pk
    )


def set_became(*, commitment: Commitment, process_id: int | None, viewer: Any) -> bool:
    """Propose the process ``commitment`` became (None: none; the same one again: left as its
    coordinators decided). The caller checked that ``viewer`` may change the commitment; the
    process must be one they may see. Returns whether the link changed."""
    if process_id is not None and not lineage.may_link(target_kind=PROCESS, target_id=process_id, viewer=viewer):
        raise ValidationError({"becomes": _("Choose a co-production process you can see.")})
    return lineage.set_target(source_kind=COMMITMENT, source_id=commitment.pk, target_kind=PROCESS,
                              target_id=process_id)


def forget(commitment_ids: Iterable[int] | QuerySet) -> None:
    lineage.forget_sources(source_kind=COMMITMENT, source_ids=commitment_ids)
