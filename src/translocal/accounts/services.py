"""Writes for people: signing up, editing one's own profile, deleting an account."""

from typing import Any
from urllib.parse import urlencode

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as reset_sign_in_attempts
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.caching import content_changed_after_commit
from translocal.core.text_limits import MAX_BIO_LENGTH, check_text_lengths
from translocal.core.versioning import claim_version
from translocal.search.services import sync_after_commit

from .lifecycle import NAME_FIELDS, AccountDeletion, run_deletion_handlers, run_name_change_handlers
from .models import CONFUSABLE_USERNAME_MESSAGE, User, username_is_confusable
from .permissions import can_administer_account, can_delete_account, can_edit_profile

#: Staff set someone's password (or turned password sign-in off) in the admin.
SET_PASSWORD = audit_actions.register_action("set_password", gettext_lazy("set the password of"))

PROFILE_FIELDS = ("display_name", "bio", "place", "organisation", "preferred_language")
PROFILE_M2M = ("roles", "expertise", "languages")
#: The bio is Markdown, rendered when the profile is shown.
PROFILE_TEXT_LIMITS = {"bio": MAX_BIO_LENGTH}


def register_user(*, username: str, email: str, display_name: str, password: str) -> User:
    """Create an active member. The database's case-insensitive unique e-mail constraint is
    the last word: a concurrent sign-up with the same address becomes a ValidationError.

    The password is hashed before the transaction opens: hashing takes tens of milliseconds
    of CPU on purpose and must never hold the database's write lock."""
    user = User(username=username, email=User.objects.normalize_email(email), display_name=display_name)
    user.set_password(password)
    return _save_new_user(user)


@transaction.atomic
def _save_new_user(user: User) -> User:
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError(
            "An account with this username or e-mail address already exists. Sign in, or reset your password."
        ) from exc
    content_changed_after_commit()
    return user


@transaction.atomic
def create_account(
    *, acting_user: User, username: str, email: str, display_name: str, password_hash: str
) -> User:
    """Staff open an active account (the admin's add form). ``password_hash`` is already hashed
    (``make_password``, or an unusable password): hashing is slow on purpose, so the caller does
    it before any transaction. Writes one audit row ("create").

    Raises PermissionDenied unless ``acting_user`` is staff who may add accounts; ValidationError
    when the username (or a look-alike of it) or the e-mail address is taken."""
    if not (acting_user.is_authenticated and acting_user.is_staff and acting_user.has_perm("accounts.add_user")):
        raise PermissionDenied(_("Only staff who may add accounts can open one."))
    user = User(
        username=username,
        email=User.objects.normalize_email(email).strip(),
        display_name=display_name,
        password=password_hash,
    )
    user.full_clean(exclude=["password"])
    _save_new_user(user)
    record(acting_user=acting_user, action=audit_actions.CREATE, target=user)
    sync_after_commit(user)  # a person's own search document, if people are indexed
    return user


class AccountConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the link that confirms a new account's e-mail address. They expire like
    password reset links (PASSWORD_RESET_TIMEOUT) and stop working once the account is active."""

    key_salt = "translocal.accounts.services.AccountConfirmationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


account_confirmation_token = AccountConfirmationTokenGenerator()


def sign_up(*, username: str, email: str, display_name: str, password: str, site_url: str, next_url: str = "") -> None:
    """Start an account, answering the same whether ``email`` is known or not.

    A new address gets an inactive account and a confirmation link; a registered address gets
    no second account, and its owner an e-mail saying someone tried to sign up with it (with
    links to sign in and to reset the password). The caller shows the same "check your e-mail"
    page either way, so sign-up never tells a stranger which addresses have accounts. The
    password is hashed in both cases (same time taken), and before any transaction starts.

    ``site_url`` is the scheme and host the links in the e-mail start with ("https://example.org").
    Raises ValidationError when the username, or a look-alike of it (UTS #39 skeleton), is taken.
    """
    email = User.objects.normalize_email(email).strip()
    password_hash = make_password(password)  # slow on purpose; never inside the write transaction
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        user = User(username=username, email=email, display_name=display_name, password=password_hash, is_active=False)
        try:
            with transaction.atomic():
                user.save()
                transaction.on_commit(lambda: _send_confirmation(user=user, site_url=site_url, next_url=next_url))
        except IntegrityError as exc:
            if username_is_confusable(username):
                raise ValidationError({"username": CONFUSABLE_USERNAME_MESSAGE}) from exc
            existing = User.objects.filter(email__iexact=email).first()
            if existing is None:
                raise
        else:
            content_changed_after_commit()
            return
    _send_address_in_use(user=existing, site_url=site_url, next_url=next_url)


def _confirmation_link(*, user: User, site_url: str, next_url: str) -> str:
    path = reverse(
        "accounts:signup-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": account_confirmation_token.make_token(user),
        },
    )
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return f"{site_url}{path}{query}"


def _send_confirmation(*, user: User, site_url: str, next_url: str) -> None:
    link = _confirmation_link(user=user, site_url=site_url, next_url=next_url)
    context = {"user": user, "site_url": site_url, "link": link}
    send_mail(
        subject=render_to_string("accounts/email/confirm_account_subject.txt", context).strip(),
        message=render_to_string("accounts/email/confirm_account.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def _send_address_in_use(*, user: User, site_url: str, next_url: str) -> None:
    """Tell the owner of a registered address that someone tried to sign up with it. An account
    still waiting for confirmation gets a fresh confirmation link instead of the sign-in links."""
    context = {
        "user": user,
        "site_url": site_url,
        "login_link": f"{site_url}{reverse('accounts:login')}",
        "reset_link": f"{site_url}{reverse('accounts:password_reset')}",
        "confirmation_link": (
            "" if user.is_active else _confirmation_link(user=user, site_url=site_url, next_url=next_url)
        ),
    }
    send_mail(
        subject=render_to_string("accounts/email/address_in_use_subject.txt", context).strip(),
        message=render_to_string("accounts/email/address_in_use.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def confirm_account(*, uidb64: str, token: str, commit: bool) -> User | None:
    """The account a confirmation link names if its token is valid, else None; with ``commit``
    the account is activated (the link then stops working). Tokens: AccountConfirmationTokenGenerator."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
        return None
    if user.is_active or not account_confirmation_token.check_token(user, token):
        return None
    if commit:
        with transaction.atomic():
            User.objects.filter(pk=user.pk, is_active=False).update(is_active=True)
            content_changed_after_commit()
        user.is_active = True
    return user


def _stored_names(user: User) -> tuple:
    """The name fields (lifecycle.NAME_FIELDS) as the database has them (a form may have changed
    the instance already)."""
    return User.objects.filter(pk=user.pk).values_list(*sorted(NAME_FIELDS)).get()


def _names(user: User) -> tuple:
    return tuple(getattr(user, name) for name in sorted(NAME_FIELDS))


@transaction.atomic
def update_profile(*, acting_user: User, user: User, data: dict[str, Any]) -> User:
    """The person edits their own profile: PROFILE_FIELDS and PROFILE_M2M in ``data`` (others are
    ignored), ``data["version"]`` the version the form was opened at. Raises PermissionDenied for
    anyone else's profile (staff use update_account), EditConflict (a ValidationError) from a
    stale form, ValidationError for values the model refuses. When their name changed, the
    reflections that show it are re-indexed after the commit; the content version moves."""
    if not can_edit_profile(acting_user, user):
        raise PermissionDenied(_("You can only edit your own profile."))
    claim_version(user, expected=data.get("version"))  # EditConflict from a stale form
    names_before = _stored_names(user)
    changed = [name for name in PROFILE_FIELDS if name in data]
    for name in changed:
        setattr(user, name, data[name])
    check_text_lengths(user, PROFILE_TEXT_LIMITS)
    user.full_clean(exclude=["password", "username", "email"])
    if changed:
        user.save(update_fields=changed)
    for name in PROFILE_M2M:
        if name in data:
            getattr(user, name).set(data[name])
    if _names(user) != names_before:
        run_name_change_handlers(user)  # bylines in search follow the new name
    content_changed_after_commit()
    return user


#: What staff may change on an account in the admin's change form, beside the profile.
ACCOUNT_FIELDS = (
    "username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser", "last_login",
    "date_joined",
)
ACCOUNT_M2M = ("groups", "user_permissions")
ADMIN_EDITABLE = frozenset((*PROFILE_FIELDS, *PROFILE_M2M, *ACCOUNT_FIELDS, *ACCOUNT_M2M))


@transaction.atomic
def update_account(*, acting_user: User, user: User, data: dict[str, Any]) -> User:
    """Staff change another person's account: profile fields as update_profile does, and the
    account fields of ADMIN_EDITABLE (keys not in ``data`` are left alone). Called by the admin's
    change form. ``data["version"]`` is the version the form was opened at (EditConflict when it
    moved on; None skips the comparison); the version moves on either way.

    Raises PermissionDenied unless ``acting_user`` is staff who may change accounts (only a
    superuser changes a superuser, or makes one); ValidationError for values the model refuses.
    Writes one audit row ("edit", naming the fields given, not their values). After the commit
    the person's pages and cached fragments follow (content version)."""
    if not can_administer_account(acting_user, user):
        raise PermissionDenied(_("Only staff who may change accounts can edit someone else's."))
    if data.get("is_superuser") and not acting_user.is_superuser:
        raise PermissionDenied(_("Only a superuser can make someone a superuser."))
    claim_version(user, expected=data.get("version"))  # EditConflict from a stale form
    names_before = _stored_names(user)
    changed = [name for name in (*PROFILE_FIELDS, *ACCOUNT_FIELDS) if name in data]
    for name in changed:
        setattr(user, name, data[name])
    if "email" in data:
        user.email = User.objects.normalize_email(user.email or "").strip()
    check_text_lengths(user, PROFILE_TEXT_LIMITS)
    user.full_clean(exclude=["password"])
    if changed:
        user.save(update_fields=changed)
    for name in (*PROFILE_M2M, *ACCOUNT_M2M):
        if name in data:
            getattr(user, name).set(data[name])
    if _names(user) != names_before:
        run_name_change_handlers(user)  # bylines in search follow the new name
    record(
        acting_user=acting_user,
        action=audit_actions.EDIT,
        target=user,
        details={"fields": sorted(name for name in data if name in ADMIN_EDITABLE)},
    )
    sync_after_commit(user)  # a person's own search document, if people are indexed
    content_changed_after_commit()
    return user


@transaction.atomic
def set_preferred_language(*, acting_user: User, language: str) -> User:
    """Store the interface language ``acting_user`` chose with the language switcher ("" to
    follow the browser). Not content: no content version bump, no profile version claim (an
    open profile form in another tab stays valid).

    Raises ValidationError for a code that is not one of settings.LANGUAGES."""
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Choose one of the languages offered."), code="invalid_language")
    User.objects.filter(pk=acting_user.pk).update(preferred_language=language)
    acting_user.preferred_language = language
    return acting_user


@transaction.atomic
def set_password_by_staff(*, acting_user: User, user: User, password_hash: str) -> User:
    """Staff set ``user``'s password (the admin's password form), or turn password sign-in off
    with an unusable hash. ``password_hash`` is hashed already, before any transaction (hashing
    is slow on purpose). Their other sessions end (Django's session hash follows the password).
    Writes one audit row ("set_password"; the password itself is never recorded).

    Raises PermissionDenied unless ``acting_user`` is staff who may change accounts (only a
    superuser sets a superuser's), or it is their own account."""
    if acting_user.pk != user.pk and not can_administer_account(acting_user, user):
        raise PermissionDenied(_("Only staff who may change accounts can set someone's password."))
    user.password = password_hash
    user.save(update_fields=["password"])
    record(
        acting_user=acting_user,
        action=SET_PASSWORD,
        target=user,
        details={"usable": user.has_usable_password()},
    )
    return user


def lift_sign_in_lockout(*, username: str, ip_address: str | None) -> int:
    """Forget the failed sign-ins of ``username`` and of ``ip_address`` (django-axes), so that
    neither stays locked. Called after the account's owner proved who they are (a completed
    password reset). Returns how many attempt records were removed."""
    removed = reset_sign_in_attempts(username=username)
    if ip_address:
        removed += reset_sign_in_attempts(ip=ip_address)
    return removed


def forget_expired_sign_in_attempts(*, acting_user: User) -> int:
    """Delete the failed sign-in records (django-axes AccessAttempt) older than the cool-off
    (``AXES_COOLOFF_TIME``): they no longer count towards a lockout. Returns how many went.

    Raises PermissionDenied unless ``acting_user`` is staff allowed to delete attempts. Unlike
    axes' own admin action, it needs no sign-in request, so it works from the admin and scripts."""
    if not (acting_user.is_staff and acting_user.has_perm("axes.delete_accessattempt")):
        raise PermissionDenied(_("Only staff who may delete sign-in attempts can clean them up."))
    cool_off = get_cool_off()
    if cool_off is None:  # attempts never expire
        return 0
    with transaction.atomic():
        _total, by_model = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - cool_off).delete()
    return by_model.get(AccessAttempt._meta.label, 0)  # not their expiration rows


def delete_account(*, acting_user: User, user: User, reason: str = "") -> dict[str, int]:
    """Delete ``user``'s account, keeping what they wrote for everyone else. Returns what was
    done, by name (``{"authorships_kept_as_former_member": 2, "hub_memberships": 1, ...}``),
    as written to the audit row.

    Who: the person themself, or staff allowed to delete accounts (only a superuser deletes a
    superuser); PermissionDenied otherwise.

    The rule for what the person leaves behind (docs/architecture.md, "Deleting an account"),
    carried out by the apps that hold it (``accounts.lifecycle`` handlers, in this transaction):

    - reflections they wrote stay, with them in the byline as "Former member" (a guest author
      without an account), so every reflection keeps at least one accepted author and its
      byline; co-author requests they had not accepted (pending or declined) are deleted;
    - entries, series and organisations they created stay, with no creator recorded;
    - they leave every hub (member counts follow). They cannot be deleted while they are the
      only coordinator of a hub: ValidationError naming the hub, and nothing changes;
    - the audit log keeps the rows of what they did, under their name as it was.

    One audit row ("delete_account", with the counts and ``reason``) is written in the same
    transaction. After the commit, every entry whose byline changed is re-indexed (their name
    leaves search) and the content version moves, so no cached page shows them any more.
    """
    if not can_delete_account(acting_user, user):
        raise PermissionDenied(_("You can only delete your own account."))
    with transaction.atomic():
        locked = User.objects.select_for_update().filter(pk=user.pk).first()
        if locked is None:
            raise ValidationError(_("This account has already been deleted."))
        deletion = AccountDeletion(user=locked, acting_user=acting_user)
        run_deletion_handlers(deletion)
        counts = dict(sorted(deletion.counts.items()))
        record(
            acting_user=acting_user,  # their name is kept on the row once the account is gone
            action=audit_actions.DELETE_ACCOUNT,
            target=locked,
            reason=reason,
            details={"by_themself": deletion.by_themself, "username": locked.username, **counts},
        )
        sync_after_commit(locked)  # a person's own search document, if people are indexed
        locked.delete()
        content_changed_after_commit()
    return counts
