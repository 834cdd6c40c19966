from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Entry, Item

PER_PAGE = 50


def item_list(request: HttpRequest) -> HttpResponse:
    """The plain list page: 50 rows a page through Django's Paginator and a template."""
    page = Paginator(Item.objects.order_by("id"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "benchref/list.html", {"page": page})


@csrf_exempt
@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    """Insert one (user id, item) row: 201, or 409 when that pair exists already."""
    try:
        user_id = int(request.POST["user"])
        item_id = int(request.POST["item"])
    except (KeyError, ValueError):
        return JsonResponse({"error": "user and item are integers"}, status=400)
    try:
        with transaction.atomic():
            Entry.objects.create(user_id=user_id, item_id=item_id)
    except IntegrityError:
        return JsonResponse({"status": "exists"}, status=409)
    return JsonResponse({"status": "created"}, status=201)


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
