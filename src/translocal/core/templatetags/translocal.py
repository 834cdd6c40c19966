"""Template helpers shared by every page: the main navigation, form fields that follow the
GOV.UK pattern (label, hint, error, aria-describedby) and pagination links.

Load with ``{% load translocal %}``.
"""

from functools import lru_cache
from typing import Any

from django import forms, template
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from translocal.core import frame, listing, locales
from translocal.core.contributions import NavEntry, nav_entries
from translocal.core.forms import replace_placeholder
from translocal.core.markup import html_to_text, render_markdown
from translocal.core.template_values import escaped, integer_text

register = template.Library()


_nav_urls: dict[str, str | None] = {}


def _nav_url(name: str) -> str | None:
    """Reverse once per process; a section whose app has no such URL is left out of the nav."""
    if name not in _nav_urls:
        try:
            _nav_urls[name] = reverse(name)
        except NoReverseMatch:
            return None
    return _nav_urls[name]


def _is_current(item: NavEntry, request: HttpRequest | None) -> bool:
    match = getattr(request, "resolver_match", None) if request is not None else None
    if match is None:
        return False
    name = match.url_name or ""
    return match.namespace == item.namespace and name.startswith(item.prefixes)


def nav_items(request: HttpRequest | None) -> list[dict[str, Any]]:
    """The links apps registered for the main navigation (core.contributions), in order: each
    ``{"label", "url", "current"}``, current when ``request`` resolved to one of its views."""
    items = []
    for item in nav_entries():
        url = _nav_url(item.url_name)
        if url is not None:
            items.append({"label": item.label, "url": url, "current": _is_current(item, request)})
    return items


@register.inclusion_tag("core/_main_nav.html", takes_context=True)
def main_nav(context: template.Context) -> dict[str, Any]:
    """The links apps registered for the main navigation (core.contributions), in order."""
    return {"items": nav_items(context.get("request"))}


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> SafeString:
    """``{% include "core/_header.html" %}``, its HTML made once per state and filled per
    request (core.frame)."""
    return frame.site_header(context)


@register.simple_tag(takes_context=True)
def site_assets(context: template.Context) -> SafeString:
    """``{% include "core/_head_assets.html" %}``, its HTML made once per state (core.frame)."""
    return frame.site_assets(context)


@register.simple_tag(takes_context=True)
def site_footer(context: template.Context) -> SafeString:
    """``{% include "core/_footer.html" %}``, its HTML made once per language (core.frame)."""
    return frame.site_footer(context)


@register.filter
def language_name(code: str) -> str:
    """``{{ "pt-BR"|language_name }}`` -> Brazilian Portuguese, in the reader's language (core.locales)."""
    return locales.localized_language_name(code or "")


@register.filter
def language_name_in_text(code: str) -> str:
    """``{{ "en"|language_name_in_text }}`` -> "inglés" in a Spanish sentence (core.locales)."""
    return locales.localized_language_name_in_text(code or "")


@register.filter
def country_name(code: str) -> str:
    """``{{ "KE"|country_name }}`` -> Kenya, in the reader's language (core.locales)."""
    return locales.localized_country_name(code or "")


_static_urls: dict[tuple[str, str], str] = {}


@register.simple_tag
def link(name: str) -> str:
    """{% url %} for argument-less URL names, reversed once per process and script prefix:
    the site chrome has a dozen of them on every page, and reverse() is the costliest part
    of rendering it."""
    key = (name, get_script_prefix())
    if key not in _static_urls:
        _static_urls[key] = reverse(name)
    return _static_urls[key]


@register.simple_tag
def optional_url(name: str, *args: Any) -> str:
    """Like {% url %} but empty when the name does not exist (yet): used by site-wide chrome."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return ""


# --- Forms --------------------------------------------------------------------------------

_GROUP_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


@register.filter
def is_choice_group(field: forms.BoundField) -> bool:
    """Checkbox groups and radios are a fieldset with a legend, not one labelled input."""
    return isinstance(field.field.widget, _GROUP_WIDGETS)


@register.filter
def is_checkbox_group(field: forms.BoundField) -> bool:
    """A group of checkboxes (many values), which long forms show collapsed with a filter."""
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


def _described_by(field: forms.BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def described_by(field: forms.BoundField) -> str:
    return _described_by(field)


@register.simple_tag
def field_widget(field: forms.BoundField) -> str:
    """The widget with aria-describedby pointing at its hint and error, and aria-invalid (and
    words instead of Django's ``---------`` in a select, whichever form it comes from)."""
    replace_placeholder(field.field)
    attrs: dict[str, str | bool] = {}
    described = _described_by(field)
    if described:
        attrs["aria-describedby"] = described
    if field.errors:
        attrs["aria-invalid"] = "true"
    css = field.field.widget.attrs.get("class", "")
    kind = "input"
    if isinstance(field.field.widget, forms.Textarea):
        kind = "textarea"
    elif isinstance(field.field.widget, forms.Select | forms.SelectMultiple):
        kind = "select"
    elif isinstance(field.field.widget, forms.CheckboxInput):
        kind = ""
    if kind:
        attrs["class"] = f"{kind} {kind}--error {css}".strip() if field.errors else f"{kind} {css}".strip()
    return field.as_widget(attrs=attrs)


# --- Pagination ---------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced (None or "" removes one).

    ``<a href="?{% query_with cursor=page.next_cursor %}">`` keeps filters and search terms.
    """
    request = context.get("request")
    return listing.query_with(request.GET if request is not None else None, **changes)


@register.simple_tag
def badge(text: str, kind: str = "") -> str:
    cls = f"badge badge--{kind}" if kind else "badge"
    return format_html('<strong class="{}">{}</strong>', cls, text)


@lru_cache(maxsize=1024)
def _markdown_html(text: str) -> str:
    return render_markdown(text)


@register.filter(is_safe=True)
def markdown(text: str | None) -> SafeString:
    """Short user Markdown (a bio, a description) as sanitised HTML, for fields bounded to a
    few thousand characters. Renders are kept per process (keyed on the text), so a page
    shown again costs a dictionary look-up. Long bodies are rendered once, when saved."""
    return mark_safe(_markdown_html(text or ""))  # noqa: S308 - sanitised by nh3 in render_markdown


@register.filter
def markdown_text(text: str | None) -> str:
    """The plain text a short Markdown field reads as (for a card's summary line)."""
    return html_to_text(_markdown_html(text or ""))


@register.simple_tag
def facet_options(facet: Any, options: Any, offset: int = 0) -> SafeString:
    """The checkboxes of ``options`` (core.listing.FacetOption of ``facet``), their ids numbered
    from ``offset`` + 1, as core/_filter_panel.html shows them: one line each, indented, the
    count in brackets when there is one. One Python loop instead of a template include per
    option: the case list shows up to 6 x 60 options, and an include cost about 0.1 ms each
    (about 20 ms of a cold case list, bench/README.md). Values are escaped and numbers localized
    as ``{{ }}`` would."""
    name = escaped(facet.name)
    lines = []
    for number, option in enumerate(options, start=offset + 1):
        option_id = f"f-{name}-{integer_text(number)}"
        count = ""
        if option.count is not None:
            count = f' <span class="count">({integer_text(option.count)})</span>'
        checked = " checked" if option.selected else ""
        lines.append(
            f'        <div class="checkbox"><input id="{option_id}" type="checkbox" name="{name}" '
            f'value="{escaped(option.value)}"{checked}><label for="{option_id}">'
            f"{escaped(option.label)}{count}</label></div>\n"
        )
    return mark_safe("".join(lines))  # noqa: S308 - every value above is escaped
