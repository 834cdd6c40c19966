"""The two comment views every comment target shares (proposals, polls, meetings, budget
projects): a page of its comments and posting one. The target's own view finds the target
through its permission predicate (404 when the viewer may not see it) and hands it here."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.coproduction import permissions, selectors, services
from translocal.coproduction.forms import CommentForm


def comment_page_response(request: HttpRequest, target: Any) -> HttpResponse:
    """A page of ``target``'s comments (keyset cursor in ``?cursor=``): the fragment for htmx
    ("More comments"), else a whole page."""
    page = selectors.comment_page(target=target, cursor=request.GET.get("cursor") or None,
                                  hidden=permissions.hidden_comments_for(request.user, target.process))
    context = {"process": target.process, "target": target, "comments": page}
    htmx = bool(getattr(request, "htmx", False))
    return render(request, "coproduction/_comment_items.html" if htmx else "coproduction/comment_list.html", context)


def post_comment(request: AuthenticatedHttpRequest, target: Any) -> HttpResponse:
    """Adds the POSTed comment (or reply, ``parent`` a comment of the same process) to ``target``
    through ``services.add_comment`` (which checks the person may comment now); the outcome is a
    flash message and a redirect to the target's comments."""
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = selectors.comment_in_process(process=target.process, pk=form.cleaned_data["parent"])
        try:
            services.add_comment(acting_user=request.user, target=target, body=form.cleaned_data["body"], parent=parent)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your comment is published."))
    else:
        messages.error(request, _("Write your comment."))
    return redirect(target.get_absolute_url() + "#comments-title")
