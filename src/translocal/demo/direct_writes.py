"""The few demo writes that no app service covers (yet).

STYLE says services are the only writers. Creating places and hubs, granting staff rights,
featuring a case and dating a demo publication are staff/admin operations without a service
today; the demo needs them, so they live here, small, named for what they do, and listed in
docs so they can move into the owning app's services when it grows them. Each one keeps the
search index in step as the services do.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from translocal.accounts.models import User
from translocal.core.caching import content_changed
from translocal.knowledge.models import Case, Method, Reflection, Status
from translocal.places.models import Hub, Organisation, Place
from translocal.search.services import index_instance

PLACE_FIELDS = (
    "name",
    "slug",
    "kind",
    "country",
    "region",
    "latitude",
    "longitude",
    "population",
    "description",
)
HUB_FIELDS = ("name", "slug", "tagline", "description")


@transaction.atomic
def create_demo_place(*, data: dict[str, Any]) -> Place:
    """A place as staff would add it in the admin (validated by the model's constraints)."""
    place = Place(**{key: data[key] for key in PLACE_FIELDS if key in data})
    place.full_clean()
    place.save()
    index_instance(place)
    content_changed()
    return place


@transaction.atomic
def create_demo_hub(*, place: Place, organisations: list[Organisation], data: dict[str, Any]) -> Hub:
    """A hub without members; members join through places.services.join_hub so that
    Hub.member_count is kept by the one function that owns it."""
    hub = Hub(place=place, **{key: data[key] for key in HUB_FIELDS if key in data})
    hub.full_clean()
    hub.save()
    hub.organisations.set(organisations)
    index_instance(hub)
    content_changed()
    return hub


@transaction.atomic
def grant_staff_superuser(*, user: User) -> User:
    """What `createsuperuser` does, for the demo's "admin" account."""
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def feature_case(*, case: Case) -> Case:
    """Mark a case as featured on the home page (an editorial flag staff set in the admin)."""
    Case.objects.filter(pk=case.pk).update(featured=True)
    case.featured = True
    index_instance(case)
    content_changed()
    return case


@transaction.atomic
def date_draft_publication(*, entry: Case | Method | Reflection, when: dt.datetime) -> None:
    """Give a demo draft the date it will be published with, so the demo reads as a history
    rather than as everything published in the same second. Only drafts: the publish service
    keeps an existing published_at, and a published entry's date is never rewritten here."""
    if entry.status != Status.DRAFT:
        return
    type(entry).objects.filter(pk=entry.pk, status=Status.DRAFT).update(published_at=when)
    entry.published_at = when
