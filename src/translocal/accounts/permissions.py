from .models import User
from .types import AnyUser


def can_edit_profile(user: AnyUser, profile_user: User) -> bool:
    """People edit their own profile; staff use the admin."""
    return user.is_authenticated and user.pk == profile_user.pk
