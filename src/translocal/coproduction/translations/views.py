"""Pages to translate a process, a proposal, a poll (question, explanation and every option
together) or a result into one of the site's languages: thin views over
``coproduction.translations.services``, rendering core's translation form."""

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.locales import localized_language_name_in_text
from translocal.core.versioning import add_save_error

from .. import permissions
from ..models import Poll, Process
from . import services as translations
from .forms import translation_form_class


def _translate(request: AuthenticatedHttpRequest, original: Any, language: str) -> HttpResponse:
    kind = translations.kind_of(original)
    if not kind.may_translate(request.user, original):
        raise PermissionDenied
    if language not in translations.translate_languages(request.user, original):
        raise Http404("No translation into that language")
    model = translations.translation_model(kind)
    current = model.objects.filter(**{model.original_field: original, "language": language}).first()
    instance = copy.copy(current) if current is not None else model(
        **{model.original_field: original, "language": language}
    )
    options = list(original.options.all()) if isinstance(original, Poll) else None
    form = translation_form_class(kind)(
        request.POST if request.method == "POST" else None, instance=instance, options=options
    )
    if request.method == "POST" and form.is_valid():
        try:
            translations.save_translation(
                acting_user=request.user, original=original, language=language, data=dict(form.cleaned_data),
                options=form.option_labels(), machine_translator=form.cleaned_data.get("machine_translator", ""),
            )
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("The translation into %(language)s was saved.") % {
                "language": localized_language_name_in_text(language)})
            return redirect(f"{original.get_absolute_url()}?lang={language}")
    process: Process = original if isinstance(original, Process) else original.process
    parents = [(reverse("coproduction:process-list"), _("Processes"))]
    if original is not process:
        parents.append((process.get_absolute_url(), process.display_title))
    title, *rest = kind.fields
    texts = [getattr(original, name) for name in rest]
    return render(request, "core/translation_form.html", {
        "form": form, "language": language, "translation": current, "parents": parents,
        "original_language": original.original_language, "original_url": original.get_absolute_url(),
        "original_title": getattr(original, title),
        "original_lede": texts[0] if len(texts) > 1 else "",
        "original_body": texts[-1] if texts else "",
        "original_items": [option.label for option in options or []],
    })


@login_required
def process_translate(request: AuthenticatedHttpRequest, slug: str, language: str) -> HttpResponse:
    process = permissions.get_process_for_view(user=request.user, slug=slug)
    return _translate(request, process, language)


@login_required
def proposal_translate(request: AuthenticatedHttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    proposal = permissions.get_proposal_for_view(user=request.user, slug=slug, pk=pk)
    return _translate(request, proposal, language)


@login_required
def poll_translate(request: AuthenticatedHttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    poll = permissions.get_poll_for_view(user=request.user, slug=slug, pk=pk)
    return _translate(request, poll, language)


@login_required
def result_translate(request: AuthenticatedHttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    result = permissions.get_result_for_view(user=request.user, slug=slug, pk=pk)
    return _translate(request, result, language)
