from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.core.caching import area_version_name, content_changed_after_commit, private_state_changed
from translocal.exchanges import permissions as exchange_permissions
from translocal.knowledge.apps import CONTENT_AREA

from .. import permissions
from ..models import Authorship, Reflection
from .common import RenderedBody, reindex, render_body_ahead
from .entries import create_entry, lift_entry_moderation, publish_entry, unpublish_entry, update_entry
from .notifications import authorship_requested_after_commit
from .series import set_reflection_series

#: The content area this module's public writes move (core.caching).
AREA_VERSION = area_version_name(CONTENT_AREA)

REFLECTION_FIELDS: tuple[str, ...] = ("exchange",)
REFLECTION_MANY: tuple[str, ...] = ("cases", "methods", "places")


@dataclass(frozen=True)
class AuthorInput:
    """One author as given by a form or an importer: a member, or a guest without an account."""

    user: User | None = None
    guest_name: str = ""
    guest_affiliation: str = ""

    def validate(self) -> None:
        if self.user is not None and self.guest_name.strip():
            raise ValidationError(_("An author is either a member or a guest, not both."))
        if self.user is None and not self.guest_name.strip():
            raise ValidationError(_("Give a guest author's name, or choose a member."))


def _forget_authors(reflection: Reflection) -> None:
    getattr(reflection, "_prefetched_objects_cache", {}).pop("authorships", None)


def _check_edit(acting_user: User, reflection: Reflection) -> None:
    if not permissions.can_edit(acting_user, reflection):
        raise PermissionDenied(_("Only the authors can change this reflection."))


def _status_for(member: User, acting_user: User, previous: Authorship | None) -> tuple[str, User | None, Any]:
    """(status, invited_by, responded_at) of a member author: an answer already given is kept;
    naming yourself needs no answer; anyone else named is asked (pending)."""
    if previous is not None:
        return previous.status, previous.invited_by, previous.responded_at
    if member.pk == acting_user.pk:
        return Authorship.Status.ACCEPTED, acting_user, timezone.now()
    return Authorship.Status.PENDING, acting_user, None


def _check_someone_accepted(rows: Sequence[Authorship]) -> None:
    if not any(row.status == Authorship.Status.ACCEPTED for row in rows):
        raise ValidationError({
            "authors": _(
                "A reflection needs at least one author who has agreed to be named: add yourself, a "
                "guest author, or someone who has already accepted."
            )
        })


def _write_authors(reflection: Reflection, authors: Sequence[AuthorInput], acting_user: User) -> list[Authorship]:
    """Replace the author list. Members keep the answer they gave; new members other than the
    acting user are pending until they accept; at least one author must be accepted."""
    if not authors:
        raise ValidationError({"authors": "A reflection needs at least one author."})
    previous = {a.user_id: a for a in reflection.authorships.select_related("invited_by") if a.user_id}
    seen: set[int] = set()
    rows = []
    for position, author in enumerate(authors):
        author.validate()
        if author.user is not None:
            if author.user.pk in seen:
                raise ValidationError({"authors": f"{author.user.name} is listed twice."})
            seen.add(author.user.pk)
            status, invited_by, responded_at = _status_for(author.user, acting_user, previous.get(author.user.pk))
        else:
            status, invited_by, responded_at = Authorship.Status.ACCEPTED, acting_user, None
        rows.append(
            Authorship(
                reflection=reflection,
                user=author.user,
                guest_name="" if author.user else author.guest_name.strip(),
                guest_affiliation=author.guest_affiliation.strip(),
                position=position,
                status=status,
                invited_by=invited_by,
                responded_at=responded_at,
            )
        )
    _check_someone_accepted(rows)
    reflection.authorships.all().delete()
    created = Authorship.objects.bulk_create(rows)
    for row in created:
        if row.status == Authorship.Status.PENDING and row.user_id not in previous:
            authorship_requested_after_commit(row)
    _forget_authors(reflection)
    # Who may edit it, and whose pages ask them to accept, changed (core.page_cache).
    private_state_changed(*previous, *seen)
    return created


def _after_save(data: dict[str, Any], acting_user: User, *, creating: bool):  # noqa: ANN202
    def hook(reflection: Reflection) -> None:
        # Series first: it is checked against the authors as they are before any change.
        if "series" in data:
            set_reflection_series(
                acting_user=acting_user,
                reflection=reflection,
                series=data["series"],
                position=data.get("series_position"),
            )
        if "authors" in data:
            _write_authors(reflection, data["authors"], acting_user)
        elif creating:
            _write_authors(reflection, [AuthorInput(user=acting_user)], acting_user)

    return hook


def _check_exchange(data: dict[str, Any]) -> None:
    """A reflection is linked only to an exchange everyone may see (its page, feeds and search
    show the link): a published or cancelled public one."""
    exchange = data.get("exchange")
    if exchange is not None and not exchange_permissions.can_view_exchange(AnonymousUser(), exchange):
        raise ValidationError({"exchange": _("Choose a public exchange.")})


def create_reflection(
    *, acting_user: User, data: dict[str, Any], rendered: RenderedBody | None = None
) -> Reflection:
    """A new reflection (a draft unless ``data["publish"]``). ``data["authors"]`` is a list of
    AuthorInput (default: the acting user); ``data["series"]`` places it in a series, at
    ``data["series_position"]`` or, if that is None, as the next post. The body is rendered
    before the transaction opens (or given as ``rendered`` by a caller that rendered it before
    its own transaction)."""
    _check_exchange(data)
    rendered = rendered or render_body_ahead(data, acting_user=acting_user)
    with transaction.atomic():
        return create_entry(
            Reflection,
            acting_user=acting_user,
            data=data,
            fields=REFLECTION_FIELDS,
            many=REFLECTION_MANY,
            after_save=_after_save(data, acting_user, creating=True),
            rendered=rendered,
        )


def update_reflection(
    *, acting_user: User, reflection: Reflection, data: dict[str, Any], rendered: RenderedBody | None = None
) -> Reflection:
    if "exchange" in data and data["exchange"] is not None and data["exchange"].pk != reflection.exchange_id:
        _check_exchange(data)
    rendered = rendered or render_body_ahead(data, entry=reflection, acting_user=acting_user)
    with transaction.atomic():
        return update_entry(
            reflection,
            acting_user=acting_user,
            data=data,
            fields=REFLECTION_FIELDS,
            many=REFLECTION_MANY,
            after_save=_after_save(data, acting_user, creating=False),
            rendered=rendered,
        )


@transaction.atomic
def publish_reflection(*, acting_user: User, reflection: Reflection) -> Reflection:
    return publish_entry(reflection, acting_user=acting_user)


@transaction.atomic
def unpublish_reflection(*, acting_user: User, reflection: Reflection, reason: str) -> Reflection:
    """A moderator takes the reflection down, saying why (see entries.unpublish_entry)."""
    return unpublish_entry(reflection, acting_user=acting_user, reason=reason)


@transaction.atomic
def lift_reflection_moderation(*, acting_user: User, reflection: Reflection) -> Reflection:
    """Lift a moderator's takedown and publish the reflection again (see entries.lift_entry_moderation)."""
    return lift_entry_moderation(reflection, acting_user=acting_user)


@transaction.atomic
def set_authors(*, acting_user: User, reflection: Reflection, authors: Sequence[AuthorInput]) -> list[Authorship]:
    """Replace the author list, in the given order (see _write_authors for who must accept)."""
    _check_edit(acting_user, reflection)
    created = _write_authors(reflection, authors, acting_user)
    reindex(reflection)  # the index shows author names
    return created


@transaction.atomic
def add_author(
    *,
    acting_user: User,
    reflection: Reflection,
    member: User | None = None,
    guest_name: str = "",
    guest_affiliation: str = "",
) -> Authorship:
    """Append one author (a member, or a guest by name and affiliation) at the end. A member
    other than the acting user is pending until they accept."""
    _check_edit(acting_user, reflection)
    author = AuthorInput(user=member, guest_name=guest_name, guest_affiliation=guest_affiliation)
    author.validate()
    if member is not None and reflection.authorships.filter(user=member).exists():
        raise ValidationError(_("%(name)s is already an author.") % {"name": member.name})
    last = reflection.authorships.aggregate(m=Max("position"))["m"]
    if member is not None:
        status, invited_by, responded_at = _status_for(member, acting_user, None)
    else:
        status, invited_by, responded_at = Authorship.Status.ACCEPTED, acting_user, None
    authorship = Authorship.objects.create(
        reflection=reflection,
        user=member,
        guest_name="" if member else guest_name.strip(),
        guest_affiliation=guest_affiliation.strip(),
        position=0 if last is None else last + 1,
        status=status,
        invited_by=invited_by,
        responded_at=responded_at,
    )
    if authorship.status == Authorship.Status.PENDING:
        authorship_requested_after_commit(authorship)
    _forget_authors(reflection)
    private_state_changed(authorship.user_id)  # their pages ask them to accept (core.page_cache)
    reindex(reflection)  # the index shows author names
    return authorship


@transaction.atomic
def reorder_authors(*, acting_user: User, reflection: Reflection, authorship_ids: Sequence[int]) -> None:
    """Put the authors in the given order; the ids must be exactly this reflection's authors."""
    _check_edit(acting_user, reflection)
    current = {a.pk: a for a in reflection.authorships.all()}
    if sorted(current) != sorted(authorship_ids):
        raise ValidationError(_("The new order must list every author of this reflection exactly once."))
    for position, pk in enumerate(authorship_ids):
        current[pk].position = position
    Authorship.objects.bulk_update(current.values(), ["position"])
    _forget_authors(reflection)
    content_changed_after_commit(AREA_VERSION)


def _own_authorship(acting_user: User, reflection: Reflection) -> Authorship:
    authorship = (
        Authorship.objects.select_for_update().filter(reflection=reflection, user_id=acting_user.pk).first()
    )
    if authorship is None or not permissions.can_respond_to_authorship(acting_user, authorship):
        raise PermissionDenied(_("You are not named as an author of this reflection."))
    return authorship


@transaction.atomic
def accept_authorship(*, acting_user: User, reflection: Reflection) -> Authorship:
    """The named member agrees to be an author: from now on they are in its byline (on every
    page, their profile and search) and may edit it. Also undoes an earlier decline.

    Raises PermissionDenied when `acting_user` is not named on `reflection`."""
    authorship = _own_authorship(acting_user, reflection)
    if authorship.status != Authorship.Status.ACCEPTED:
        authorship.status = Authorship.Status.ACCEPTED
        authorship.responded_at = timezone.now()
        authorship.save(update_fields=["status", "responded_at"])
        _forget_authors(reflection)
        reindex(reflection)  # the byline and the search text change
        private_state_changed(acting_user.pk)
    return authorship


@transaction.atomic
def decline_authorship(*, acting_user: User, reflection: Reflection) -> Authorship:
    """The named member refuses to be an author (or withdraws an earlier yes): they never
    appear in its byline and lose the right to edit it.

    Raises PermissionDenied when `acting_user` is not named on `reflection`; ValidationError
    when they are its last accepted author (someone else must accept first)."""
    authorship = _own_authorship(acting_user, reflection)
    if authorship.status == Authorship.Status.DECLINED:
        return authorship
    if authorship.status == Authorship.Status.ACCEPTED:
        others = reflection.authorships.filter(status=Authorship.Status.ACCEPTED).exclude(pk=authorship.pk)
        if not others.exists():
            raise ValidationError(_(
                "You are the only author who has agreed to be named. Add another author who accepts, "
                "or ask a moderator to take the reflection down."
            ))
    authorship.status = Authorship.Status.DECLINED
    authorship.responded_at = timezone.now()
    authorship.save(update_fields=["status", "responded_at"])
    _forget_authors(reflection)
    reindex(reflection)
    private_state_changed(acting_user.pk)
    return authorship
