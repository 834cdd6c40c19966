"""Pages of trans-local exchanges. Thin: parse input with a form, call one service or
selector, render. Every exchange reaches a view through a fetch-and-check helper of
permissions.py (404 for what the viewer may not see, 403 for what they may not change)."""

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.page_cache import cache_for_anonymous
from translocal.core.pagination import valid_cursor
from translocal.core.versioning import run_form

from . import certificates, exports, permissions, record_selectors, selectors, services
from .forms import (
    ApplicationForm,
    DecisionForm,
    ExchangeForm,
    InvitationAnswerForm,
    InvitationForm,
    QuestionForm,
    RegistrationTypeForm,
    SessionForm,
    SpeakerForm,
    StrandForm,
)
from .models import Exchange, Registration
from .record_forms import SessionCheckInForm

# --- Reading ------------------------------------------------------------------------------------


@cache_for_anonymous
def exchange_list(request: HttpRequest) -> HttpResponse:
    """Upcoming or past exchanges the viewer may see, filtered by kind, hub and strand."""
    filters = selectors.parse_exchange_filters(request.GET)
    page = selectors.exchange_list(viewer=request.user, filters=filters, cursor=valid_cursor(request))
    context = {
        "page": page,
        "filters": filters,
        "kinds": Exchange.Kind.choices,
        "hubs": selectors.hubs_hosting_exchanges(),
        "can_create": permissions.can_create_exchange(request.user),
    }
    return render(request, "exchanges/exchange_list.html", context)


@cache_for_anonymous
def exchange_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The exchange, its agenda by day and strand, speakers and registration types with the
    places left; the viewer's own registration and the organisers' links."""
    exchange = permissions.get_exchange_for_view(user=request.user, slug=slug)
    page = selectors.exchange_page(exchange=exchange)
    context = {
        "exchange": exchange,
        "page": page,
        "zone": exchange.time_zone,
        "registration": permissions.registration_of(request.user, exchange),
        "can_apply": permissions.can_apply(request.user, exchange),
        "is_organiser": permissions.is_organiser(request.user, exchange),
        "media": record_selectors.media_of(exchange=exchange),
        "partners": record_selectors.partners_of(exchange=exchange),
    }
    return render(request, "exchanges/exchange_detail.html", context)


@login_required
def my_registrations(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "registrations": selectors.registrations_of(user=request.user),
        "organised": selectors.exchanges_organised_by(user=request.user),
        "claimable": selectors.claimable_registrations(user=request.user),
    }
    return render(request, "exchanges/my_registrations.html", context)


# --- Taking part --------------------------------------------------------------------------------


@login_required
def exchange_apply(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = permissions.get_exchange_for_view(user=request.user, slug=slug)
    if not permissions.can_apply(request.user, exchange):
        messages.info(
            request, _("You cannot apply to this exchange: you may be registered already, or registration is closed.")
        )
        return redirect(exchange)
    form = ApplicationForm(request.POST or None, exchange=exchange)
    registration = run_form(
        request,
        form,
        lambda data: services.apply_to_exchange(
            acting_user=request.user,
            exchange=exchange,
            registration_type=data["registration_type"],
            learning_goals=data["learning_goals"],
            answers=form.answers(),
        ),
    )
    if registration is not None:
        messages.success(
            request, _("Your application was sent. The organisers will tell you their decision by e-mail.")
        )
        return redirect(exchange)
    return render(request, "exchanges/apply.html", {"exchange": exchange, "form": form})


@login_required
def invitation_answer(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    registration = permissions.get_own_registration(user=request.user, registration_id=registration_id)
    if not permissions.can_respond_to_invitation(request.user, registration):
        messages.info(request, _("This invitation was already answered."))
        return redirect("exchanges:my-registrations")
    form = InvitationAnswerForm(request.POST or None)
    answered = run_form(
        request,
        form,
        lambda data: services.respond_to_invitation(
            acting_user=request.user,
            registration=registration,
            accept=data["answer"] == "accept",
            learning_goals=data.get("learning_goals") or "",
        ),
    )
    if answered is not None:
        messages.success(request, _("Your answer was saved: %(status)s.") % {"status": answered.get_status_display()})
        return redirect("exchanges:my-registrations")
    return render(request, "exchanges/invitation_answer.html", {"registration": registration, "form": form})


@require_POST
@login_required
def registrations_claim(request: AuthenticatedHttpRequest) -> HttpResponse:
    claimed = services.claim_guest_registrations(acting_user=request.user)
    if claimed:
        messages.success(
            request,
            ngettext(
                "%(count)d registration was added to yours.",
                "%(count)d registrations were added to yours.",
                len(claimed),
            )
            % {"count": len(claimed)},
        )
    return redirect("exchanges:my-registrations")


@require_POST
@login_required
def registration_cancel(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    registration = permissions.get_own_registration(user=request.user, registration_id=registration_id)
    try:
        services.cancel_registration(acting_user=request.user, registration=registration)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("Your registration for “%(title)s” was cancelled.") % {"title": registration.exchange.title}
        )
    return redirect("exchanges:my-registrations")


# --- Organising ---------------------------------------------------------------------------------


@login_required
def exchange_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_create_exchange(request.user):
        raise PermissionDenied(_("Only hub coordinators and staff can organise exchanges."))
    form = ExchangeForm(request.POST or None)
    exchange = run_form(request, form, lambda data: services.create_exchange(acting_user=request.user, data=data))
    if exchange is not None:
        messages.success(
            request,
            _("The exchange “%(title)s” was saved as a draft. Add its programme, then publish it.")
            % {"title": exchange.title},
        )
        return redirect("exchanges:programme-edit", slug=exchange.slug)
    return render(request, "exchanges/exchange_form.html", {"form": form, "exchange": None})


@login_required
def exchange_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    form = ExchangeForm(request.POST or None, initial=ExchangeForm.initial_for(exchange))
    saved = run_form(
        request,
        form,
        lambda data: services.update_exchange(
            acting_user=request.user, exchange=exchange, data=data, expected_version=data.pop("version", None)
        ),
    )
    if saved is not None:
        messages.success(request, _("Your changes to “%(title)s” were saved.") % {"title": saved.title})
        return redirect(saved)
    return render(request, "exchanges/exchange_form.html", {"form": form, "exchange": exchange})


@require_POST
@login_required
def exchange_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    services.publish_exchange(acting_user=request.user, exchange=exchange)
    messages.success(request, _("“%(title)s” is published.") % {"title": exchange.title})
    return redirect(exchange)


@require_POST
@login_required
def exchange_cancel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The exchange will not take place: it stays visible, marked cancelled, registration closed."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    services.cancel_exchange(acting_user=request.user, exchange=exchange, reason=request.POST.get("reason", "")[:2000])
    messages.success(request, _("“%(title)s” is cancelled.") % {"title": exchange.title})
    return redirect(exchange)


@login_required
def programme_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Strands, speakers and registration types on one page: one small form each (the submit
    button's ``form`` value says which was sent)."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    sent = request.POST.get("form") if request.method == "POST" else None
    strand_form = StrandForm(request.POST if sent == "strand" else None, prefix="strand")
    speaker_form = SpeakerForm(request.POST if sent == "speaker" else None, prefix="speaker")
    type_form = RegistrationTypeForm(request.POST if sent == "type" else None, prefix="type")
    question_form = QuestionForm(request.POST if sent == "question" else None, prefix="question")
    saves: dict[str, tuple[forms.Form, Callable[[dict[str, Any]], Any], str]] = {
        "strand": (
            strand_form,
            lambda data: services.save_strand(acting_user=request.user, exchange=exchange, data=data),
            _("The strand was added."),
        ),
        "speaker": (
            speaker_form,
            lambda data: services.save_speaker(acting_user=request.user, exchange=exchange, data=data),
            _("The speaker was added."),
        ),
        "type": (
            type_form,
            lambda data: services.save_registration_type(acting_user=request.user, exchange=exchange, data=data),
            _("The registration type was added."),
        ),
        "question": (
            question_form,
            lambda data: services.save_question(acting_user=request.user, exchange=exchange, data=data),
            _("The question was added."),
        ),
    }
    if sent in saves:
        form, save, done = saves[sent]
        if run_form(request, form, save) is not None:
            messages.success(request, done)
            return redirect("exchanges:programme-edit", slug=exchange.slug)
    context = {
        "exchange": exchange,
        "page": selectors.exchange_page(exchange=exchange),
        "strand_form": strand_form,
        "speaker_form": speaker_form,
        "type_form": type_form,
        "question_form": question_form,
        "questions": list(selectors.questions_of(exchange=exchange)),
    }
    return render(request, "exchanges/programme_edit.html", context)


def _session_form(request: AuthenticatedHttpRequest, exchange: Exchange, session: Any) -> HttpResponse:
    zone = selectors.exchange_zone(exchange)
    with timezone.override(zone):  # the times typed are the exchange's local times
        initial = None
        if session is not None:
            initial = {
                "title": session.title,
                "description": session.description,
                "starts_at": timezone.localtime(session.starts_at),
                "ends_at": timezone.localtime(session.ends_at),
                "strand": session.strand_id,
                "room": session.room,
                "online_url": session.online_url,
                "speakers": [s.pk for s in session.speakers.all()],
            }
        form = SessionForm(request.POST or None, initial=initial, exchange=exchange)
        saved = run_form(
            request,
            form,
            lambda data: services.save_session(acting_user=request.user, exchange=exchange, data=data, session=session),
        )
        if saved is not None:
            messages.success(request, _("The session “%(title)s” was saved.") % {"title": saved.title})
            return redirect("exchanges:programme-edit", slug=exchange.slug)
        return render(request, "exchanges/session_form.html", {"exchange": exchange, "form": form, "session": session})


@login_required
def session_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    return _session_form(request, exchange, None)


@login_required
def session_edit(request: AuthenticatedHttpRequest, slug: str, session_id: int) -> HttpResponse:
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    session = selectors.session_of(exchange=exchange, session_id=session_id)
    if session is None:
        return render(request, "404.html", status=404)
    return _session_form(request, exchange, session)


def _review(request: AuthenticatedHttpRequest, exchange: Exchange, *, invite_form: Any = None) -> HttpResponse:
    status = request.GET.get("status", "")
    context = {
        "exchange": exchange,
        "registrations": selectors.registrations_for_review(exchange=exchange, status=status),
        "counts": selectors.registration_counts(exchange=exchange),
        "types": list(selectors.registration_types_of(exchange=exchange)),
        "status": status if status in Registration.Status.values else "",
        "statuses": Registration.Status.choices,
        "invite_form": invite_form or InvitationForm(exchange=exchange),
    }
    return render(request, "exchanges/registration_review.html", context, status=400 if invite_form else 200)


@login_required
def registration_review(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organisers' list of applications, invitations and the waiting list, by type, and
    the form to invite someone."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    return _review(request, exchange)


@login_required
def registration_decide(request: AuthenticatedHttpRequest, slug: str, registration_id: int) -> HttpResponse:
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    registration = permissions.get_registration_for_review(
        user=request.user, exchange=exchange, registration_id=registration_id
    )
    form = DecisionForm(request.POST or None)
    decide = {
        "accept": services.accept_registration,
        "waitlist": services.waitlist_registration,
        "decline": services.decline_registration,
    }
    decided = run_form(
        request,
        form,
        lambda data: decide[data["decision"]](
            acting_user=request.user, registration=registration, message=data["message"]
        ),
    )
    if decided is not None:
        messages.success(
            request, _("%(name)s: %(status)s.") % {"name": decided.display_name, "status": decided.get_status_display()}
        )
        return redirect(reverse("exchanges:registration-review", kwargs={"slug": exchange.slug}))
    return render(
        request,
        "exchanges/registration_decide.html",
        {"exchange": exchange, "registration": registration, "form": form},
    )


# --- Passes, check-in and certificates ----------------------------------------------------------


@login_required
def registration_pass(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    """The delegate's own pass: their code and a QR code that opens the host's check-in page."""
    registration = permissions.get_own_registration(user=request.user, registration_id=registration_id)
    if registration.status != Registration.Status.ACCEPTED:
        messages.info(request, _("A pass is issued once your registration is accepted."))
        return redirect("exchanges:my-registrations")
    context = {
        "registration": registration,
        "exchange": registration.exchange,
        "qr": certificates.qr_data_uri(certificates.check_in_url(registration)),
    }
    return render(request, "exchanges/registration_pass.html", context)


@login_required
def check_in_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A host types (or scans) a delegate's code; one big field, made for a phone. With a
    session chosen (optional), the delegate is also marked present at it; the choice stays in
    the address (``?session=``) for the next code."""
    exchange = permissions.get_exchange_for_view(user=request.user, slug=slug)
    if not permissions.can_check_in(request.user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can check people in."))
    initial = {"code": request.GET.get("code", "")[:20], "session": request.GET.get("session", "")[:12]}
    form = SessionCheckInForm(request.POST or None, initial=initial, exchange=exchange)

    def save(data: dict[str, Any]) -> tuple[Registration, Any]:
        session = data.get("session")
        if session is None:
            return services.check_in(acting_user=request.user, exchange=exchange, code=data["code"]), None
        registration = services.mark_session_attendance(
            acting_user=request.user, exchange=exchange, session=session, code=data["code"]
        )
        return registration, session

    done = run_form(request, form, save)
    if done is not None:
        checked, session = done
        if session is None:
            messages.success(
                request,
                _("%(name)s is checked in (%(type)s).")
                % {"name": checked.display_name, "type": checked.registration_type.name},
            )
            return redirect("exchanges:check-in", slug=exchange.slug)
        present = {"name": checked.display_name, "session": session.title}
        messages.success(request, _("%(name)s is present at “%(session)s”.") % present)
        return redirect(reverse("exchanges:check-in", kwargs={"slug": exchange.slug}) + f"?session={session.pk}")
    chosen = form["session"].value() if form.is_bound else initial["session"]
    context = {
        "exchange": exchange,
        "form": form,
        "summary": selectors.check_in_summary(exchange=exchange),
        "present": record_selectors.present_at_session(exchange=exchange, session_id=chosen),
    }
    return render(request, "exchanges/check_in.html", context)


def _certificate_registration(certificate_id: uuid.UUID) -> Registration:
    registration = selectors.registration_by_certificate(certificate_id=certificate_id)
    if registration is None:
        raise Http404("No certificate has this address.")
    return registration


def certificate(request: HttpRequest, certificate_id: uuid.UUID) -> HttpResponse:
    """The certificate of a checked-in delegate, for anyone who holds its link (to verify it)."""
    registration = _certificate_registration(certificate_id)
    context = {
        "registration": registration,
        "exchange": registration.exchange,
        "verification_url": certificates.verification_url(registration),
        "pdf_available": certificates.pdf_available(),
    }
    return render(request, "exchanges/certificate.html", context)


def certificate_pdf(request: HttpRequest, certificate_id: uuid.UUID) -> HttpResponse:
    """The same certificate as a PDF; without WeasyPrint, the HTML certificate instead."""
    registration = _certificate_registration(certificate_id)
    pdf = certificates.certificate_pdf(registration)
    if pdf is None:
        return redirect("exchanges:certificate", certificate_id=certificate_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{registration.exchange.slug}.pdf"'
    return response


@require_POST
@login_required
def registration_invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """An organiser invites a member (by username) or a named guest from the review page."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    form = InvitationForm(request.POST, exchange=exchange)

    def invite(data: dict[str, Any]) -> Registration:
        member = None
        if data.get("username"):
            member = selectors.member_by_username(username=data["username"])
            if member is None:
                raise ValidationError(
                    {"username": _("No member has the username “%(name)s”.") % {"name": data["username"]}}
                )
        return services.invite_to_exchange(
            acting_user=request.user,
            exchange=exchange,
            registration_type=data["registration_type"],
            user=member,
            name=data.get("name") or "",
            email=data.get("email") or "",
            organisation_name=data.get("organisation_name") or "",
            message=data.get("message") or "",
        )

    invited = run_form(request, form, invite)
    if invited is not None:
        messages.success(request, _("%(name)s is invited.") % {"name": invited.display_name})
        return redirect("exchanges:registration-review", slug=exchange.slug)
    return _review(request, exchange, invite_form=form)


@login_required
def registration_export(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    """Every registration of the exchange as CSV, for its organisers (streamed)."""
    exchange = permissions.get_exchange_for_edit(user=request.user, slug=slug)
    response = StreamingHttpResponse(
        exports.registrations_csv(
            selectors.registrations_for_export(exchange=exchange), selectors.questions_of(exchange=exchange)
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{exchange.slug}-registrations.csv"'
    return response
