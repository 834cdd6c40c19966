"""Commitments as the source of what they became in another pillar (core.lineage): a
commitment records the co-production process it became, and that process's results list the
commitments they came from. The process kind is registered by the co-production app; this
module only names it. Registered from ``apps.py``."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from translocal.core import lineage

from .models import Commitment
from .permissions import shared_journey_items_q

COMMITMENT = "exchanges.commitment"
#: The kind the co-production app registers its processes under.
PROCESS = "coproduction.process"


def _visible(ids: QuerySet, viewer: Any) -> list[lineage.Linked]:
    """The commitments among ``ids`` the viewer may see on a shared page: never a private one,
    whoever looks (as the impact views); participants' ones only to the exchange's people."""
    found = (
        Commitment.objects.filter(pk__in=ids)
        .filter(shared_journey_items_q(viewer))
        .select_related("exchange", "registration", "registration__user")
        .order_by("exchange__starts_on", "id")
    )
    return [
        lineage.Linked(
            kind=COMMITMENT,
            pk=c.pk,
            title=c.title,
            url=f"{reverse('exchanges:impact', args=[c.exchange.slug])}#commitment-{c.pk}",
            context=f"{c.registration.display_name}, {c.exchange.title}",
        )
        for c in found
    ]


def register() -> None:
    lineage.register_source(lineage.Source(kind=COMMITMENT, label=_("Commitments taken home from exchanges"),
                                           visible=_visible))


def process_choices(viewer: Any) -> list[tuple[int, str]]:
    return lineage.link_choices(target_kind=PROCESS, viewer=viewer)


def became(commitments: Iterable[Commitment], viewer: Any) -> None:
    """Give each commitment ``became``: the process it became, if ``viewer`` may see it, else
    None (no query without commitments; one without any link; two with)."""
    items = list(commitments)
    found = lineage.targets_of(
        source_kind=COMMITMENT, source_ids=[c.pk for c in items], target_kind=PROCESS, viewer=viewer
    )
    for commitment in items:
        commitment.became = found.get(commitment.pk)  # type: ignore[attr-defined]


def became_id(commitment: Commitment) -> int | None:
    return lineage.target_ids(source_kind=COMMITMENT, source_ids=[commitment.pk], target_kind=PROCESS).get(
        commitment.pk
    )


def set_became(*, commitment: Commitment, process_id: int | None, viewer: Any) -> None:
    """Record the process ``commitment`` became (None: none). The caller checked that
    ``viewer`` may change the commitment; the process must be one they may see."""
    if process_id is not None and not lineage.may_link(target_kind=PROCESS, target_id=process_id, viewer=viewer):
        raise ValidationError({"becomes": _("Choose a co-production process you can see.")})
    lineage.set_target(source_kind=COMMITMENT, source_id=commitment.pk, target_kind=PROCESS, target_id=process_id)


def forget(commitment_ids: Iterable[int] | QuerySet) -> None:
    lineage.forget_sources(source_kind=COMMITMENT, source_ids=commitment_ids)
