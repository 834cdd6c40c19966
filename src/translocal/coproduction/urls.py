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
]
