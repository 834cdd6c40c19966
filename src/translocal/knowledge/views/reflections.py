"""Reflections differ from cases and methods in their detail page (a series position as well
as a body) and their form (an authors formset, and a series preset from ?series=); the rest
is the shared entry_* views of common.py."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.contributions import fill_viewer_sections, render_sections
from translocal.core.http import safe_next_url
from translocal.core.page_cache import cache_for_anonymous
from translocal.knowledge.apps import CONTENT_AREA

from .. import permissions, selectors, services
from ..forms import AuthorFormSet, ReflectionForm, author_initial
from ..models import Authorship, Reflection
from .common import (
    REFLECTION,
    browse_list,
    entry_form_page,
    entry_fragment,
    form_instance,
    member_required,
    takedown_context,
    with_publish,
)


@cache_for_anonymous(area=CONTENT_AREA, signed_in=True)
def reflection_list(request: HttpRequest) -> HttpResponse:
    """Searchable (title and summary), in the order chosen (core.listing)."""
    return browse_list(
        request,
        name=REFLECTION.name,
        template=REFLECTION.list_template,
        sorts=selectors.REFLECTION_SORTS,
        browse=selectors.reflection_browse,
        count_message=lambda n: ngettext("%(count)s reflection", "%(count)s reflections", n),
        model=Reflection,
    )


@cache_for_anonymous(area=CONTENT_AREA, signed_in=True)
def reflection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The header (byline, status) and actions are rendered for each request; the series
    position and the body (text, previous/next post, what it is about, authors) of a published
    reflection are cached fragments, sharing one series lookup when both are rendered.
    Drafts are rendered directly."""
    language, original_asked = selectors.wanted_language(request.GET.get("lang"))
    reflection = permissions.viewable_or_404(
        Reflection, request.user, selectors.reflection_for_header(slug, language)
    )
    reading = selectors.reading_of(reflection, original_asked=original_asked)
    nav = functools.cache(lambda: selectors.series_nav(reflection=reflection))

    def render_position() -> str:
        return render_to_string("knowledge/reflection_detail.html#position", {"nav": nav()})

    def render_body() -> str:
        full = selectors.reflection_for_body(reflection.pk)
        selectors.fill_reflection_page(full, authors_from=reflection)
        sections = render_sections("reflection", subject=full, request=request, defer_per_viewer=True)
        body_reading = selectors.reading_of(reflection, original_asked=original_asked, body_html=full.body_html)
        return render_to_string(
            "knowledge/reflection_detail.html#body",
            {"reflection": full, "nav": nav(), "sections": sections, "reading": body_reading},
        )

    context = {
        "reflection": reflection,
        "entry": reflection,
        "position": entry_fragment(request, reflection, "reflection-position", render_position),
        "body": fill_viewer_sections(
            entry_fragment(request, reflection, "reflection-detail", render_body, variant=reading.cache_key),
            "reflection", subject=reflection, request=request,
        ),
        "reading": reading,
        **takedown_context(request, reflection),
        "authorship_request": _pending_request(request, reflection),
    }
    return render(request, "knowledge/reflection_detail.html", context)


def _pending_request(request: HttpRequest, reflection: Reflection) -> Authorship | None:
    """The viewer's own unanswered request to be named on this reflection, from the prefetched
    authors (no query)."""
    if not permissions.is_invited_author(request.user, reflection):
        return None
    return next(a for a in reflection.authorships.all() if a.user_id == request.user.pk)


@member_required
def reflection_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _reflection_form_page(
        request, None, save=lambda data: services.create_reflection(acting_user=request.user, data=data)
    )


@login_required
def reflection_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    reflection = permissions.get_reflection_for_edit(user=request.user, slug=slug)
    return _reflection_form_page(
        request,
        reflection,
        save=lambda data: services.update_reflection(acting_user=request.user, reflection=reflection, data=data),
    )


def _reflection_form_page(
    request: AuthenticatedHttpRequest, reflection: Reflection | None, *, save: Callable[[dict[str, Any]], Reflection]
) -> HttpResponse:
    """The shared form loop with an authors formset next to the form (a new reflection starts
    with the signed-in person as its author) and a new reflection's series preset from
    ?series= (the series page's "add a post")."""
    initial = {}
    if reflection is None and request.GET.get("series"):
        initial["series"] = request.GET.get("series")
    form = ReflectionForm(request.POST or None, instance=form_instance(reflection), initial=initial, user=request.user)
    authors = AuthorFormSet(
        request.POST or None,
        prefix="authors",
        initial=None if request.method == "POST" else author_initial(reflection, request.user),
    )
    return entry_form_page(
        request,
        kind=REFLECTION,
        entry=reflection,
        form=form,
        formsets={"authors": authors},
        save=lambda data: _told_if_proposed(
            request, save({**with_publish(request, data), "authors": authors.authors()})
        ),
    )


def _told_if_proposed(request: HttpRequest, reflection: Reflection) -> Reflection:
    """After a save that proposed the post to a series its author does not edit, say so."""
    proposal = selectors.pending_series_proposal_of(reflection_id=reflection.pk)
    if proposal is not None:
        messages.info(request, _(
            "Your post is proposed to the series “%(series)s”: its editors will accept or decline it, "
            "and you will be told."
        ) % {"series": proposal.series.title})
    return reflection


@member_required
def authorship_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in member's unanswered requests to be named as an author, each with accept
    and decline buttons."""
    requests = selectors.pending_authorships_for(user=request.user)
    return render(request, "knowledge/authorship_requests.html", {"requests": requests})


def _answer_authorship(
    request: AuthenticatedHttpRequest, slug: str, answer: Callable[..., Any], done: str
) -> HttpResponse:
    reflection = permissions.get_reflection_for_view(user=request.user, slug=slug)
    try:
        answer(acting_user=request.user, reflection=reflection)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"title": reflection.title})
    return redirect(safe_next_url(request, request.POST.get("next", "")) or "knowledge:authorship-requests")


@require_POST
@member_required
def authorship_accept(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _answer_authorship(
        request, slug, services.accept_authorship, _("You are now named as an author of “%(title)s”.")
    )


@require_POST
@member_required
def authorship_decline(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _answer_authorship(
        request, slug, services.decline_authorship, _("You will not be named as an author of “%(title)s”.")
    )
