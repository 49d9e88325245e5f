"""Turn a known body container into paragraphs (and the links inside them).

Used by the CMS rule sets, which know where their body is: headings, paragraphs, list items and
quotes become paragraphs; loose inline text between blocks is gathered into a paragraph too
(split at a double ``<br>``); embeds, figures and anything matching ``skip`` are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml.cssselect import CSSSelector

from pipelines.extract.rules.base import Page, anchors, clean, text_of

PARAGRAPH_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})
CONTAINER_TAGS = frozenset({"div", "section", "ul", "ol", "article", "main", "span", "font"})
NEVER = frozenset(
    {"script", "style", "noscript", "figure", "figcaption", "iframe", "aside", "form", "button"}
)


@dataclass
class Paragraph:
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Walk:
    page: Page
    skip: CSSSelector | None
    skipped: set[Any]
    out: list[Paragraph] = field(default_factory=list)
    pending: list[Any] = field(default_factory=list)  # strings and inline elements

    def flush(self) -> None:
        parts = [p if isinstance(p, str) else text_of(p) + (p.tail or "") for p in self.pending]
        text = clean(" ".join(parts).replace(" ,", ","))
        if text:
            links = [
                link
                for p in self.pending
                if not isinstance(p, str)
                for link in anchors(p, self.page)
            ]
            self.out.append(Paragraph(text, links))
        self.pending.clear()

    def block(self, element: Any) -> None:
        self.flush()
        text = text_of(element)
        if text:
            self.out.append(Paragraph(text, anchors(element, self.page)))

    def walk(self, container: Any) -> None:
        if container.text and container.text.strip():
            self.pending.append(container.text)
        previous_br = False
        for child in container:
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag or child in self.skipped or tag in NEVER:
                if child.tail and child.tail.strip():  # the tail is outside the element
                    self.pending.append(child.tail)
                continue
            if tag == "br":
                if previous_br:
                    self.flush()
                previous_br = True
                if child.tail and child.tail.strip():
                    self.pending.append(child.tail)
                    previous_br = False
                continue
            previous_br = False
            if tag in PARAGRAPH_TAGS:
                self.block(child)
            elif tag in CONTAINER_TAGS and _has_blocks(child):
                self.flush()
                self.walk(child)
                self.flush()
            else:  # inline element (or a leaf div): part of the running paragraph
                self.pending.append(child)  # flush() reads its text and its tail
                continue
            if child.tail and child.tail.strip():
                self.pending.append(child.tail)


def _has_blocks(element: Any) -> bool:
    return any(
        isinstance(d.tag, str) and (d.tag in PARAGRAPH_TAGS or d.tag in ("div", "br"))
        for d in element.iterdescendants()
    )


def paragraphs_of(container: Any, page: Page, skip: str | None = None) -> list[Paragraph]:
    """Paragraphs of a body container, leaving out elements matching ``skip`` (CSS)."""
    if container is None:
        return []
    selector = CSSSelector(skip) if skip else None
    skipped = set(selector(container)) if selector is not None else set()
    walk = _Walk(page, selector, skipped)
    walk.walk(container)
    walk.flush()
    return walk.out
