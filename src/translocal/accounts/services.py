"""Writes for people: signing up and editing one's own profile."""

from typing import Any

from axes.utils import reset as reset_sign_in_attempts
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from translocal.core.caching import content_changed

from .models import User
from .permissions import can_edit_profile

PROFILE_FIELDS = ("display_name", "bio", "place", "organisation")
PROFILE_M2M = ("roles", "expertise", "languages")


@transaction.atomic
def register_user(*, username: str, email: str, display_name: str, password: str) -> User:
    """Create an active member. The database's case-insensitive unique e-mail constraint is
    the last word: a concurrent sign-up with the same address becomes a ValidationError."""
    user = User(username=username, email=User.objects.normalize_email(email), display_name=display_name)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError(
            "An account with this username or e-mail address already exists. Sign in, or reset your password."
        ) from exc
    content_changed()
    return user


@transaction.atomic
def update_profile(*, acting_user: User, user: User, data: dict[str, Any]) -> User:
    if not can_edit_profile(acting_user, user):
        raise PermissionDenied("You can only edit your own profile.")
    changed = [name for name in PROFILE_FIELDS if name in data]
    for name in changed:
        setattr(user, name, data[name])
    user.full_clean(exclude=["password", "username", "email"])
    if changed:
        user.save(update_fields=changed)
    for name in PROFILE_M2M:
        if name in data:
            getattr(user, name).set(data[name])
    content_changed()
    return user


def lift_sign_in_lockout(*, username: str, ip_address: str | None) -> int:
    """Forget the failed sign-ins of ``username`` and of ``ip_address`` (django-axes), so that
    neither stays locked. Called after the account's owner proved who they are (a completed
    password reset). Returns how many attempt records were removed."""
    removed = reset_sign_in_attempts(username=username)
    if ip_address:
        removed += reset_sign_in_attempts(ip=ip_address)
    return removed
