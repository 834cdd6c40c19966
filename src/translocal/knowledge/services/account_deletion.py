"""What the knowledge commons does when an account is deleted or renamed (``accounts.lifecycle``
handlers, registered in ``apps.py``). When a member's name changes, the reflections whose
byline shows them are re-indexed after the commit. When their account is deleted:

- every reflection the person accepted to co-author keeps them in its byline, at the same
  position, as a guest author named "Former member" (``models.FORMER_MEMBER``, shown in the
  reader's language): it keeps at least one accepted author and a byline, and their name leaves
  the reflection, its page and search;
- their co-author requests that were pending or declined are deleted (they were never shown);
- cases, methods, reflections and series they created stay; the database forgets their creator
  (``created_by`` is set to null by the foreign key); who moderated what stays in the audit log.
"""

from translocal.accounts.lifecycle import AccountDeletion
from translocal.accounts.models import User
from translocal.search.services import sync_after_commit

from ..models import Authorship, Case, Method, Reflection, Series
from ..models.reflections import FORMER_MEMBER

#: Runs after the handlers that only check (places: ORDER 10).
ORDER = 50


def release_authorships_of_deleted_account(deletion: AccountDeletion) -> None:
    """Turn ``deletion.user``'s accepted authorships into "Former member" guest authorships,
    delete their pending and declined ones, and re-index the reflections whose byline changed
    (after commit). Counts ``authorships_kept_as_former_member``, ``coauthor_requests_removed``
    and ``entries_created`` (kept, with no creator)."""
    user = deletion.user
    mine = Authorship.objects.select_for_update().filter(user=user)
    accepted = list(mine.filter(status=Authorship.Status.ACCEPTED).values_list("pk", "reflection_id"))
    if accepted:
        Authorship.objects.filter(pk__in=[pk for pk, _ in accepted]).update(
            user=None, guest_name=FORMER_MEMBER, guest_affiliation=""
        )
        for reflection_id in sorted({reflection_id for _, reflection_id in accepted}):
            sync_after_commit(Reflection(pk=reflection_id))  # the byline is in the search text
    removed, _ = Authorship.objects.filter(user=user).exclude(status=Authorship.Status.ACCEPTED).delete()
    created = sum(model.objects.filter(created_by=user).count() for model in (Case, Method, Reflection, Series))
    deletion.add("authorships_kept_as_former_member", len(accepted))
    deletion.add("coauthor_requests_removed", removed)
    deletion.add("entries_created", created)


def reindex_bylines_of_renamed_member(user: User) -> None:
    """After the commit, re-index every reflection whose byline shows ``user`` (accepted authorships)."""
    reflection_ids = Authorship.objects.filter(user=user, status=Authorship.Status.ACCEPTED).values_list(
        "reflection_id", flat=True
    )
    for reflection_id in sorted(set(reflection_ids)):
        sync_after_commit(Reflection(pk=reflection_id))
