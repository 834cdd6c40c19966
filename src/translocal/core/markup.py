"""Turning user and imported text into safe HTML. Everything shown as HTML passes nh3
(the Ammonia sanitiser): no scripts, no event handlers, no styles, safe link targets."""

import re

import markdown as md
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
_H1 = re.compile(r"<(/?)h1(\s|>)", re.IGNORECASE)
_BLOCK = re.compile(
    r"<(/?)(p|div|br|h[1-6]|li|dt|dd|tr|td|th|blockquote|pre|figcaption|caption|hr)\b", re.IGNORECASE
)


def sanitize_html(html: str) -> str:
    """Clean untrusted HTML. Level-one headings become h2: the page owns its h1."""
    html = _H1.sub(r"<\1h2\2", html or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML. Raw HTML in the source is sanitised, not trusted."""
    html = md.markdown(text or "", extensions=["extra", "sane_lists", "smarty"], output_format="html")
    return sanitize_html(html)


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
