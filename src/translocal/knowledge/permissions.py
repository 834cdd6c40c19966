"""Who may see and change what in the knowledge commons.

Named predicates, asked by views, services and templates alike (via the ``knowledge_tags``
filters), plus fetch-and-check helpers so no view can forget a check. Rules:

- anyone, including anonymous visitors, reads what is published;
- a draft is visible to its authors (and staff) only, and to a member named as an author who
  has not answered yet (to decide); pending and declined authorships give no other right;
- an entry a moderator unpublished is visible to its authors and to those who may moderate
  it; for everyone else it does not exist;
- signed-in members create; authors edit their own; staff can do everything;
- coordinators of the entry's hub and staff moderate: they take a published entry down, with
  a reason. The takedown is recorded on the entry (who, when, why, and the hub it was taken down
  for) and holds whatever its authors edit, moving it to another hub included: only a
  coordinator of *that* hub who is not one of its authors, or staff, can lift it (which
  publishes it again).
"""

from typing import TypeAlias, TypeGuard, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.places.selectors import is_hub_coordinator

from .models import Authorship, Case, Method, Reflection, Series, Status
from .models.base import Entry

AnyUser: TypeAlias = User | AnonymousUser
#: The concrete entry type a fetch-and-check helper was asked for, and returns.
E = TypeVar("E", bound=Entry)


def _is_member(user: AnyUser) -> TypeGuard[User]:
    """A signed-in, active member (for the type checker: a ``User``, not an ``AnonymousUser``)."""
    return bool(user and user.is_authenticated and user.is_active)


def _is_staff(user: AnyUser) -> bool:
    return _is_member(user) and bool(user.is_staff or user.is_superuser)


def _authorship_status(user: User, entry: Entry) -> str | None:
    """The status of `user`'s authorship of a reflection (None when not named), from the
    prefetched ``authorships`` when there are, else one query."""
    if not isinstance(entry, Reflection) or not entry.pk:
        return None
    prefetched = getattr(entry, "_prefetched_objects_cache", {}).get("authorships")
    if prefetched is not None:
        return next((a.status for a in prefetched if a.user_id == user.pk), None)
    return entry.authorships.filter(user_id=user.pk).values_list("status", flat=True).first()


def is_author(user: AnyUser, entry: Entry) -> bool:
    """The creator of an entry, and for reflections every member who accepted being named as
    an author (a pending or declined authorship gives no rights)."""
    if not _is_member(user):
        return False
    if entry.created_by_id is not None and entry.created_by_id == user.pk:
        return True
    return _authorship_status(user, entry) == Authorship.Status.ACCEPTED


def is_invited_author(user: AnyUser, entry: Entry) -> bool:
    """A member named as an author who has not answered yet: they may read the reflection
    (a draft included) to decide, and nothing more."""
    return _is_member(user) and _authorship_status(user, entry) == Authorship.Status.PENDING


def can_respond_to_authorship(user: AnyUser, authorship: Authorship) -> bool:
    """Only the named member answers for themselves."""
    return _is_member(user) and authorship.user_id is not None and authorship.user_id == user.pk


def can_create(user: AnyUser) -> bool:
    return _is_member(user)


def can_moderate(user: AnyUser, entry: Entry) -> bool:
    """Staff, and coordinators of the hub the entry is linked to."""
    return _is_staff(user) or (_is_member(user) and is_hub_coordinator(user, entry.hub_id))


def can_lift_moderation(user: AnyUser, entry: Entry) -> bool:
    """Lifting a takedown is for staff, and for coordinators of the hub it was taken down for
    (``moderation_hub``, not the entry's current hub, which its authors may change), unless
    they are one of its authors: nobody reinstates their own entry."""
    if entry.status != Status.UNPUBLISHED or not _is_member(user):
        return False
    if _is_staff(user):
        return True
    return (
        entry.moderation_hub_id is not None
        and is_hub_coordinator(user, entry.moderation_hub_id)
        and not is_author(user, entry)
    )


def can_view(user: AnyUser, entry: Entry) -> bool:
    """A draft is its authors' own work in progress: only they (and staff, who can do
    everything) see it. An entry a moderator unpublished stays visible to its authors, to
    the moderators of its hub and to those who can lift the takedown."""
    if entry.status == Status.PUBLISHED:
        return True
    if is_author(user, entry) or is_invited_author(user, entry):
        return True
    if entry.status == Status.DRAFT:
        return _is_staff(user)
    return can_moderate(user, entry) or can_lift_moderation(user, entry)


def can_edit(user: AnyUser, entry: Entry) -> bool:
    return _is_staff(user) or is_author(user, entry)


def can_translate(user: AnyUser, entry: Entry) -> bool:
    """Who may add or change a translation of an entry: whoever may edit it (its authors, staff)."""
    return can_edit(user, entry)


def can_publish(user: AnyUser, entry: Entry) -> bool:
    """Authors publish their drafts; publishing an entry a moderator took down is lifting the
    takedown (can_lift_moderation)."""
    if entry.status == Status.PUBLISHED:
        return False
    if entry.status == Status.UNPUBLISHED:
        return can_lift_moderation(user, entry)
    return can_edit(user, entry)


def can_unpublish(user: AnyUser, entry: Entry) -> bool:
    return entry.status == Status.PUBLISHED and can_moderate(user, entry)


# Explicit names per type, as the style guide asks (`can_edit_case(user, case)`).
can_view_case = can_view_method = can_view_reflection = can_view
can_edit_case = can_edit_method = can_edit_reflection = can_edit
can_publish_case = can_publish_method = can_publish_reflection = can_publish
can_unpublish_case = can_unpublish_method = can_unpublish_reflection = can_unpublish
can_lift_case_moderation = can_lift_method_moderation = can_lift_reflection_moderation = can_lift_moderation
can_create_case = can_create_method = can_create_reflection = can_create_series = can_create


def can_delete(user: AnyUser, entry: Entry) -> bool:
    """Deleting an entry is for those who may edit it: staff and its authors."""
    return can_edit(user, entry)


can_delete_case = can_delete_method = can_delete_reflection = can_delete


def can_feature_case(user: AnyUser, case: Case) -> bool:
    """Featuring on the home page is an editorial choice for the whole site: staff only."""
    return _is_staff(user)


def can_edit_series(user: AnyUser, series: Series) -> bool:
    if _is_staff(user):
        return True
    if not _is_member(user):
        return False
    return series.created_by_id == user.pk or is_hub_coordinator(user, series.hub_id)


def can_delete_series(user: AnyUser, series: Series) -> bool:
    """Those who edit a series may delete it; its posts stay, as reflections outside any series."""
    return can_edit_series(user, series)


def can_add_to_series(user: AnyUser, series: Series) -> bool:
    """Any member may append their own reflection to a series (a series is a shared thread);
    choosing a specific position, i.e. reordering, is for those who edit the series."""
    return _is_member(user)


# --- fetch-and-check --------------------------------------------------------------------------


def _get_for_view(model: type[E], user: AnyUser, slug: str, queryset: QuerySet[E] | None = None) -> E:
    qs = queryset if queryset is not None else model._default_manager.all()
    # slug is unique: no ORDER BY needed (first() would add the model's ordering)
    return viewable_or_404(model, user, next(iter(qs.filter(slug=slug).order_by()[:1]), None))


def viewable_or_404(model: type[E], user: AnyUser, entry: E | None) -> E:
    """``entry`` (of ``model``, read by the caller; None: there is none) when ``user`` may see
    it, else Http404: the same answer for "missing" and "not yours", so the existence of
    drafts does not leak."""
    if entry is None or not can_view(user, entry):
        raise Http404(f"No {model._meta.verbose_name} found at this address.")
    return entry


def _get_for_edit(model: type[E], user: AnyUser, slug: str) -> E:
    entry = _get_for_view(model, user, slug)
    if not can_edit(user, entry):
        raise PermissionDenied(_("Only its authors can edit this entry."))
    return entry


def _get_for_moderation(model: type[E], user: AnyUser, slug: str) -> E:
    entry = _get_for_view(model, user, slug)
    if not (can_moderate(user, entry) or can_edit(user, entry) or can_lift_moderation(user, entry)):
        raise PermissionDenied(_("You cannot change whether this is published."))
    return entry


def get_case_for_view(*, user: AnyUser, slug: str, queryset: QuerySet[Case] | None = None) -> Case:
    return _get_for_view(Case, user, slug, queryset)


def get_case_for_edit(*, user: AnyUser, slug: str) -> Case:
    return _get_for_edit(Case, user, slug)


def get_case_for_moderation(*, user: AnyUser, slug: str) -> Case:
    return _get_for_moderation(Case, user, slug)


def get_method_for_view(*, user: AnyUser, slug: str, queryset: QuerySet[Method] | None = None) -> Method:
    return _get_for_view(Method, user, slug, queryset)


def get_method_for_edit(*, user: AnyUser, slug: str) -> Method:
    return _get_for_edit(Method, user, slug)


def get_method_for_moderation(*, user: AnyUser, slug: str) -> Method:
    return _get_for_moderation(Method, user, slug)


def get_reflection_for_view(*, user: AnyUser, slug: str, queryset: QuerySet[Reflection] | None = None) -> Reflection:
    return _get_for_view(Reflection, user, slug, queryset)


def get_reflection_for_edit(*, user: AnyUser, slug: str) -> Reflection:
    return _get_for_edit(Reflection, user, slug)


def get_reflection_for_moderation(*, user: AnyUser, slug: str) -> Reflection:
    return _get_for_moderation(Reflection, user, slug)


def get_series_for_view(*, user: AnyUser, slug: str) -> Series:
    series = Series.objects.filter(slug=slug).first()
    if series is None:
        raise Http404("No series found at this address.")
    return series


def get_series_for_edit(*, user: AnyUser, slug: str) -> Series:
    series = get_series_for_view(user=user, slug=slug)
    if not can_edit_series(user, series):
        raise PermissionDenied(
            _("Only the person who started this series, its hub's coordinators or staff can edit it.")
        )
    return series
