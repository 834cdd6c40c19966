from django.urls import include, path

from . import feeds, views
from .accountability import views as result_views
from .blocking import views as block_views
from .budgets import views as budget_views
from .initiatives import views as initiative_views
from .meetings import calendar as meeting_calendar
from .meetings import views as meeting_views
from .polls import views as poll_views
from .translations import views as translation_views

app_name = "coproduction"

# Each group under its own prefix, so that resolving a path outside it costs one failed match
# (the root urlconf tries this module first: a support is the hot write of a supports phase).
process_patterns = [
    # First: the hot path (no other pattern here matches these paths).
    path("<str:slug>/proposals/<int:pk>/support/", views.proposal_support, name="proposal-support"),
    path("<str:slug>/proposals/<int:pk>/unsupport/", views.proposal_unsupport, name="proposal-unsupport"),
    path("", views.process_list, name="process-list"),
    path("<str:slug>/", views.process_detail, name="process-detail"),
    path(
        "<str:slug>/translations/<str:language>/", translation_views.process_translate,
        name="process-translate",
    ),
    path(
        "<str:slug>/proposals/<int:pk>/translations/<str:language>/", translation_views.proposal_translate,
        name="proposal-translate",
    ),
    path(
        "<str:slug>/polls/<int:pk>/translations/<str:language>/", translation_views.poll_translate,
        name="poll-translate",
    ),
    path(
        "<str:slug>/results/<int:pk>/translations/<str:language>/", translation_views.result_translate,
        name="result-translate",
    ),
    path("<str:slug>/proposals/", views.proposal_list, name="proposal-list"),
    path("<str:slug>/proposals.rss", feeds.proposals_rss, name="proposal-feed-rss"),
    path("<str:slug>/proposals.atom", feeds.proposals_atom, name="proposal-feed-atom"),
    path("<str:slug>/results.rss", feeds.results_rss, name="result-feed-rss"),
    path("<str:slug>/results.atom", feeds.results_atom, name="result-feed-atom"),
    path("<str:slug>/meetings.rss", feeds.meetings_rss, name="meeting-feed-rss"),
    path("<str:slug>/meetings.atom", feeds.meetings_atom, name="meeting-feed-atom"),
    path("<str:slug>/proposals/new/", views.proposal_create, name="proposal-create"),
    path("<str:slug>/proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("<str:slug>/proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("<str:slug>/proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path("<str:slug>/proposals/<int:pk>/answer/", views.proposal_answer, name="proposal-answer"),
    path("<str:slug>/proposals/<int:pk>/comments/", views.comment_list, name="comment-list"),
    path("<str:slug>/proposals/<int:pk>/comments/new/", views.comment_create, name="comment-create"),
    path("<str:slug>/comments/<int:comment_id>/replies/", views.comment_replies, name="comment-replies"),
    path("<str:slug>/comments/<int:comment_id>/edit/", views.comment_edit, name="comment-edit"),
    path("<str:slug>/comments/<int:comment_id>/delete/", views.comment_delete, name="comment-delete"),
    path("<str:slug>/report/<str:kind>/<int:pk>/", views.report_create, name="report"),
    path("<str:slug>/moderate/<str:kind>/<int:pk>/", views.moderate, name="moderate"),
    # Results (accountability)
    path("<str:slug>/results/", result_views.result_list, name="result-list"),
    path("<str:slug>/results/new/", result_views.result_create, name="result-create"),
    path("<str:slug>/commitments/", result_views.process_lineage, name="process-lineage"),
    path("<str:slug>/results/<int:pk>/", result_views.result_detail, name="result-detail"),
    path("<str:slug>/results/<int:pk>/edit/", result_views.result_edit, name="result-edit"),
    path(
        "<str:slug>/results/<int:pk>/comments/", result_views.result_comment_list,
        name="result-comment-list",
    ),
    path(
        "<str:slug>/results/<int:pk>/comments/new/", result_views.result_comment_create,
        name="result-comment-create",
    ),
    path("<str:slug>/results/<int:pk>/progress/", result_views.result_progress, name="result-progress"),
    path("<str:slug>/results/<int:pk>/sources/", result_views.result_sources, name="result-sources"),
    path(
        "<str:slug>/results/<int:pk>/sources/<int:link_id>/unlink/", result_views.result_unlink,
        name="result-unlink",
    ),
    path("<str:slug>/polls/new/", poll_views.poll_create, name="poll-create"),
    path("<str:slug>/polls/<int:pk>/", poll_views.poll_detail, name="poll-detail"),
    path("<str:slug>/polls/<int:pk>/edit/", poll_views.poll_edit, name="poll-edit"),
    path("<str:slug>/polls/<int:pk>/vote/", poll_views.poll_vote, name="poll-vote"),
    path("<str:slug>/polls/<int:pk>/results/", poll_views.poll_results, name="poll-results"),
    path("<str:slug>/polls/<int:pk>/close/", poll_views.poll_close, name="poll-close"),
    path("<str:slug>/polls/<int:pk>/comments/", poll_views.poll_comment_list, name="poll-comment-list"),
    path(
        "<str:slug>/polls/<int:pk>/comments/new/", poll_views.poll_comment_create,
        name="poll-comment-create",
    ),
    path("<str:slug>/budgets/new/", budget_views.budget_create, name="budget-create"),
    path("<str:slug>/budgets/<int:pk>/", budget_views.budget_detail, name="budget-detail"),
    path("<str:slug>/budgets/<int:pk>/edit/", budget_views.budget_edit, name="budget-edit"),
    path("<str:slug>/budgets/<int:pk>/import/", budget_views.budget_import, name="budget-import"),
    path("<str:slug>/budgets/<int:pk>/close/", budget_views.budget_close, name="budget-close"),
    path(
        "<str:slug>/budgets/<int:pk>/projects/new/", budget_views.budget_project_create,
        name="budget-project-create",
    ),
    path(
        "<str:slug>/budgets/<int:budget>/projects/<int:pk>/edit/", budget_views.budget_project_edit,
        name="budget-project-edit",
    ),
    path(
        "<str:slug>/budgets/<int:budget>/projects/<int:pk>/delete/", budget_views.budget_project_delete,
        name="budget-project-delete",
    ),
    path("<str:slug>/budgets/<int:pk>/vote/", budget_views.budget_vote, name="budget-vote"),
    path("<str:slug>/budgets/<int:pk>/results/", budget_views.budget_results, name="budget-results"),
    path("<str:slug>/budgets/<int:pk>/election.pb", budget_views.budget_pb, name="budget-pb"),
    path(
        "<str:slug>/budgets/<int:budget>/projects/<int:pk>/", budget_views.budget_project,
        name="budget-project",
    ),
    path(
        "<str:slug>/budgets/<int:budget>/projects/<int:pk>/comments/", budget_views.budget_project_comments,
        name="budget-project-comments",
    ),
    path(
        "<str:slug>/budgets/<int:budget>/projects/<int:pk>/comments/new/",
        budget_views.budget_project_comment_create, name="budget-project-comment-create",
    ),
    # Meetings and workshops
    path("<str:slug>/meetings/", meeting_views.meeting_list, name="meeting-list"),
    path("<str:slug>/meetings/calendar.ics", meeting_calendar.process_calendar, name="meeting-calendar"),
    path("<str:slug>/meetings/new/", meeting_views.meeting_create, name="meeting-create"),
    path("<str:slug>/meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("<str:slug>/meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting-edit"),
    path("<str:slug>/meetings/<int:pk>/register/", meeting_views.meeting_register, name="meeting-register"),
    path("<str:slug>/meetings/<int:pk>/leave/", meeting_views.meeting_cancel, name="meeting-cancel"),
    path("<str:slug>/meetings/<int:pk>/minutes/", meeting_views.meeting_minutes, name="meeting-minutes"),
    path(
        "<str:slug>/meetings/<int:pk>/comments/", meeting_views.meeting_comment_list,
        name="meeting-comment-list",
    ),
    path(
        "<str:slug>/meetings/<int:pk>/comments/new/", meeting_views.meeting_comment_create,
        name="meeting-comment-create",
    ),
    # Citizen initiatives
    path("<str:slug>/initiatives/", initiative_views.initiative_list, name="initiative-list"),
    path("<str:slug>/initiatives.rss", feeds.initiatives_rss, name="initiative-feed-rss"),
    path("<str:slug>/initiatives.atom", feeds.initiatives_atom, name="initiative-feed-atom"),
    path(
        "<str:slug>/initiatives/hidden/", initiative_views.initiative_hidden_list,
        name="initiative-hidden-list",
    ),
    path("<str:slug>/initiatives/new/", initiative_views.initiative_create, name="initiative-create"),
    path("<str:slug>/initiatives/<int:pk>/", initiative_views.initiative_detail, name="initiative-detail"),
    path("<str:slug>/initiatives/<int:pk>/edit/", initiative_views.initiative_edit, name="initiative-edit"),
    path(
        "<str:slug>/initiatives/<int:pk>/withdraw/", initiative_views.initiative_withdraw,
        name="initiative-withdraw",
    ),
    path("<str:slug>/initiatives/<int:pk>/sign/", initiative_views.initiative_sign, name="initiative-sign"),
    path(
        "<str:slug>/initiatives/<int:pk>/comments/", initiative_views.initiative_comment_list,
        name="initiative-comment-list",
    ),
    path(
        "<str:slug>/initiatives/<int:pk>/comments/new/", initiative_views.initiative_comment_create,
        name="initiative-comment-create",
    ),
    path(
        "<str:slug>/initiatives/<int:pk>/answer/", initiative_views.initiative_answer,
        name="initiative-answer",
    ),
]

hub_patterns = [
    path("processes.rss", feeds.hub_processes_rss, name="hub-process-feed-rss"),
    path("processes.atom", feeds.hub_processes_atom, name="hub-process-feed-atom"),
    # Blocking a person in a hub
    path("blocked/", block_views.hub_blocks, name="hub-blocks"),
    path("meetings/calendar.ics", meeting_calendar.hub_calendar, name="hub-meeting-calendar"),
    path("blocked/<int:user_id>/unblock/", block_views.hub_unblock, name="hub-unblock"),
]

urlpatterns = [
    path("processes/", include(process_patterns)),
    path("hubs/<str:hub_slug>/", include(hub_patterns)),
]
