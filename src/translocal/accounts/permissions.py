from .models import User
from .types import AnyUser


def can_edit_profile(user: AnyUser, profile_user: User) -> bool:
    """People edit their own profile; staff use the admin."""
    return user.is_authenticated and user.pk == profile_user.pk


def can_delete_account(user: AnyUser, account: User) -> bool:
    """People delete their own account; staff with the permission delete others' (a superuser's
    only when they are one too)."""
    if not user.is_authenticated:
        return False
    if user.pk == account.pk:
        return True
    if not (user.is_staff and user.has_perm("accounts.delete_user")):
        return False
    return user.is_superuser or not account.is_superuser


def can_administer_account(user: AnyUser, account: User) -> bool:
    """Staff with the permission change others' accounts in the admin (a superuser's only when
    they are one too)."""
    if not (user.is_authenticated and user.is_staff and user.has_perm("accounts.change_user")):
        return False
    return user.is_superuser or not account.is_superuser
