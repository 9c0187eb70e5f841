"""Markdown statements to plain text: markup dropped, headings and list items kept as lines, wraps undone.

Wrapped lines are joined in the source before parsing, so each line break markdown-it still reports is real.
Parsing is markdown-it's CommonMark plus tables and strikethrough, with indented code blocks off: scraped
statements indent paragraphs by four or five spaces, and that is prose, not code.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from servanda.ingest.wrapping import is_soft_break, wrap_width

# With "text_join" off, backslash escapes stay tokens of their own: an escaped "\*" stays, a stray "**" goes.
_PARSER = MarkdownIt("commonmark").disable(["code", "text_join"]).enable(["table", "strikethrough"])
_STRAY_DELIMITERS = re.compile(r"\*{2,}|~{2,}|(?<!\w)_{2,}|_{2,}(?!\w)")
_TAG = re.compile(r"<[^<>]*>")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
_BLOCK_TAG = re.compile(
    r"<br\s*/?>|</?(?:p|div|li|ul|ol|h[1-6]|tr|table|blockquote|figcaption|section|article)\b[^>]*>", re.I
)
# Lines that open a block of their own, or must stay whole: never joined onto the line above or below.
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,9}[.)]\s|#{1,6}(?:\s|$)|>|\||```|~~~|(?:[-*_=]\s*){3,}$|=+\s*$)")
# Headings, table rows and rules: lines that never take the next line onto their end.
_WHOLE_LINE = re.compile(r"^\s*(?:#{1,6}(?:\s|$)|\||(?:[-*_=]\s*){3,}$|=+\s*$)")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")


def markdown_to_text(source: str) -> str:
    """Return the plain text of a Markdown body (front matter removed), paragraphs blank-line separated."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    joined = "\n".join(unwrap_lines(lines, wrap_width(lines)))
    return _Renderer().render(_PARSER.parse(joined))


def unwrap_lines(lines: Sequence[str], width: int | None) -> list[str]:
    """Join each line a wrapper broke at `width` onto the one before; keep blank lines and block starts."""
    if width is None:
        return list(lines)
    out: list[str] = []
    in_fence = False
    previous = ""  # the last source line, as the wrapper left it; "" when it cannot take the next line
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            previous = ""
            continue
        starts_block = not line.strip() or in_fence or _BLOCK_START.match(line) is not None
        if previous and not starts_block and is_soft_break(previous, line, width):
            out[-1] = out[-1].rstrip(" \t") + " " + line.strip(" \t")
        else:
            out.append(line)
        ends_here = in_fence or _HARD_BREAK.search(line) or _WHOLE_LINE.match(line)
        previous = "" if ends_here or not line.strip() else line
    return out


class _Renderer:
    """Walks markdown-it's token stream once, collecting blocks of lines."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self.lists: list[int | None] = []  # per open list: the next number, or None for bullets
        self.marker: str | None = None  # marker owed to the first paragraph of the current list item
        self.row: list[str] = []
        self.in_cell = False

    def render(self, tokens: Sequence[Token]) -> str:
        for token in tokens:
            self._block(token)
        return "\n\n".join("\n".join(block) for block in self.blocks if block)

    def _block(self, token: Token) -> None:
        kind = token.type
        if kind in {"bullet_list_open", "ordered_list_open"}:
            if not self.lists:
                self.blocks.append([])
            start = token.attrGet("start")
            self.lists.append((int(start) if start is not None else 1) if kind == "ordered_list_open" else None)
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            self.lists.pop()
        elif kind == "list_item_open":
            number = self.lists[-1] if self.lists else None
            if number is not None:
                number = int(token.info) if token.info.isdigit() else number
                self.lists[-1] = number + 1
            self.marker = "- " if number is None else f"{number}. "
        elif kind == "inline":
            self._inline(token)
        elif kind in {"fence", "code_block"}:
            self._add(token.content.rstrip("\n").split("\n"), paragraph=True)
        elif kind == "html_block":
            self._add(_html_block_lines(token.content), paragraph=True)
        elif kind == "table_open":
            self.blocks.append([])
        elif kind == "tr_open":
            self.row = []
        elif kind in {"th_open", "td_open", "th_close", "td_close"}:
            self.in_cell = kind.endswith("_open")
        elif kind == "tr_close":
            self._add([" | ".join(cell for cell in self.row if cell)], paragraph=False)

    def _inline(self, token: Token) -> None:
        text = _inline_text(token.children or [])
        if self.in_cell:
            self.row.append(" ".join(text.split()))
            return
        lines = text.split("\n")
        if self.marker is not None:
            lines[0] = self.marker + lines[0]
            self.marker = None
        self._add(lines, paragraph=not self.lists)

    def _add(self, lines: list[str], *, paragraph: bool) -> None:
        lines = [line for line in lines if line.strip()]
        if not lines:
            return
        if paragraph or not self.blocks:
            self.blocks.append(lines)
        else:
            self.blocks[-1].extend(lines)


def _inline_text(children: Sequence[Token]) -> str:
    """Text of one paragraph's inline tokens: links become their text, images and tags vanish."""
    parts: list[str] = []
    for i, child in enumerate(children):
        kind = child.type
        if kind == "text":
            parts.append(_STRAY_DELIMITERS.sub("", child.content))
        elif kind in {"text_special", "code_inline"}:
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append("\n")
        elif kind == "hardbreak":
            # A scrape's <br> can fall mid-sentence ("his dear wife, Grace,<br>reflecting ..."): join those.
            following = next((c.content for c in children[i + 1 :] if c.type == "text" and c.content.strip()), "")
            parts.append(" " if following.strip()[:1].islower() else "\n")
        elif kind == "html_inline" and _BREAK_TAG.fullmatch(child.content.strip()):
            parts.append("\n")
    return "".join(parts)


def _html_block_lines(content: str) -> list[str]:
    """Text of raw HTML inside Markdown: as in a browser, line breaks are spaces and block tags end lines."""
    content = _BLOCK_TAG.sub("\n", _COMMENT.sub("", content).replace("\n", " "))
    return html.unescape(_TAG.sub("", content)).split("\n")
