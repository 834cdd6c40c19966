from django.urls import path

from . import calendars, feeds, impact_views, journey_views, network_views, views

app_name = "exchanges"

urlpatterns = [
    path("", views.exchange_list, name="exchange-list"),
    path("new/", views.exchange_create, name="exchange-create"),
    path("calendar.ics", calendars.calendar_all, name="calendar-all"),
    path("hubs/<str:slug>/calendar.ics", calendars.calendar_hub, name="calendar-hub"),
    path("hubs/<str:slug>/impact/", impact_views.hub_impact, name="hub-impact"),
    path("network/", network_views.network_view, name="network"),
    path("feed.rss", feeds.exchanges_rss, name="feed-rss"),
    path("feed.atom", feeds.exchanges_atom, name="feed-atom"),
    path("mine/", views.my_registrations, name="my-registrations"),
    path("mine/claim/", views.registrations_claim, name="registrations-claim"),
    path("mine/<int:registration_id>/invitation/", views.invitation_answer, name="invitation-answer"),
    path("mine/<int:registration_id>/cancel/", views.registration_cancel, name="registration-cancel"),
    path("mine/<int:registration_id>/pass/", views.registration_pass, name="registration-pass"),
    path("journeys/<int:registration_id>/", journey_views.journey, name="journey"),
    path("journeys/<int:registration_id>/rate/", journey_views.rate, name="journey-rate"),
    path("journeys/<int:registration_id>/lessons/new/", journey_views.lesson_form, name="lesson-create"),
    path("journeys/<int:registration_id>/lessons/<int:lesson_id>/", journey_views.lesson_form, name="lesson-edit"),
    path(
        "journeys/<int:registration_id>/lessons/<int:lesson_id>/harvest/", journey_views.harvest, name="lesson-harvest"
    ),
    path("journeys/<int:registration_id>/commitments/new/", journey_views.commitment_form, name="commitment-create"),
    path(
        "journeys/<int:registration_id>/commitments/<int:commitment_id>/",
        journey_views.commitment_form,
        name="commitment-edit",
    ),
    path(
        "journeys/<int:registration_id>/commitments/<int:commitment_id>/follow-up/",
        journey_views.follow_up_form,
        name="follow-up-create",
    ),
    path("journeys/<int:registration_id>/outcomes/new/", journey_views.outcome_form, name="outcome-create"),
    path(
        "journeys/<int:registration_id>/outcomes/<int:outcome_id>/confirm/",
        journey_views.substantiation_request,
        name="substantiation-request",
    ),
    path("follow-up/done/", journey_views.follow_up_done, name="follow-up-done"),
    path("follow-up/<str:token>/", journey_views.follow_up_link, name="follow-up-link"),
    path("follow-ups/<int:follow_up_id>/document/", journey_views.evidence_document, name="evidence-document"),
    path("substantiations/<str:token>/", journey_views.substantiation_answer, name="substantiation-answer"),
    path("certificates/<uuid:certificate_id>/", views.certificate, name="certificate"),
    path("certificates/<uuid:certificate_id>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("<str:slug>/", views.exchange_detail, name="exchange-detail"),
    path("<str:slug>/impact/", impact_views.exchange_impact, name="impact"),
    path("<str:slug>/impact.csv", impact_views.exchange_impact_csv, name="impact-csv"),
    path("<str:slug>/impact/report/", impact_views.exchange_impact_report, name="impact-report"),
    path("<str:slug>/impact/report.pdf", impact_views.exchange_impact_pdf, name="impact-pdf"),
    path("<str:slug>/calendar.ics", calendars.calendar_exchange, name="calendar-exchange"),
    path("<str:slug>/edit/", views.exchange_edit, name="exchange-edit"),
    path("<str:slug>/publish/", views.exchange_publish, name="exchange-publish"),
    path("<str:slug>/cancel/", views.exchange_cancel, name="exchange-cancel"),
    path("<str:slug>/apply/", views.exchange_apply, name="exchange-apply"),
    path("<str:slug>/programme/", views.programme_edit, name="programme-edit"),
    path("<str:slug>/programme/sessions/new/", views.session_create, name="session-create"),
    path("<str:slug>/programme/sessions/<int:session_id>/", views.session_edit, name="session-edit"),
    path("<str:slug>/check-in/", views.check_in_page, name="check-in"),
    path("<str:slug>/registrations.csv", views.registration_export, name="registration-export"),
    path("<str:slug>/registrations/invite/", views.registration_invite, name="registration-invite"),
    path("<str:slug>/registrations/", views.registration_review, name="registration-review"),
    path("<str:slug>/registrations/<int:registration_id>/", views.registration_decide, name="registration-decide"),
]
