"""Exchanges join SDG localisation (translocal.sdg's registration point): a delegate's
commitments take goal and target tags and suggestions, which the delegate confirms, and the
public ones (with their follow-ups) appear in the local SDG reports of the place and hub they
concern. Never a private commitment, nor one shared with the participants only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from translocal.sdg.services import ReportSource, Taggable, register_report_source, register_taggable

from . import permissions, selectors, services


def _commitment(object_id: int) -> Any | None:
    from .models import Commitment

    return Commitment.objects.select_related("registration", "exchange").filter(pk=object_id).first()


def _can_tag(user: Any, commitment: Any) -> bool:
    return permissions.can_keep_journey(user, commitment.registration)


def _tag(*, acting_user: Any, obj: Any, terms: Any) -> None:
    services.tag_commitment_with_sdgs(acting_user=acting_user, commitment=obj, terms=terms)


def register() -> None:
    register_taggable(Taggable(kind="commitment", get=_commitment, can_tag=_can_tag, add_tags=_tag))
    register_report_source(
        ReportSource(
            key="exchanges",
            labels={"commitment": _("Commitments from exchanges, with their follow-ups")},
            fetch=selectors.sdg_tagged_commitments,
            order=30,
        )
    )
