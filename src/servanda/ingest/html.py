"""Saved press-release pages to plain text: keep the statement, drop the site's navigation and widgets."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from servanda.errors import InputError
from servanda.ingest.converted import Converted
from servanda.ingest.dates import parse_iso_date
from servanda.ingest.text import decode_text

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_NOISE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "nav", "aside"}
    | {"form", "button", "select", "input", "textarea", "dialog", "footer"}
)
_NOISE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"})
# Class or id words of site furniture; matched word by word so that "shared-content" is not "share".
_NOISE_NAME = re.compile(
    r"(?:^|[-_])(?:cookies?|consent|gdpr|share|sharing|social|breadcrumbs?|newsletter|subscribe|related|sidebar"
    r"|skip|skiplinks?|navbar|menu|popup|modal|advert|ads|promo|comments?|pagination|pager|toolbar|feedback"
    r"|pagedetails|dtmd|date-modified|print|signup)(?:$|[-_])",
    re.I,
)
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "address", "blockquote", "figure", "figcaption"}
    | {"details", "summary", "center", "dl", "dt", "dd", "fieldset", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "caption", "pre"}
)
_KEPT_ROOTS = frozenset({"html", "body", "main", "article"})
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·)\s+")
_SITE_NAME = re.compile(r"\.\w{2,4}\b|\b(?:Government|Ministry|Department|Office|Affairs|House|News|Canada)\b")
_PUBLISHED_META = (
    "dcterms.issued",
    "dc.date.issued",
    "article:published_time",
    "og:published_time",
    "citation_publication_date",
    "pubdate",
    "publishdate",
    "date",
)


def read_html(data: bytes, *, origin: str) -> Converted:
    """Return the statement text of an HTML page with its title, canonical URL and publication date."""
    match = _CHARSET.search(data[:4096])
    text = decode_text(data, origin=origin, encoding=match.group(1).decode("ascii") if match else None)
    try:
        tree = LexborHTMLParser(text)
    except Exception as error:  # the parser's own errors are not a stable API
        raise InputError(f"{origin} could not be parsed as HTML ({type(error).__name__})") from None
    root = _content_root(tree)
    if root is None:
        return Converted(text="")
    return Converted(
        text=_render(root),
        title=_title(tree, root),
        source=_canonical_url(tree),
        published=_published(tree, root),
    )


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ("main", "[role=main]"):
        node = tree.css_first(selector)
        if node is not None and node.text(strip=True):
            return node
    articles = [node for node in tree.css("article") if not _is_noise(node)]
    if articles:
        return max(articles, key=lambda node: len(node.text(strip=True)))
    scores: dict[int, tuple[int, LexborNode]] = {}
    for paragraph in tree.css("p"):
        parent = paragraph.parent
        if parent is None:
            continue
        held = scores.get(parent.mem_id, (0, parent))
        scores[parent.mem_id] = (held[0] + len(paragraph.text(strip=True)), parent)
    if scores:
        return max(scores.values(), key=lambda pair: pair[0])[1]
    return tree.body


def _is_noise(node: LexborNode) -> bool:
    tag = node.tag or ""
    if tag in _NOISE_TAGS:
        return True
    attributes = node.attributes
    if tag == "header":
        return not _has_ancestor(node, {"article", "main"})
    if "hidden" in attributes or (attributes.get("aria-hidden") or "").lower() == "true":
        return True
    if (attributes.get("role") or "").lower() in _NOISE_ROLES:
        return True
    style = (attributes.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if tag in _KEPT_ROOTS:
        return False
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".split()
    return any(_NOISE_NAME.search(name) for name in names)


def _has_ancestor(node: LexborNode, tags: set[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


class _Writer:
    """Collects paragraphs; list items and table rows are "tight" (one line break from the previous line)."""

    def __init__(self) -> None:
        self.paragraphs: list[tuple[str, bool]] = []
        self.buffer: list[str] = []
        self.marker: str | None = None
        self.tight = False

    def flush(self) -> None:
        lines = [" ".join(line.split()) for line in "".join(self.buffer).split("\n")]
        lines = [line for line in lines if line]
        self.buffer = []
        if not lines:
            return
        if self.marker is not None:
            lines[0] = self.marker + lines[0]
            self.marker = None
        self.paragraphs.append(("\n".join(lines), self.tight))

    def text(self) -> str:
        parts = []
        for i, (paragraph, tight) in enumerate(self.paragraphs):
            parts.append(paragraph if i == 0 else ("\n" if tight else "\n\n") + paragraph)
        return "".join(parts)


def _render(root: LexborNode) -> str:
    """Walk the tree iteratively (pages can nest deeper than Python's recursion limit) into paragraphs."""
    writer = _Writer()
    lists: list[int | None] = []  # per open list: the next number for <ol>, None for <ul>
    group_start = False  # the next <li> or <tr> opens its list or table
    cells = 0
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag or ""
        if leaving:
            if tag in _BLOCKS:
                writer.flush()
            if tag in {"ul", "ol"}:
                lists.pop()
            if tag in {"li", "tr"}:
                writer.tight = False
            continue
        if tag == "-text":
            writer.buffer.append(node.text(deep=False))
            continue
        if tag.startswith("-") or (node is not root and _is_noise(node)):
            continue
        if tag in _BLOCKS:
            writer.flush()
        if tag == "br":
            writer.buffer.append("\n")
        elif tag in {"ul", "ol", "table"}:
            group_start = True
            if tag != "table":
                start = node.attributes.get("start") or "1"
                lists.append((int(start) if start.isdigit() else 1) if tag == "ol" else None)
        elif tag in {"li", "tr"}:
            writer.tight = not group_start or len(lists) > 1
            group_start = False
            cells = 0
            if tag == "li":
                number = lists[-1] if lists else None
                writer.marker = "- " if number is None else f"{number}. "
                if number is not None:
                    lists[-1] = number + 1
        elif tag in {"td", "th"}:
            writer.buffer.append((" | " if cells else "") + " ".join(node.text(separator=" ").split()))
            cells += 1
            continue
        elif tag == "pre":
            writer.buffer.append(node.text(deep=True))
            stack.append((node, True))
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    writer.flush()
    return writer.text()


def _title(tree: LexborHTMLParser, root: LexborNode) -> str | None:
    heading = root.css_first("h1") or tree.css_first("h1")
    if heading is not None and (text := " ".join(heading.text().split())):
        return text
    for selector in ('meta[property="og:title"]', 'meta[name="dcterms.title"]'):
        meta = tree.css_first(selector)
        if meta is not None and (content := " ".join((meta.attributes.get("content") or "").split())):
            return strip_site_name(content)
    title = tree.css_first("title")
    if title is not None and (text := " ".join(title.text().split())):
        return strip_site_name(text)
    return None


def strip_site_name(title: str) -> str:
    """Drop site suffixes from a page title ("Joint statement - Global Affairs Canada - Canada.ca")."""
    cuts = [match.start() for match in _TITLE_SEPARATORS.finditer(title)]
    end = len(title)
    while cuts and len(title[cuts[-1] : end]) <= 45 and cuts[-1] >= 4:
        site = title[cuts[-1] : end]
        # Past the last part, keep cutting only what is plainly a site or an office, never a subtitle.
        if end < len(title) and not _SITE_NAME.search(site):
            break
        end = cuts.pop()
    return title[:end]


def _canonical_url(tree: LexborHTMLParser) -> str | None:
    for selector, attribute in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(selector)
        if node is not None and (url := (node.attributes.get(attribute) or "").strip()):
            return url
    return None


def _published(tree: LexborHTMLParser, root: LexborNode) -> str | None:
    for meta in tree.css("meta[name], meta[property]"):
        key = (meta.attributes.get("name") or meta.attributes.get("property") or "").lower()
        if key in _PUBLISHED_META and (value := parse_iso_date((meta.attributes.get("content") or "")[:10])):
            return value
    time = root.css_first("time[datetime]")
    if time is not None:
        return parse_iso_date((time.attributes.get("datetime") or "")[:10])
    return None
