"""Adding SDG tags to an entry outside its edit form: an author confirming a suggested goal
or target (translocal.sdg)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.taxonomy.models import Term, Vocabulary

from .. import permissions
from ..models.base import Entry
from .common import reindex
from .entries import lock_lifecycle


@transaction.atomic
def add_sdg_tags(*, acting_user: User, entry: Entry, terms: Iterable[Term]) -> None:
    """Tag ``entry`` with SDG goals or targets (terms it already has are kept once). Raises
    PermissionDenied unless the acting user may edit the entry, ValidationError for a term of
    another vocabulary."""
    terms = list(terms)
    if any(term.vocabulary != Vocabulary.SDG for term in terms):
        raise ValidationError(_("Only goals and targets of the SDGs can be added here."))
    lock_lifecycle(entry)
    if not permissions.can_edit(acting_user, entry):
        raise PermissionDenied(_("Only the authors can edit this entry."))
    entry.sdgs.add(*terms)
    reindex(entry)
