from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from translocal.accounts.models import User
from translocal.core.caching import content_changed

from .. import permissions
from ..models import Authorship, Reflection
from .common import reindex, render_body_ahead
from .entries import create_entry, publish_entry, unpublish_entry, update_entry
from .series import set_reflection_series

REFLECTION_FIELDS: tuple[str, ...] = ()
REFLECTION_MANY: tuple[str, ...] = ("cases", "methods", "places")


@dataclass(frozen=True)
class AuthorInput:
    """One author as given by a form or an importer: a member, or a guest without an account."""

    user: User | None = None
    guest_name: str = ""
    guest_affiliation: str = ""

    def validate(self) -> None:
        if self.user is not None and self.guest_name.strip():
            raise ValidationError("An author is either a member or a guest, not both.")
        if self.user is None and not self.guest_name.strip():
            raise ValidationError("Give a guest author's name, or choose a member.")


def _forget_authors(reflection: Reflection) -> None:
    getattr(reflection, "_prefetched_objects_cache", {}).pop("authorships", None)


def _check_edit(acting_user: User, reflection: Reflection) -> None:
    if not permissions.can_edit(acting_user, reflection):
        raise PermissionDenied("Only the authors can change this reflection.")


def _write_authors(reflection: Reflection, authors: Sequence[AuthorInput]) -> list[Authorship]:
    if not authors:
        raise ValidationError({"authors": "A reflection needs at least one author."})
    seen: set[int] = set()
    rows = []
    for position, author in enumerate(authors):
        author.validate()
        if author.user is not None:
            if author.user.pk in seen:
                raise ValidationError({"authors": f"{author.user.name} is listed twice."})
            seen.add(author.user.pk)
        rows.append(
            Authorship(
                reflection=reflection,
                user=author.user,
                guest_name="" if author.user else author.guest_name.strip(),
                guest_affiliation=author.guest_affiliation.strip(),
                position=position,
            )
        )
    reflection.authorships.all().delete()
    created = Authorship.objects.bulk_create(rows)
    _forget_authors(reflection)
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
            _write_authors(reflection, data["authors"])
        elif creating:
            _write_authors(reflection, [AuthorInput(user=acting_user)])

    return hook


def create_reflection(*, acting_user: User, data: dict[str, Any]) -> Reflection:
    """A new reflection (a draft unless ``data["publish"]``). ``data["authors"]`` is a list of
    AuthorInput (default: the acting acting_user); ``data["series"]`` places it in a series, at
    ``data["series_position"]`` or, if that is None, as the next post. The body is rendered
    before the transaction opens."""
    rendered = render_body_ahead(data)
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


def update_reflection(*, acting_user: User, reflection: Reflection, data: dict[str, Any]) -> Reflection:
    rendered = render_body_ahead(data, entry=reflection)
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
def unpublish_reflection(*, acting_user: User, reflection: Reflection) -> Reflection:
    return unpublish_entry(reflection, acting_user=acting_user)


@transaction.atomic
def set_authors(*, acting_user: User, reflection: Reflection, authors: Sequence[AuthorInput]) -> list[Authorship]:
    """Replace the author list, in the given order."""
    _check_edit(acting_user, reflection)
    created = _write_authors(reflection, authors)
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
    """Append one author (a member, or a guest by name and affiliation) at the end."""
    _check_edit(acting_user, reflection)
    author = AuthorInput(user=member, guest_name=guest_name, guest_affiliation=guest_affiliation)
    author.validate()
    if member is not None and reflection.authorships.filter(user=member).exists():
        raise ValidationError(f"{member.name} is already an author.")
    last = reflection.authorships.aggregate(m=Max("position"))["m"]
    authorship = Authorship.objects.create(
        reflection=reflection,
        user=member,
        guest_name="" if member else guest_name.strip(),
        guest_affiliation=guest_affiliation.strip(),
        position=0 if last is None else last + 1,
    )
    _forget_authors(reflection)
    reindex(reflection)  # the index shows author names
    return authorship


@transaction.atomic
def reorder_authors(*, acting_user: User, reflection: Reflection, authorship_ids: Sequence[int]) -> None:
    """Put the authors in the given order; the ids must be exactly this reflection's authors."""
    _check_edit(acting_user, reflection)
    current = {a.pk: a for a in reflection.authorships.all()}
    if sorted(current) != sorted(authorship_ids):
        raise ValidationError("The new order must list every author of this reflection exactly once.")
    for position, pk in enumerate(authorship_ids):
        current[pk].position = position
    Authorship.objects.bulk_update(current.values(), ["position"])
    _forget_authors(reflection)
    content_changed()
