"""Sign-up, profiles, deleting one's account and the people directory. Log in/out and password reset are Django's
views with our templates (see urls.py)."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from translocal.core.caching import cached_fragment, scope_versions
from translocal.core.contributions import render_sections
from translocal.core.http import safe_next_url
from translocal.core.listing import browse_request, result_controls
from translocal.core.page_cache import cache_for_anonymous
from translocal.core.versioning import add_save_error
from translocal.places.apps import MEMBERSHIPS_AREA
from translocal.places.membership_caching import member_version_name
from translocal.places.selectors import memberships_of_user

from . import selectors, services
from .forms import DeleteAccountForm, LoginForm, ProfileForm, SignupForm
from .permissions import can_edit_profile
from .throttling import client_ip_address
from .types import AuthenticatedHttpRequest


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a completed reset also lifts a sign-in lockout for the account and for the
    address the reset was completed from, so that a reset is always a way back in."""

    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):  # noqa: ANN001, ANN201
        response = super().form_valid(form)
        services.lift_sign_in_lockout(username=form.user.get_username(), ip_address=client_ip_address(self.request))
        return response


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    """Whether the address is new or registered, a valid form leads to the same "check your
    e-mail" page (services.sign_up tells the owner of a registered address by e-mail)."""
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sign_up(
                username=data["username"],
                email=data["email"],
                display_name=data["display_name"],
                password=data["password1"],
                site_url=f"{request.scheme}://{request.get_host()}",
                next_url=safe_next_url(request, request.POST.get("next", "")),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("accounts:signup-sent")
    return render(request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links must not use them up."""
    user = services.confirm_account(uidb64=uidb64, token=token, commit=request.method == "POST")
    if user is None:
        return render(request, "accounts/signup_confirm.html", {"valid": False}, status=400)
    if request.method != "POST":
        return render(request, "accounts/signup_confirm.html", {"valid": True, "person": user})
    login(request, user, backend="translocal.accounts.backends.ModelBackend")
    welcome = _("Welcome to Translocal, %(name)s. Tell people about yourself below.") % {"name": user.name}
    messages.success(request, welcome)
    return redirect(safe_next_url(request, request.GET.get("next", "")) or "accounts:profile-edit")


def people_list(request: HttpRequest) -> HttpResponse:
    """Searchable by name and expertise, filtered by role (core.listing)."""
    asked = browse_request(request, selectors.PEOPLE_SORTS, ["role"])
    result = selectors.people_browse(
        search=asked.search, roles=asked.filters["role"], sort=asked.sort, cursor=asked.cursor
    )
    controls = result_controls(
        request,
        asked,
        result,
        sorts=selectors.PEOPLE_SORTS,
        count_message=lambda n: ngettext("%(count)s person", "%(count)s people", n),
    )
    context = {"page": result.page, "facets": result.facets, "controls": controls}
    return render(request, "accounts/people_list.html", context)


@cache_for_anonymous(
    live=True,
    signed_in=True,
    unkeyed_areas=[MEMBERSHIPS_AREA],
    versions=lambda request, username: [member_version_name(username)],
)
def profile(request: HttpRequest, username: str) -> HttpResponse:
    """The "About" block (roles, expertise, languages, hubs) is the same for every reader: a
    cached fragment. The sections depend on who is looking (one's own drafts and requests) and
    are rendered for each request; for anonymous visitors, who all see the same public items,
    the whole page is cached under the site's and every area's version but the memberships',
    and the person's own member version (their hubs and roles: a join elsewhere leaves it cached),
    its live figures (the proposals' support counts) filled in as it is served (core.page_cache).

    A signed-in reader's page is cached whole for them too (``signed_in=True``): what it shows
    them alone moves a version they are keyed on. Another person's profile shows them what it
    shows everyone. Their own shows their drafts (a draft's write moves the private version),
    the authorships asked of them (their own version), their proposals wherever they are, hidden
    or not (the co-production area or the private version), and their exchange registrations
    (each decision moves their own version, exchanges.services.registrations); their own joins
    and leaves move their own version too (places.services)."""
    person = selectors.profile_by_username(username=username)

    def render_about() -> str:
        context = {"person": selectors.with_profile_terms(person), "memberships": memberships_of_user(user=person)}
        return render_to_string("accounts/profile.html#about", context)

    return render(
        request,
        "accounts/profile.html",
        {
            "person": person,
            # Keyed on the person's own member version too (their hubs and roles).
            "about": cached_fragment(request, "profile-about", (person.pk, *scope_versions(request)), render_about),
            "sections": render_sections("profile", subject=person, request=request),
            "can_edit": can_edit_profile(request.user, person),
        },
    )


@login_required
@require_POST
def set_language(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The language switcher for a signed-in person: remember the choice on their profile (so
    every device follows it), then Django's ``set_language`` sets the cookie and returns to
    ``next``. Anonymous visitors post to Django's view directly."""
    language = request.POST.get("language", "")
    try:
        services.set_preferred_language(acting_user=request.user, language=language)
    except ValidationError:
        return HttpResponseBadRequest(_("Choose one of the languages offered."))
    return django_set_language(request)


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Always the signed-in person's own profile: there is no URL to edit someone else's."""
    person = request.user
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(acting_user=request.user, user=person, data=form.cleaned_data)
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect(person)
    return render(request, "accounts/profile_edit.html", {"form": form, "person": person})


@login_required
@sensitive_post_parameters("password")
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Always the signed-in person's own account. GET explains what happens; POST with the
    password deletes it (services.delete_account), signs out and goes home. A refusal (the only
    coordinator of a hub) is shown in the error summary, and nothing is deleted."""
    person = request.user
    form = DeleteAccountForm(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(acting_user=person, user=person)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            logout(request)
            messages.success(
                request, _("Your account has been deleted. What you wrote stays, by a “Former member”.")
            )
            return redirect("core:home")
    return render(request, "accounts/account_delete.html", {"form": form, "person": person})
