"""Types for code that acts for a person: who may be anonymous, and who is signed in."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from .models import User

#: Whoever makes a request: predicates and selectors that also answer anonymous visitors take it.
AnyUser: TypeAlias = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """For views behind ``login_required`` (or another login check that runs first): ``user``
    is a signed-in ``User``, never an ``AnonymousUser``, so the view passes ``request.user`` to a
    service's ``acting_user`` as it is. For annotations only; Django creates the request."""

    user: User
