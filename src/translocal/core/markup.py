"""Turning user and imported text into safe HTML. Everything shown as HTML passes nh3
(the Ammonia sanitiser): no scripts, no event handlers, no styles, safe link targets.

User text is Markdown as people type it: CommonMark (https://spec.commonmark.org/) with the
GitHub tables and strikethrough extensions and bare URLs turned into links, rendered by
markdown-it-py, whose parser runs in time linear in the input (no backtracking over nested
brackets or emphasis). Every user text field is also bounded in length (``MAX_MARKUP_LENGTH``
and the per-field limits of the models), so one body costs at most a few seconds of CPU.

Two things differ from a plain CommonMark rendering, both because of the site's policy that
every asset a page needs is served by us (and its ``img-src 'self'`` Content-Security-Policy):

- an image ``![alt](url)`` is shown as an image only when it is one of ours (uploaded through
  core.images: ``/images/<content hash>-<width>x<height>.<jpg|png>``), with its alt text, its
  width and height (from its name, so nothing moves as it loads) and lazy loading; any other
  image is shown as its alt text, linked to the image (or as plain alt text inside a link, so a
  linked image never leaves an empty ``<a>``); raw ``<img>`` in HTML bodies follows the same rule;
- table column alignment becomes a class (``align-left``, ``align-center``, ``align-right``),
  not an inline style, which the policy would block.
"""

import html as html_lib
import re
from posixpath import basename
from typing import cast
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

#: The longest text any user Markdown field accepts (characters). Rendering stays linear, so
#: this bounds one render to well under a few seconds of CPU even for adversarial input.
MAX_MARKUP_LENGTH = 100_000

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul", "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {"td": ALIGN_CLASSES, "th": ALIGN_CLASSES}

_H1 = re.compile(r"<(/?)h1(\s|>)", re.IGNORECASE)
_BLOCK = re.compile(
    r"<(/?)(p|div|br|h[1-6]|li|dt|dd|tr|td|th|blockquote|pre|figcaption|caption|hr)\b", re.IGNORECASE
)
_IMG_TAG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)  # [^<>]: each attempt stops at the next tag
_ATTR = re.compile(r"""\b(alt|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_EMPTY_LINK = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>(\s*)</a>')
_HREFLESS_LINK = re.compile(r"<a\b(?![^>]*\bhref=)[^>]*>(.*?)</a>", re.DOTALL)
_ALIGN_STYLE = re.compile(r"text-align:\s*(left|center|right)")
#: Our own images (core.images): the only ``src`` an ``<img>`` may keep.
OWN_IMAGE_URL = re.compile(r"^/images/[0-9a-f]{32}-(?P<width>[0-9]{1,5})x(?P<height>[0-9]{1,5})\.(?:jpg|png)$")


def own_image_html(src: str, alt: str) -> str | None:
    """The ``<img>`` of one of our own images (None for any other address)."""
    match = OWN_IMAGE_URL.match(src or "")
    if match is None:
        return None
    return (
        f'<img src="{html_lib.escape(src)}" alt="{html_lib.escape(" ".join(alt.split()))}" '
        f'width="{int(match["width"])}" height="{int(match["height"])}" loading="lazy" decoding="async">'
    )


def _img_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's last word on attributes: an ``<img>`` keeps only our own addresses."""
    if element == "img" and attribute == "src" and not OWN_IMAGE_URL.match(value):
        return None
    return value


def image_label(alt: str, src: str) -> str:
    """What stands in for an image: its alt text, else the file name of its URL, else "image"."""
    alt = " ".join(alt.split())
    if alt:
        return alt
    return basename(urlsplit(src).path) or "image"


def _replace_images(state: StateCore) -> None:
    """Images become their alt text: a link to the image, or plain text inside a link."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        link_depth = 0
        for token in block.children:
            if token.type == "link_open":
                link_depth += 1
            elif token.type == "link_close":
                link_depth -= 1
            if token.type != "image":
                children.append(token)
                continue
            src = str(token.attrGet("src") or "")
            renderer = cast(RendererHTML, state.md.renderer)
            alt = renderer.renderInlineAsText(token.children or [], state.md.options, state.env)
            own = own_image_html(src, alt) if link_depth == 0 else None
            if own is not None:
                children.append(Token("html_inline", "", 0, content=own))
                continue
            text = Token("text", "", 0, content=image_label(alt, src))
            if link_depth > 0 or not src:
                children.append(text)
            else:
                children += [Token("link_open", "a", 1, attrs={"href": src}), text, Token("link_close", "a", -1)]
        block.children = children


def _alignment_as_class(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            style = token.attrGet("style")
            match = _ALIGN_STYLE.search(str(style or ""))
            if style is not None:
                token.attrs.pop("style", None)
            if match:
                token.attrSet("class", f"align-{match.group(1)}")


class _MarkdownIt(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        """Every link target is parsed as a link; nh3 then drops targets outside the allowed
        schemes, so "[x](javascript:...)" reads "x" rather than showing its source."""
        return True


def _markdown() -> MarkdownIt:
    md = _MarkdownIt("commonmark", {"linkify": True, "html": True, "typographer": False})
    md.enable(["linkify", "table", "strikethrough"])
    md.core.ruler.push("translocal_images", _replace_images)
    md.core.ruler.push("translocal_table_alignment", _alignment_as_class)
    return md


_MD = _markdown()


def _images_to_text(html: str) -> str:
    def replace(match: re.Match[str]) -> str:
        attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(match[0])}
        alt, src = html_lib.unescape(attrs.get("alt", "")), html_lib.unescape(attrs.get("src", ""))
        own = own_image_html(src, alt)
        return own if own is not None else html_lib.escape(image_label(alt, src))

    return _IMG_TAG.sub(replace, html)


def _fill_empty_links(html: str) -> str:
    """A link whose target was refused keeps only its text; a link with nothing to click shows
    its address instead of vanishing."""
    html = _HREFLESS_LINK.sub(r"\1", html)
    return _EMPTY_LINK.sub(lambda m: f'<a{m[1]}href="{m[2]}"{m[3]}>{m[4]}{m[2]}</a>', html)


def sanitize_html(html: str) -> str:
    """Clean untrusted HTML (str -> str). Level-one headings become h2: the page owns its h1.
    Images other than our own fall back to their alt text; a link left empty shows its address."""
    html = _images_to_text(_H1.sub(r"<\1h2\2", html or ""))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_img_attribute,
    ).strip()
    return _fill_empty_links(cleaned)


def render_markdown(text: str) -> str:
    """Markdown (CommonMark + GFM tables and strikethrough + bare links) to sanitised HTML.

    Raw HTML in the source is sanitised, not trusted. Text longer than ``MAX_MARKUP_LENGTH``
    should have been refused by validation; if some path still hands it over, it is shown as
    escaped plain text rather than parsed, so no caller can make a render unbounded.
    """
    text = text or ""
    if len(text) > MAX_MARKUP_LENGTH:
        return plain_text_html(text)
    return sanitize_html(_MD.render(text))


def plain_text_html(text: str) -> str:
    """Plain text as HTML paragraphs: blank lines separate paragraphs, single newlines become
    <br>. Nothing in the text is interpreted."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))]
    return "\n".join(
        "<p>" + html_lib.escape(p).replace("\n", "<br>\n") + "</p>" for p in paragraphs if p
    )


def html_to_text(html: str) -> str:
    """Plain text of HTML, for search bodies and summaries. Block boundaries become spaces, so
    "<h3>Summary</h3><p>The" reads "Summary The" (two words to a tokeniser too)."""
    text = nh3.clean(_BLOCK.sub(r" <\1\2", html or ""), tags=set(), attributes={})
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = text.replace("&quot;", '"').replace("&#39;", "'")
    return re.sub(r"\s+", " ", text).strip()


def truncate_words(text: str, limit: int = 60) -> str:
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")

