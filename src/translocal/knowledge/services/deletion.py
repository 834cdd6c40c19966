"""Deleting entries and series. Each deletion checks permission, writes an audit row
("delete") in the same transaction, and after the commit removes the object from search and
re-indexes what showed it; the content version then moves once.

What happens to what depends on the deleted object:

- a case: its components stay, no longer part of a larger case; reflections and the other
  links that named it lose that link;
- a method: cases and reflections that named it lose that link;
- a reflection: its authorships go with it; the later posts of its series move up one place,
  so the series stays numbered 1..n;
- a series: its posts stay, as reflections outside any series.
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.caching import area_version_name, content_changed_after_commit
from translocal.core.images.services import delete_images_of
from translocal.knowledge.apps import CONTENT_AREA
from translocal.search.services import sync_after_commit

from .. import permissions
from ..image_kinds import OWNER_KINDS
from ..models import Case, Method, Reflection, Series
from .common import sync_translations_after_commit
from .series import current_order, lock_series, write_order

#: The content area this module's public writes move (core.caching).
AREA_VERSION = area_version_name(CONTENT_AREA)


def _sync_all(model: type[models.Model], pks: list[int]) -> None:
    for pk in pks:
        sync_after_commit(model(pk=pk))


def _delete(entry: models.Model, acting_user: User, details: dict[str, object]) -> None:
    record(acting_user=acting_user, action=audit_actions.DELETE, target=entry, details=details)
    sync_after_commit(entry)  # before the delete: it keeps the model and the key
    sync_translations_after_commit(entry)
    kind = OWNER_KINDS.get(type(entry))
    if kind is not None:
        delete_images_of(kind, [entry.pk])  # their files after the commit
    entry.delete()


@transaction.atomic
def delete_case(*, acting_user: User, case: Case) -> None:
    """Delete a case (staff or its authors; PermissionDenied otherwise). Its components become
    cases of their own and are re-indexed, as are the reflections that named it."""
    if not permissions.can_delete_case(acting_user, case):
        raise PermissionDenied(_("Only staff and the authors of this case can delete it."))
    components = list(Case.objects.filter(is_component_of=case).values_list("pk", flat=True))
    reflections = list(case.reflections.values_list("pk", flat=True))
    _delete(case, acting_user, {"components_released": len(components), "status": case.status})
    _sync_all(Case, components)
    _sync_all(Reflection, reflections)


@transaction.atomic
def delete_method(*, acting_user: User, method: Method) -> None:
    """Delete a method (staff or its authors; PermissionDenied otherwise). The cases and
    reflections that named it lose the link and are re-indexed (a case's facets list its methods)."""
    if not permissions.can_delete_method(acting_user, method):
        raise PermissionDenied(_("Only staff and the authors of this method can delete it."))
    cases = list(method.cases.values_list("pk", flat=True))
    reflections = list(method.reflections.values_list("pk", flat=True))
    _delete(method, acting_user, {"cases_unlinked": len(cases), "status": method.status})
    _sync_all(Case, cases)
    _sync_all(Reflection, reflections)


@transaction.atomic
def delete_reflection(*, acting_user: User, reflection: Reflection) -> None:
    """Delete a reflection (staff or its accepted authors; PermissionDenied otherwise), with
    its authorships. In a series, the posts after it move up one place."""
    if not permissions.can_delete_reflection(acting_user, reflection):
        raise PermissionDenied(_("Only staff and the authors of this reflection can delete it."))
    series_id = Reflection.objects.filter(pk=reflection.pk).values_list("series_id", flat=True).first()
    lock_series(series_id)
    _delete(reflection, acting_user, {"series": series_id, "status": reflection.status})
    if series_id is not None:
        order = current_order(series_id)
        write_order(series_id, order)
        _sync_all(Reflection, order)  # "post N of M" changed for each


@transaction.atomic
def delete_series(*, acting_user: User, series: Series) -> None:
    """Delete a series (those who may edit it: PermissionDenied otherwise). Its posts stay as
    reflections outside any series, and are re-indexed."""
    if not permissions.can_delete_series(acting_user, series):
        raise PermissionDenied(
            _("Only the person who started this series, its hub's coordinators or staff can delete it.")
        )
    lock_series(series.pk)
    posts = list(Reflection.objects.filter(series=series).values_list("pk", flat=True))
    # Both columns at once: a post keeps no position once it is in no series (a constraint).
    Reflection.objects.filter(pk__in=posts).update(series=None, series_position=None)
    record(acting_user=acting_user, action=audit_actions.DELETE, target=series, details={"posts_kept": len(posts)})
    series.delete()
    _sync_all(Reflection, posts)
    content_changed_after_commit(AREA_VERSION)
