"""The two demo writes that no app service covers, and should not.

STYLE says services are the only writers; places, hubs and featured cases now go through
``places.services.create_place`` / ``create_hub`` and ``knowledge.services.set_case_featured``,
acting as the demo's staff "admin" account. What is left here has no place in a service:

- granting staff and superuser rights is what ``createsuperuser`` does from the command line;
  no web action of the product may do it, so there is deliberately no service for it;
- dating a draft's future publication rewrites history, which only a demo needs (it reads as
  a network that grew over two years rather than appearing in one second).
"""

import datetime as dt

from django.db import transaction

from translocal.accounts.models import User
from translocal.knowledge.models import Case, Method, Reflection, Status


@transaction.atomic
def grant_staff_superuser(*, user: User) -> User:
    """What `createsuperuser` does, for the demo's "admin" account."""
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def date_draft_publication(*, entry: Case | Method | Reflection, when: dt.datetime) -> None:
    """Give a demo draft the date it will be published with, so the demo reads as a history
    rather than as everything published in the same second. Only drafts: the publish service
    keeps an existing published_at, and a published entry's date is never rewritten here."""
    if entry.status != Status.DRAFT:
        return
    type(entry).objects.filter(pk=entry.pk, status=Status.DRAFT).update(published_at=when)
    entry.published_at = when
