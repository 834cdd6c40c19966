"""Staff see exchanges, registrations and learning journeys in the admin. Exchanges and
registrations are read-only: every change goes through the exchange pages and their services
(capacity, waiting list, e-mails, audit rows), which a plain admin form would bypass.

Journey items (lessons, commitments with their follow-ups, outcomes with their
substantiations) are read-only too: they are the delegates' own words, written on their journey
pages. Staff moderate them through ``services.journey_moderation``: "Take off shared pages"
(make private) and deleting, one service call (transaction, audit row) per item."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from translocal.core.service_admin import ServiceAdminMixin, error_text

from .models import Commitment, Exchange, FollowUp, Lesson, Outcome, Registration, Substantiation
from .services import journey_moderation


class _ReadOnly(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Exchange)
class ExchangeAdmin(_ReadOnly):
    list_display = ("title", "kind", "starts_on", "place", "hub", "visibility", "status")
    list_filter = ("kind", "visibility", "status")
    list_select_related = ("place", "hub")
    search_fields = ("title", "summary")
    date_hierarchy = "starts_on"


@admin.register(Registration)
class RegistrationAdmin(_ReadOnly):
    list_display = ("__str__", "registration_type", "status", "checked_in_at", "created_at")
    list_filter = ("status",)
    list_select_related = ("exchange", "registration_type", "user")
    search_fields = ("name", "user__username", "user__display_name", "exchange__title")
    exclude = ("learning_goals", "answers")  # a person's own words: read on the review page by organisers


def _request_user(request: HttpRequest) -> Any:
    return request.user


class _JourneyAdmin(ServiceAdminMixin):
    """View and moderate; no form saves anything (every field is read-only, no add)."""

    actions = ["make_private"]
    list_select_related = ["exchange", "registration", "registration__user"]
    list_filter = ["privacy"]
    search_fields = ["exchange__title", "registration__user__username", "registration__name"]
    raw_id_fields = ("registration", "exchange")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.action(description=_("Take off shared pages (make private)"), permissions=["moderate"])
    def make_private(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for item in queryset:
            try:
                journey_moderation.make_journey_item_private(acting_user=_request_user(request), item=item)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{item}: {error_text(error)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d taken off the shared pages.") % {"count": done}, messages.SUCCESS)

    def delete_one(self, request: HttpRequest, obj: Model) -> None:
        journey_moderation.remove_journey_item(acting_user=_request_user(request), item=obj)  # type: ignore[arg-type]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ("written_on", "status", "note", "evidence_url", "evidence_path", "evidence_document", "created_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SubstantiationInline(admin.TabularInline):
    model = Substantiation
    extra = 0
    fields = ("verifier_name", "verifier_role", "requested_at", "answer", "comment", "answered_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Lesson)
class LessonAdmin(_JourneyAdmin):
    list_display = ("title", "exchange", "registration", "privacy", "answers_goal", "created_at")
    search_fields = ["title", "exchange__title", "registration__user__username", "registration__name"]


@admin.register(Commitment)
class CommitmentAdmin(_JourneyAdmin):
    list_display = ("title", "exchange", "registration", "privacy", "status", "due_on")
    list_filter = ["privacy", "status"]
    search_fields = ["title", "exchange__title", "registration__user__username", "registration__name"]
    inlines = [FollowUpInline]


@admin.register(Outcome)
class OutcomeAdmin(_JourneyAdmin):
    list_display = ("__str__", "kind", "exchange", "registration", "privacy", "observed_on")
    list_filter = ["privacy", "kind"]
    search_fields = ["description", "who_changed", "exchange__title", "registration__user__username"]
    inlines = [SubstantiationInline]


@admin.register(FollowUp)
class FollowUpAdmin(ServiceAdminMixin):
    """A follow-up is removed through the service, which moves its commitment's status back."""

    list_display = ("__str__", "commitment", "written_on", "status")
    list_filter = ("status",)
    list_select_related = ("commitment",)
    search_fields = ("note", "commitment__title")
    raw_id_fields = ("commitment", "created_by")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_one(self, request: HttpRequest, obj: Model) -> None:
        journey_moderation.remove_follow_up(acting_user=_request_user(request), follow_up=obj)  # type: ignore[arg-type]


@admin.register(Substantiation)
class SubstantiationAdmin(_ReadOnly):
    """Answered by the verifier through their link, once: nothing to change here."""

    list_display = ("verifier_name", "outcome", "answer", "requested_at", "answered_at")
    list_filter = ("answer",)
    list_select_related = ("outcome",)
    search_fields = ("verifier_name", "verifier_role")
    exclude = ("verifier_email",)
