"""Series and the order of their posts.

Positions are unique per series (a database constraint). Appending reads the current last
position under a row lock on the Series, so two authors adding "the next post" at the same
time queue instead of both taking N+1. Reordering moves the affected rows out of the way
first (all above the current maximum), then writes the final 1..n in one statement, so the
unique constraint holds after every single row update on both SQLite and PostgreSQL.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case as SqlCase
from django.db.models import F, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.core.caching import area_version_name, content_changed_after_commit
from translocal.core.slugs import check_chosen_slug, save_with_slug
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths
from translocal.core.versioning import claim_version
from translocal.knowledge.apps import CONTENT_AREA

from .. import permissions
from ..models import Reflection, Series, SeriesProposal
from .common import apply_fields, reindex
from .notifications import series_post_proposed_after_commit, series_proposal_decided_after_commit

#: The content area this module's public writes move (core.caching).
AREA_VERSION = area_version_name(CONTENT_AREA)

SERIES_FIELDS: tuple[str, ...] = ("title", "description", "hub")
SERIES_TEXT_LIMITS: dict[str, int] = {"title": 250, "description": MAX_DESCRIPTION_LENGTH}


@transaction.atomic
def create_series(*, acting_user: User, data: dict[str, Any]) -> Series:
    if not permissions.can_create_series(acting_user):
        raise PermissionDenied(_("Sign in to start a series."))
    series = Series(created_by=acting_user)
    apply_fields(series, data, fields=SERIES_FIELDS, many=())
    series.title = (series.title or "").strip()
    if not series.title:
        raise ValidationError({"title": "Enter a title."})
    check_text_lengths(series, SERIES_TEXT_LIMITS)
    if data.get("slug"):
        _save_with_chosen_slug(series, data["slug"])
    else:
        save_with_slug(series, series.title)
    content_changed_after_commit(AREA_VERSION)
    return series


@transaction.atomic
def update_series(*, acting_user: User, series: Series, data: dict[str, Any]) -> Series:
    if not permissions.can_edit_series(acting_user, series):
        raise PermissionDenied(
            "Only the person who started this series, its hub's coordinators or staff can edit it."
        )
    claim_version(series, expected=data.get("version"))  # EditConflict from a stale form
    apply_fields(series, data, fields=SERIES_FIELDS, many=())
    series.title = (series.title or "").strip()
    if not series.title:
        raise ValidationError({"title": "Enter a title."})
    check_text_lengths(series, SERIES_TEXT_LIMITS)
    if data.get("slug") and data["slug"] != series.slug:
        _save_with_chosen_slug(series, data["slug"])
    else:
        series.save()
    content_changed_after_commit(AREA_VERSION)
    return series


def _save_with_chosen_slug(series: Series, slug: str) -> None:
    """Save under the slug a person typed (the Django admin); ValidationError on "slug" when it
    is malformed, a route's word ("new") or taken."""
    series.slug = check_chosen_slug(Series, slug, exclude_pk=series.pk)
    try:
        with transaction.atomic():
            series.save()
    except IntegrityError as exc:
        if Series.objects.filter(slug=series.slug).exclude(pk=series.pk).exists():
            message = _("“%(slug)s” is already used by another series.") % {"slug": slug}
            raise ValidationError({"slug": message}) from exc
        raise


def lock_series(*ids: int | None) -> None:
    """Lock the rows of the series ``ids`` (None and 0 ignored) until the transaction ends."""
    wanted = sorted({i for i in ids if i})
    if wanted:
        # In id order, so two movers between the same two series cannot deadlock.
        list(Series.objects.select_for_update().filter(pk__in=wanted).order_by("pk").values_list("pk"))


def write_order(series_id: int, ordered_ids: list[int]) -> None:
    """Give `ordered_ids` positions 1..n in `series_id` without a transient duplicate."""
    posts = Reflection.objects.filter(series_id=series_id)
    top = posts.aggregate(m=Max("series_position"))["m"] or 0
    offset = top + 1
    present = set(posts.values_list("pk", flat=True))
    posts.update(series_position=F("series_position") + offset)
    newcomers = [pk for pk in ordered_ids if pk not in present]
    for n, pk in enumerate(newcomers, start=1):
        Reflection.objects.filter(pk=pk).update(series_id=series_id, series_position=2 * offset + top + n)
    if ordered_ids:
        Reflection.objects.filter(pk__in=ordered_ids).update(
            series_position=SqlCase(*[When(pk=pk, then=Value(n)) for n, pk in enumerate(ordered_ids, 1)])
        )


def current_order(series_id: int, *, excluding: int | None = None) -> list[int]:
    """Ids of the series' reflections in their reading order, without ``excluding``."""
    qs = Reflection.objects.filter(series_id=series_id).order_by("series_position", "id")
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    return list(qs.values_list("pk", flat=True))


@transaction.atomic
def set_reflection_series(
    *, acting_user: User, reflection: Reflection, series: Series | None, position: int | None = None
) -> Reflection:
    """Put a reflection in `series` at `position` (1-based; None = as the next post), move it
    within its series, or take it out (series=None). Gaps left behind are closed."""
    if not permissions.can_edit(acting_user, reflection):
        raise PermissionDenied(_("Only the authors can change this reflection's series."))
    if series is not None and not permissions.can_add_to_series(acting_user, series):
        raise PermissionDenied(_("Sign in to add a post to a series."))
    if series is not None and position is not None and not permissions.can_edit_series(acting_user, series):
        raise PermissionDenied(_("Only the editors of this series can choose a post's position."))
    if position is not None and position < 1:
        raise ValidationError({"series_position": "Positions start at 1."})

    # From the database, not the instance: a bound form may have changed it in memory.
    old_id = Reflection.objects.filter(pk=reflection.pk).values_list("series_id", flat=True).first()
    new_id = series.pk if series is not None else None
    pending = SeriesProposal.objects.filter(reflection=reflection, status=SeriesProposal.Status.PENDING)
    if series is None:
        pending.delete()  # out of any series: a proposal waiting for one is withdrawn
    if old_id == new_id and position is None:
        return reflection
    if series is not None and not permissions.can_edit_series(acting_user, series):
        # Someone who does not edit the series proposes the post; its editors decide.
        if not pending.filter(series=series).exists():
            pending.delete()
            proposal = SeriesProposal.objects.create(series=series, reflection=reflection, proposed_by=acting_user)
            series_post_proposed_after_commit(proposal)
        new_id = None  # and it leaves the series it was in, if any
        if old_id is None:
            return reflection
    else:
        pending.delete()  # placed, or taken out of any series: nothing is waiting any more
    _place(reflection, old_id, new_id, position)
    return reflection


def _place(reflection: Reflection, old_id: int | None, new_id: int | None, position: int | None) -> None:
    """Move `reflection` from series `old_id` to `new_id` (either may be None) at `position`
    (None: as the next post), under row locks on both series."""
    lock_series(old_id, new_id)

    if old_id and old_id != new_id:
        Reflection.objects.filter(pk=reflection.pk).update(series=None, series_position=None)
        write_order(old_id, current_order(old_id))

    if new_id is not None:
        if position is None:
            last = Reflection.objects.filter(series_id=new_id).aggregate(m=Max("series_position"))["m"] or 0
            Reflection.objects.filter(pk=reflection.pk).update(series_id=new_id, series_position=last + 1)
        else:
            order = current_order(new_id, excluding=reflection.pk)
            index = min(position, len(order) + 1) - 1
            order.insert(index, reflection.pk)
            write_order(new_id, order)

    reflection.refresh_from_db(fields=["series", "series_position"])
    reindex(reflection)


def _decide(*, acting_user: User, proposal: SeriesProposal, accept: bool) -> SeriesProposal:
    proposal = SeriesProposal.objects.select_for_update().select_related("series", "reflection").get(pk=proposal.pk)
    if not permissions.can_edit_series(acting_user, proposal.series):
        raise PermissionDenied(_("Only the editors of this series accept or decline the posts proposed for it."))
    if proposal.status != SeriesProposal.Status.PENDING:
        raise ValidationError(_("This proposal was already answered."))
    if accept:
        reflection = proposal.reflection
        old_id = Reflection.objects.filter(pk=reflection.pk).values_list("series_id", flat=True).first()
        _place(reflection, old_id, proposal.series_id, None)
    proposal.status = SeriesProposal.Status.ACCEPTED if accept else SeriesProposal.Status.DECLINED
    proposal.decided_at = timezone.now()
    proposal.decided_by = acting_user
    proposal.save(update_fields=["status", "decided_at", "decided_by"])
    content_changed_after_commit(AREA_VERSION)
    series_proposal_decided_after_commit(proposal)
    return proposal


@transaction.atomic
def accept_series_proposal(*, acting_user: User, proposal: SeriesProposal) -> SeriesProposal:
    """An editor of the series accepts a proposed post: it becomes the series' next post and
    the proposer is told by e-mail."""
    return _decide(acting_user=acting_user, proposal=proposal, accept=True)


@transaction.atomic
def decline_series_proposal(*, acting_user: User, proposal: SeriesProposal) -> SeriesProposal:
    """An editor of the series declines a proposed post: it stays a reflection outside the
    series, and the proposer is told by e-mail."""
    return _decide(acting_user=acting_user, proposal=proposal, accept=False)
