"""The images page of a case or a reflection (linked from its edit page): upload with
alternative text, choose the lead image, copy the Markdown that shows an image in the text,
remove. Thin: forms parse, the services in services/images.py write."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.forms import GovukFormMixin
from translocal.core.images.forms import ImageUploadForm
from translocal.core.versioning import add_save_error

from .. import selectors
from ..services import images as image_services
from .common import CASE, REFLECTION, EntryKind

#: The kinds of entry that carry images.
KINDS_WITH_IMAGES = {CASE.name: CASE, REFLECTION.name: REFLECTION}


class EntryImageForm(ImageUploadForm):
    make_lead = forms.BooleanField(
        label=gettext_lazy("Use as the lead image"),
        required=False,
        help_text=gettext_lazy("The lead image is shown in lists and at the top of the page."),
    )


class ImageActionForm(GovukFormMixin, forms.Form):
    action = forms.ChoiceField(choices=[("lead", "lead"), ("no-lead", "no-lead"), ("remove", "remove")])


def _kind(kind: EntryKind) -> EntryKind:
    if kind.name not in KINDS_WITH_IMAGES:
        raise Http404("This kind of entry has no images.")
    return kind


def images_url(kind: EntryKind, entry: Any) -> str:
    return reverse(f"knowledge:{kind.name}-images", kwargs={"slug": entry.slug})


@login_required
def entry_images(request: AuthenticatedHttpRequest, slug: str, kind: EntryKind) -> HttpResponse:
    kind = _kind(kind)
    entry = kind.get_for_edit(user=request.user, slug=slug)
    form = EntryImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            image_services.add_entry_image(
                acting_user=request.user,
                entry=entry,
                upload=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
                make_lead=form.cleaned_data["make_lead"],
            )
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("The image was added."))
            return redirect(images_url(kind, entry))
    context = {
        "entry": entry,
        "kind": kind.name,
        "form": form,
        "images": selectors.entry_images(entry=entry),
        "edit_url": reverse(f"knowledge:{kind.name}-edit", kwargs={"slug": entry.slug}),
        "list_url": reverse(kind.list_url_name),
        "list_label": kind.list_label,
    }
    return render(request, "knowledge/entry_images.html", context)


@require_POST
@login_required
def entry_image_action(request: AuthenticatedHttpRequest, slug: str, image_id: int, kind: EntryKind) -> HttpResponse:
    """Make an image the lead image, stop having one, or remove an image."""
    kind = _kind(kind)
    entry = kind.get_for_edit(user=request.user, slug=slug)
    form = ImageActionForm(request.POST)
    if not form.is_valid():
        raise Http404("No such action.")
    action = form.cleaned_data["action"]
    try:
        if action == "lead":
            image_services.set_lead_image(acting_user=request.user, entry=entry, image_id=image_id)
            messages.success(request, _("The lead image was changed."))
        elif action == "no-lead":
            image_services.set_lead_image(acting_user=request.user, entry=entry, image_id=None)
            messages.success(request, _("The entry has no lead image now."))
        else:
            image_services.remove_entry_image(acting_user=request.user, entry=entry, image_id=image_id)
            messages.success(request, _("The image was removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(images_url(kind, entry))
