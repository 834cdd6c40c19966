"""Pages of learning journeys: "My learning journey" per registration (goals → lessons →
commitments → follow-ups → outcomes) with its forms, the one-click follow-up form reached from
a check-in e-mail, a verifier's answer page and evidence documents. Thin, as views.py."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.contributions import render_sections
from translocal.core.versioning import run_form

from . import journey_links, journey_selectors, lineage, permissions, selectors, services
from .journey_forms import (
    CommitmentForm,
    FollowUpForm,
    LessonForm,
    OutcomeForm,
    RatingForm,
    SubstantiationAnswerForm,
    SubstantiationRequestForm,
)
from .models import Commitment, Registration


def commitment_detail(request: HttpRequest, commitment_id: int) -> HttpResponse:
    """One commitment: what the delegate will do at home, its follow-ups, its SDG goals and who
    else tried something like it. Seen by whoever may see the commitment (anyone for a public
    one of a public exchange; the participants for one shared with them; the delegate and the
    organisers for a private one): a 404 for anyone else."""
    commitment = selectors.commitment_page(commitment_id=commitment_id)
    if commitment is None or not permissions.can_view_journey_item(request.user, commitment):
        raise Http404("No commitment found at this address.")
    lineage.became([commitment], request.user)
    context = {
        "commitment": commitment,
        "exchange": commitment.exchange,
        "can_keep": permissions.can_keep_journey(request.user, commitment.registration),
        "sections": render_sections("commitment", subject=commitment, request=request),
    }
    return render(request, "exchanges/commitment_detail.html", context)


def _journey_url(registration: Registration) -> str:
    return reverse("exchanges:journey", kwargs={"registration_id": registration.pk})


@login_required
def journey(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    """The delegate's journey (and, read-only, the organisers' view of it)."""
    registration = permissions.get_journey_for_view(user=request.user, registration_id=registration_id)
    journey_data = journey_selectors.journey_of(registration=registration)
    lineage.became(journey_data.commitments, request.user, delegate_id=registration.user_id)
    context = {
        "registration": registration,
        "exchange": registration.exchange,
        "journey": journey_data,
        "can_keep": permissions.can_keep_journey(request.user, registration),
        "rating_form": RatingForm(initial={"rating": registration.post_visit_rating}),
    }
    return render(request, "exchanges/journey.html", context)


def _item_form(
    request: AuthenticatedHttpRequest,
    registration: Registration,
    *,
    form: Any,
    save: Any,
    template_title: str,
    done: str,
    item: Any = None,
) -> HttpResponse:
    saved = run_form(request, form, save)
    if saved is not None:
        messages.success(request, done)
        return redirect(_journey_url(registration))
    context = {
        "registration": registration,
        "exchange": registration.exchange,
        "form": form,
        "page_title": template_title,
        "item": item,
    }
    return render(request, "exchanges/journey_form.html", context)


@login_required
def lesson_form(request: AuthenticatedHttpRequest, registration_id: int, lesson_id: int | None = None) -> HttpResponse:
    registration = permissions.get_journey_for_edit(user=request.user, registration_id=registration_id)
    lesson = None
    if lesson_id is not None:
        lesson = journey_selectors.lesson_of(registration=registration, lesson_id=lesson_id)
        if lesson is None:
            raise Http404("No lesson found at this address.")
    cases, methods = journey_selectors.lesson_sources(registration=registration)
    form = LessonForm(
        request.POST or None,
        initial=LessonForm.initial_for(lesson) if lesson else {"place": registration.exchange.place_id},
        registration=registration,
        cases=cases,
        methods=methods,
    )
    return _item_form(
        request,
        registration,
        form=form,
        save=lambda data: services.save_lesson(
            acting_user=request.user, registration=registration, data=data, lesson=lesson
        ),
        template_title=_("Change the lesson") if lesson else _("Add a lesson"),
        done=_("The lesson was saved."),
        item=lesson,
    )


@login_required
def commitment_form(
    request: AuthenticatedHttpRequest, registration_id: int, commitment_id: int | None = None
) -> HttpResponse:
    registration = permissions.get_journey_for_edit(user=request.user, registration_id=registration_id)
    commitment = None
    if commitment_id is not None:
        commitment = journey_selectors.commitment_of(registration=registration, commitment_id=commitment_id)
        if commitment is None:
            raise Http404("No commitment found at this address.")
    initial = CommitmentForm.initial_for(commitment) if commitment else {"lesson": request.GET.get("lesson")}
    form = CommitmentForm(
        request.POST or None,
        initial=initial,
        registration=registration,
        processes=lineage.process_choices(request.user),
    )
    return _item_form(
        request,
        registration,
        form=form,
        save=lambda data: services.save_commitment(
            acting_user=request.user, registration=registration, data=data, commitment=commitment
        ),
        template_title=_("Change the commitment") if commitment else _("Add a commitment"),
        done=_("The commitment was saved."),
        item=commitment,
    )


@login_required
def outcome_form(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    registration = permissions.get_journey_for_edit(user=request.user, registration_id=registration_id)
    form = OutcomeForm(
        request.POST or None, initial={"commitment": request.GET.get("commitment")}, registration=registration
    )
    return _item_form(
        request,
        registration,
        form=form,
        save=lambda data: services.save_outcome(acting_user=request.user, registration=registration, data=data),
        template_title=_("Record an outcome"),
        done=_("The outcome was saved. Ask someone who saw the change to confirm it."),
    )


@login_required
def substantiation_request(request: AuthenticatedHttpRequest, registration_id: int, outcome_id: int) -> HttpResponse:
    registration = permissions.get_journey_for_edit(user=request.user, registration_id=registration_id)
    outcome = journey_selectors.outcome_of(registration=registration, outcome_id=outcome_id)
    if outcome is None:
        raise Http404("No outcome found at this address.")
    form = SubstantiationRequestForm(request.POST or None)
    return _item_form(
        request,
        registration,
        form=form,
        save=lambda data: services.request_substantiation(acting_user=request.user, outcome=outcome, **data),
        template_title=_("Ask someone to confirm the change"),
        done=_("The request was sent by e-mail."),
        item=outcome,
    )


def _follow_up(request: HttpRequest, commitment: Commitment, acting_user: Any, *, via_link: bool) -> HttpResponse:
    form = FollowUpForm(request.POST or None, request.FILES or None, initial={"status": commitment.status})
    registration = commitment.registration
    saved = run_form(
        request,
        form,
        lambda data: services.add_follow_up(acting_user=acting_user, commitment=commitment, data=data),
    )
    if saved is not None:
        messages.success(request, _("Your follow-up was saved. Thank you."))
        if via_link and not request.user.is_authenticated:
            return redirect("exchanges:follow-up-done")
        return redirect(_journey_url(registration))
    context = {
        "registration": registration,
        "exchange": commitment.exchange,
        "commitment": commitment,
        "form": form,
        "via_link": via_link,
    }
    return render(request, "exchanges/follow_up_form.html", context)


@login_required
def follow_up_form(request: AuthenticatedHttpRequest, registration_id: int, commitment_id: int) -> HttpResponse:
    registration = permissions.get_journey_for_edit(user=request.user, registration_id=registration_id)
    commitment = journey_selectors.commitment_of(registration=registration, commitment_id=commitment_id)
    if commitment is None:
        raise Http404("No commitment found at this address.")
    commitment.registration, commitment.exchange = registration, registration.exchange
    return _follow_up(request, commitment, request.user, via_link=False)


def follow_up_link(request: HttpRequest, token: str) -> HttpResponse:
    """The follow-up form from a check-in e-mail: the signed link stands for the delegate, so
    no sign-in is needed; it expires (journey_links.FOLLOW_UP_MAX_AGE)."""
    try:
        commitment_id, user_id = journey_links.read_follow_up_token(token)
    except journey_links.InvalidLink:
        return render(request, "exchanges/link_invalid.html", status=404)
    commitment = journey_selectors.commitment_for_link(commitment_id=commitment_id, user_id=user_id)
    if commitment is None or commitment.registration.user is None:
        return render(request, "exchanges/link_invalid.html", status=404)
    return _follow_up(request, commitment, commitment.registration.user, via_link=True)


def follow_up_done(request: HttpRequest) -> HttpResponse:
    return render(request, "exchanges/follow_up_done.html")


@require_POST
@login_required
def rate(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    registration = permissions.get_journey_for_edit(user=request.user, registration_id=registration_id)
    form = RatingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a rating from 1 to 5."))
        services.rate_exchange(acting_user=request.user, registration=registration, rating=form.cleaned_data["rating"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect(_journey_url(registration))


@require_POST
@login_required
def harvest(request: AuthenticatedHttpRequest, registration_id: int, lesson_id: int) -> HttpResponse:
    """A case draft in the commons from this lesson; the delegate continues on the case's edit page."""
    registration = permissions.get_journey_for_edit(user=request.user, registration_id=registration_id)
    lesson = journey_selectors.lesson_of(registration=registration, lesson_id=lesson_id)
    if lesson is None:
        raise Http404("No lesson found at this address.")
    lesson.registration, lesson.exchange = registration, registration.exchange
    try:
        case = services.harvest_case(acting_user=request.user, lesson=lesson)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(_journey_url(registration))
    messages.success(request, _("A case draft was made from your lesson. Complete it, then publish it."))
    return redirect(reverse("knowledge:case-edit", kwargs={"slug": case.slug}))


def substantiation_answer(request: HttpRequest, token: str) -> HttpResponse:
    """A verifier's answer, from the signed link in their e-mail (no account needed)."""
    try:
        substantiation_id, email = journey_links.read_substantiation_token(token)
    except journey_links.InvalidLink:
        return render(request, "exchanges/link_invalid.html", status=404)
    substantiation = journey_selectors.substantiation_for_link(substantiation_id=substantiation_id, email=email)
    if substantiation is None:
        return render(request, "exchanges/link_invalid.html", status=404)
    form = SubstantiationAnswerForm(request.POST if request.method == "POST" else None)
    answered = None
    if not substantiation.is_answered:
        answered = run_form(
            request,
            form,
            lambda data: services.answer_substantiation(
                substantiation=substantiation, answer=data["answer"], comment=data["comment"]
            ),
        )
    context = {
        "substantiation": answered or substantiation,
        "outcome": substantiation.outcome,
        "exchange": substantiation.outcome.exchange,
        "form": form,
        "just_answered": answered is not None,
    }
    return render(request, "exchanges/substantiation_answer.html", context)


@login_required
def evidence_document(request: AuthenticatedHttpRequest, follow_up_id: int) -> FileResponse:
    """An evidence document, for those who may see its commitment (never a public file URL)."""
    follow_up = journey_selectors.follow_up_with_document(follow_up_id=follow_up_id)
    if follow_up is None or not permissions.can_view_journey_item(request.user, follow_up.commitment):
        raise Http404("No document found at this address.")
    name = follow_up.evidence_document.name.rsplit("/", 1)[-1]
    return FileResponse(follow_up.evidence_document.open("rb"), as_attachment=True, filename=name)
