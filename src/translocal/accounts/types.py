"""Types for code that acts for a person: who may be anonymous, and who is signed in."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import User

#: Whoever makes a request: predicates and selectors that also answer anonymous visitors take it.
AnyUser: TypeAlias = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """For views behind ``login_required`` (or another login check that runs first): ``user``
    is a signed-in ``User``, never an ``AnonymousUser``, so the view passes ``request.user`` to a
    service's ``acting_user`` as it is. For annotations only; Django creates the request."""

    user: User


def request_user(request: HttpRequest) -> User:
    """``request.user`` as the signed-in ``User`` acting in a request that passed a login check
    Django's types cannot see (the admin site's staff check). PermissionDenied for an anonymous
    request, so a missing check fails closed rather than reaching a service."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    return user
