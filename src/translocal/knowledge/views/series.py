from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from translocal.core.pagination import InvalidCursor

from .. import permissions, selectors, services
from ..forms import SeriesForm
from .common import form_instance, require_member, run_form


def series_list(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.series_list(cursor=request.GET.get("cursor"))
    except InvalidCursor as error:
        messages.warning(request, str(error))
        page = selectors.series_list(cursor=None)
    return render(request, "knowledge/series_list.html", {"page": page})


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = permissions.get_series_for_view(user=request.user, slug=slug)
    try:
        page = selectors.series_posts(series=series, cursor=request.GET.get("cursor"))
    except InvalidCursor as error:
        messages.warning(request, str(error))
        page = selectors.series_posts(series=series, cursor=None)
    return render(
        request,
        "knowledge/series_detail.html",
        {
            "series": series,
            "page": page,
            "post_count": selectors.count_series_posts(series=series),
            "can_edit": permissions.can_edit_series(request.user, series),
        },
    )


def series_create(request: HttpRequest) -> HttpResponse:
    if (response := require_member(request)) is not None:
        return response
    form = SeriesForm(request.POST or None)
    series = run_form(request, form, lambda data: services.create_series(user=request.user, data=data))
    if series is not None:
        messages.success(request, f"The series “{series.title}” was created. Add its first post.")
        return redirect(series)
    return render(request, "knowledge/series_form.html", {"form": form, "series": None})


def series_edit(request: HttpRequest, slug: str) -> HttpResponse:
    series = permissions.get_series_for_edit(user=request.user, slug=slug)
    form = SeriesForm(request.POST or None, instance=form_instance(series))
    saved = run_form(
        request, form, lambda data: services.update_series(user=request.user, series=series, data=data)
    )
    if saved is not None:
        messages.success(request, f"Your changes to “{saved.title}” were saved.")
        return redirect(saved)
    return render(request, "knowledge/series_form.html", {"form": form, "series": series})
