"""The one shape of co-production's create and edit pages (proposals, initiatives, results,
budgets and their projects, meetings, polls): the view fetches the item through its permission
predicate (404 or 403 first), then ``form_page`` runs the form through the service, says what
happened and goes to the item; or renders the form again with what was typed and the errors."""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from translocal.core.versioning import run_form


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    message: str,
    template: str,
    context: Mapping[str, Any],
    then: Any = None,
) -> HttpResponse:
    """On a valid POST, ``save(cleaned_data)`` (a service call; its ValidationError is shown on
    the form, ``core.versioning.run_form``); once it succeeds, ``message`` as a success message
    and a redirect to ``then`` (a model with ``get_absolute_url``, a URL or a URL name), or to what
    ``save`` returned when ``then`` is None. Otherwise ``template`` with ``context`` and the form
    (as ``form``)."""
    saved = run_form(request, form, lambda data: (save(data),))
    if saved is not None:
        messages.success(request, message)
        return redirect(then if then is not None else saved[0])
    return render(request, template, {**context, "form": form})
