from django.urls import path

from . import views

app_name = "coproduction"

urlpatterns = [
    path("processes/", views.process_list, name="process-list"),
    path("processes/<str:slug>/", views.process_detail, name="process-detail"),
    path("processes/<str:slug>/proposals/", views.proposal_list, name="proposal-list"),
    path("processes/<str:slug>/proposals/new/", views.proposal_create, name="proposal-create"),
    path("processes/<str:slug>/proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("processes/<str:slug>/proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("processes/<str:slug>/proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path("processes/<str:slug>/proposals/<int:pk>/support/", views.proposal_support, name="proposal-support"),
    path("processes/<str:slug>/proposals/<int:pk>/unsupport/", views.proposal_unsupport, name="proposal-unsupport"),
    path("processes/<str:slug>/proposals/<int:pk>/answer/", views.proposal_answer, name="proposal-answer"),
    path("processes/<str:slug>/proposals/<int:pk>/comments/", views.comment_list, name="comment-list"),
    path("processes/<str:slug>/proposals/<int:pk>/comments/new/", views.comment_create, name="comment-create"),
    path("processes/<str:slug>/comments/<int:comment_id>/replies/", views.comment_replies, name="comment-replies"),
    path("processes/<str:slug>/comments/<int:comment_id>/edit/", views.comment_edit, name="comment-edit"),
    path("processes/<str:slug>/comments/<int:comment_id>/delete/", views.comment_delete, name="comment-delete"),
    path("processes/<str:slug>/report/<str:kind>/<int:pk>/", views.report_create, name="report"),
    path("processes/<str:slug>/moderate/<str:kind>/<int:pk>/", views.moderate, name="moderate"),
]
