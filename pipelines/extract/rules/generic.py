"""Any site: trafilatura for the body, structured metadata for the rest.

The one wrapper around trafilatura is ``extract_body(tree, url, options)``: one call with one
``BodyOptions`` object, no module state. Trafilatura returns its main-content blocks as XML.
First, what it misses of the article joins them (``_with_missed``): the paragraphs of the body
container's twin containers (an article split by ads into chunks of one class) and tweets
quoted inside the article. Then generic clean-ups (none keyed on a site) remove what leaks on
news pages:

1. link-dense blocks (headline lists, "related" teasers, menus): a block whose text is mostly
   anchor text in the source page is dropped, unless it is long prose (some sites wrap whole
   paragraphs in one affiliate link);
2. end-of-article markers: a short block that only says "Read also", "Related articles",
   "Comments", "Смотрите также", "Новости по теме" ... after the article has begun ends the body,
   and so does a site's copyright notice (``FOOTER``);
3. empty and repeated lines, and rubric labels and datelines at the body's edges.

Link density and links come from the source tree (matched on whitespace-free block text), not
from trafilatura's ``include_links``, which drops the text before a link in 2.3.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from trafilatura.core import bare_extraction, determine_returnstring
from trafilatura.settings import Document, Extractor

from pipelines.extract.rules.base import Page, Rules, anchors, clean, text_of

BLOCK_TAGS = ("p", "li", "td", "th", "dd", "dt", "blockquote", "pre", "div", "h1", "h2", "h3")
_OUT_BLOCKS = frozenset({"p", "head", "item", "row", "quote", "code"})
_LETTER = re.compile(r"[^\W\d_]")
_DATELINE = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
_SENTENCE_END = re.compile(r"[.!?…»\"“”)]\s*$")
END_MARKERS = re.compile(
    r"^\W*(?:смотрите также|читайте также|см\. также|читайте (?:еще|ещё)|также читайте"
    r"|похожие (?:новости|статьи|материалы|публикации)|новости по теме|другие новости"
    r"|последние (?:новости|публикации)|(?:ещё|еще) новости|материалы по теме|по теме"
    r"|комментарии|оставить комментарий|добавить комментарий|ваш комментарий|обсуждение"
    r"|related(?: articles| stories| news| posts| content| coverage)?|see also"
    r"|read (?:more|also|next)|more (?:stories|news|from)|you (?:may|might) (?:also )?like"
    r"|recommended(?: for you| stories)?|comments?|leave a (?:comment|reply)"
    r"|(?:также|ещё|еще|больше|ранее|ссылки|статьи) (?:по|на) теме|ранее на тему"
    r"|самые (?:популярные|читаемые|обсуждаемые)|популярные (?:новости|статьи)"
    r"|(?:нашли|заметили) (?:опечатку|ошибку)"
    r"|оцените,? (?:пожалуйста,? )?(?:статью|материал)|оценка статьи"
    r"|зарегистрируйтесь|присоединяйтесь к нам)\b",
    re.IGNORECASE,
)

# A site's footer: a copyright notice with a year, or a rights reservation
FOOTER = re.compile(
    r"^\W*(?:©|\(c\)|copyright\b).{0,60}?\b(?:19|20)\d\d\b"
    r"|all rights reserved|все права защищены|усі права захищені|alle rechte vorbehalten"
    r"|tous droits réservés|todos los derechos reservados",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BodyOptions:
    """Everything that steers body extraction, in one place."""

    balanced_fallback: bool = True  # also run balanced mode, use it when precision misses
    short_body_chars: int = 500  # a precision-mode body shorter than this may have missed...
    main_paragraph_chars: int = 200  # ...the article, if balanced mode has a paragraph this long
    include_tables: bool = True
    include_comments: bool = False
    max_link_density: float = 0.5  # share of anchor text above which a block is navigation
    long_block_chars: int = 250  # link-dense blocks at least this long are kept (prose)
    end_marker_max_chars: int = 80  # an end marker is a short block
    footer_max_chars: int = 300  # a copyright notice this short ends the body
    article_started_chars: int = 150  # markers count once a block this long was kept
    edge_label_chars: int = 40  # shorter non-sentences at the body's edges are labels
    edge_dateline_chars: int = 80  # shorter non-sentences with a time or a date: datelines
    twin_containers: bool = True  # read the body's twin containers (an article split by ads)
    max_twins: int = 3  # more containers of the body's class are cards or teasers
    embedded_tweets: bool = True  # the text of tweets quoted inside the article


@dataclass
class Body:
    paragraphs: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


def _key(text: str) -> str:
    return "".join(text.split())  # str.split's whitespace is the regex's \s, at a third the cost


def _text_key(element: Any) -> str:
    """Whitespace-free text of an element (all its text nodes, not its tail)."""
    return _key(etree.tostring(element, method="text", encoding=str, with_tail=False))


def _index_source(page: Page) -> dict[str, Any]:
    """Whitespace-free text of every block element -> the (innermost) element."""
    index: dict[str, Any] = {}
    for element in page.tree.iter(*BLOCK_TAGS):
        if element.tag == "div" and not _has_own_text(element):
            continue
        key = _text_key(element)
        if key and len(key) <= 20000:
            index[key] = element
    return index


class _AnchorKeys:
    """Whitespace-free texts (over three characters) of the page's links, read on first use:
    only a block that matches no source element needs them."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._keys: set[str] | None = None

    def chars_in(self, key: str) -> int:
        """Anchor text inside a block that matches no source element (a best guess)."""
        if self._keys is None:
            self._keys = {k for a in self.page.tree.iter("a") if len(k := _text_key(a)) > 3}
        return sum(len(anchor) for anchor in self._keys if anchor in key)


def _has_own_text(element: Any) -> bool:
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


def _link_chars(element: Any) -> int:
    return sum(len(_text_key(a)) for a in element.iter("a"))


def _block_lines(element: Any) -> list[str]:
    """Text of an output block without nested blocks, split at line breaks."""
    lines, current = [], [element.text or ""]

    def walk(node: Any) -> None:
        for child in node:
            if child.tag in _OUT_BLOCKS:
                pass
            elif child.tag == "lb":
                lines.append("".join(current))
                current.clear()
            else:
                if child.tag == "cell":
                    current.append(" ")
                current.append(child.text or "")
                walk(child)
            current.append(child.tail or "")

    walk(element)
    lines.append("".join(current))
    return [line for line in (clean(x) for x in lines) if line]


def trafilatura_main(
    page: Page, *, precise: bool = False, recall: bool = False, comments: bool, tables: bool
) -> Any | None:
    """The ``<main>`` of ``trafilatura.extract(tree, output_format="xml")``, parsed.

    The same steps as ``extract`` (``bare_extraction``, then ``determine_returnstring``), less
    the content fingerprint it computes for de-duplication (a tenth of its time here, never
    read) and less a copy of the tree: ``bare_extraction`` copies a tree it is handed.
    """
    options = Extractor(
        output_format="xml",
        precision=precise,
        recall=recall,
        comments=comments,
        tables=tables,
        images=False,
        links=False,
        url=page.url,
        with_metadata=False,
    )
    document = bare_extraction(page.tree, options=options)
    if not isinstance(document, Document):
        return None
    try:
        root = etree.fromstring(determine_returnstring(document, options).encode("utf-8"))
    except etree.XMLSyntaxError:
        return None
    return root.find("main")


def run_trafilatura(page: Page, options: BodyOptions, *, precise: bool) -> list[list[str]]:
    """Trafilatura's main-content blocks (each a list of lines), in document order."""
    main = trafilatura_main(
        page, precise=precise, comments=options.include_comments, tables=options.include_tables
    )
    if main is None:
        return []
    return [lines for el in main.iter(*_OUT_BLOCKS) if (lines := _block_lines(el))]


def extract_body(page: Page, options: BodyOptions | None = None) -> Body:
    """Main text of any page: paragraphs (no captions, no link lists) and the links in them.

    Trafilatura runs in precision mode. When that yields a short body (``short_body_chars``),
    balanced mode runs too and wins if it holds a long paragraph that precision mode missed:
    precision mode sometimes discards the whole article on old table layouts.
    """
    options = options or BodyOptions()
    index = _index_source(page)
    anchor_keys = _AnchorKeys(page)
    precise = _prune(
        _with_missed(run_trafilatura(page, options, precise=True), page, index, options),
        page,
        index,
        anchor_keys,
        options,
    )
    precise_text = _key("".join(precise.paragraphs))
    if not options.balanced_fallback or len(precise_text) >= options.short_body_chars:
        return precise
    balanced = _prune(
        _with_missed(run_trafilatura(page, options, precise=False), page, index, options),
        page,
        index,
        anchor_keys,
        options,
    )
    main = max(balanced.paragraphs, key=len, default="")
    if len(main) >= options.main_paragraph_chars and _key(main) not in precise_text:
        return balanced
    if precise.paragraphs or balanced.paragraphs:
        return precise if precise.paragraphs else balanced
    return _rescue(page, options)


_TWIN_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")
_NOT_BODY = frozenset({"figure", "figcaption", "aside", "nav", "form", "footer", "header"})


def _with_missed(
    blocks: list[list[str]], page: Page, index: dict[str, Any], options: BodyOptions
) -> list[list[str]]:
    """The blocks plus what trafilatura missed of the article, in document order: the
    paragraphs of the body container's twins (``_twin_elements``) and the text of tweets
    quoted inside the article (``_tweet_elements``). ``_prune`` then treats them like
    trafilatura's own blocks."""
    if not blocks:
        return blocks
    sources = [index.get(_key(" ".join(lines))) for lines in blocks]
    extra = _twin_elements(blocks, sources, page, options)
    tweets = _TWEETS(page.tree) if options.embedded_tweets else []
    if not extra and not tweets:
        return blocks
    position = {element: n for n, element in enumerate(page.tree.iter())}
    found = [position[s] for s in sources if s is not None]
    if tweets and found:
        first, last = min(found), max(found)
        extra += [
            element
            for tweet in tweets
            if first < position[tweet] < last
            for element in (tweet.findall(".//p") or [tweet])
        ]
    if not extra:
        return blocks
    have = "\n".join(_key(" ".join(lines)) for lines in blocks)  # what a block already holds
    ordered: list[tuple[int, int, list[str]]] = []
    at = 0
    for n, (lines, source) in enumerate(zip(blocks, sources, strict=True)):
        at = position.get(source, at) if source is not None else at
        ordered.append((at, n, lines))
    for element in extra:
        text = text_of(element)
        if text and _key(text) not in have:
            have += "\n" + _key(text)
            ordered.append((position[element], len(ordered), [text]))
    return [lines for _, _, lines in sorted(ordered, key=lambda item: item[:2])]


# The markup of a tweet embedded in a page (Twitter's own embed code): its text is a quote
_TWEETS = etree.XPath(
    "//blockquote[contains(concat(' ', normalize-space(@class), ' '), ' twitter-tweet ')]"
)


def _twin_elements(
    blocks: list[list[str]], sources: list[Any], page: Page, options: BodyOptions
) -> list[Any]:
    """Paragraphs of the body container's twins.

    Many CMSs split a long article into several sibling containers of one class, with an ad
    or a newsletter box between them ("body__container", "article__chunk"); trafilatura often
    keeps the first and drops the rest. The container is the parent of the most block text;
    its twins are the other elements of its tag and exact class, at its depth under a near
    ancestor, each holding a paragraph as long as one that starts an article.
    """
    if not options.twin_containers:
        return []
    weight: Counter[Any] = Counter()
    for lines, source in zip(blocks, sources, strict=True):
        parent = source.getparent() if source is not None else None
        if parent is not None:
            weight[parent] += sum(len(line) for line in lines)
    if not weight:
        return []
    container = weight.most_common(1)[0][0]
    name = container.get("class")
    if not name or not name.strip():
        return []
    twins = [
        element
        for element in page.tree.iter(container.tag)
        if element is not container
        and element.get("class") == name
        and not _related(element, container)
    ]
    if len(twins) > options.max_twins:
        return []  # many of one class: cards, teasers, layout cells, not a split article
    found = []
    for twin in twins:
        elements = _twin_blocks(twin)
        if _cousins(twin, container) and any(
            len(text_of(e)) >= options.article_started_chars for e in elements
        ):
            found.extend(elements)
    return found


def _cousins(one: Any, other: Any, levels: int = 2) -> bool:
    """Both at the same depth under a common ancestor at most ``levels`` up."""
    up_one, up_other = list(one.iterancestors())[:levels], list(other.iterancestors())[:levels]
    return any(a is b for a, b in zip(up_one, up_other, strict=True))


def _related(one: Any, other: Any) -> bool:
    """One element holds the other."""
    return any(a is other for a in one.iterancestors()) or any(
        a is one for a in other.iterancestors()
    )


def _twin_blocks(twin: Any) -> list[Any]:
    """The outermost paragraph-like elements of a container, outside figures, asides, forms."""
    found = []
    for element in twin.iter(*_TWIN_BLOCKS):
        between = []
        for ancestor in element.iterancestors():
            if ancestor is twin:
                break
            between.append(ancestor.tag)
        if not any(tag in _NOT_BODY or tag in _TWIN_BLOCKS for tag in between):
            found.append(element)
    return found


def _rescue(page: Page, options: BodyOptions) -> Body:
    """Both modes' clean-ups left nothing: keep trafilatura's recall-mode text unpruned rather
    than reject a page that has an article (a one-paragraph post, a list-like page)."""
    main = trafilatura_main(page, recall=True, comments=False, tables=options.include_tables)
    body = Body()
    if main is None:
        return body
    for element in main.iter(*_OUT_BLOCKS):
        for line in _block_lines(element):
            if _LETTER.search(line) and line not in body.paragraphs:
                body.paragraphs.append(line)
    if sum(len(p) for p in body.paragraphs) < options.main_paragraph_chars:
        return Body()  # a few words are not an article
    return body


def _prune(
    blocks: list[list[str]],
    page: Page,
    index: dict[str, Any],
    anchor_keys: _AnchorKeys,
    options: BodyOptions,
) -> Body:
    """Drop link lists, digits-only lines, everything after an end marker, edge labels."""
    body, seen, started = Body(), set(), False
    for lines in blocks:
        text = " ".join(lines)
        if not _LETTER.search(text):
            continue  # dates, times, separators: not prose
        key = _key(text)
        source = index.get(key)
        if len(text) < options.long_block_chars:
            linked = _link_chars(source) if source is not None else anchor_keys.chars_in(key)
            if linked / max(1, len(key)) > options.max_link_density:
                continue
        if started and len(text) <= options.end_marker_max_chars and END_MARKERS.match(text):
            break
        if started and len(text) <= options.footer_max_chars and FOOTER.search(text):
            break
        started = started or len(text) >= options.article_started_chars
        for line in lines:
            if line not in seen:
                seen.add(line)
                body.paragraphs.append(line)
        if source is not None:
            body.links.extend(anchors(source, page))
    body.paragraphs = _trim_edges(
        body.paragraphs, options.edge_label_chars, options.edge_dateline_chars
    )
    return body


def _is_label(line: str, limit: int) -> bool:
    """A short line that is not a sentence: a menu entry, a rubric, a widget title."""
    return len(line) < limit and not _SENTENCE_END.search(line)


def _is_dateline(line: str, limit: int) -> bool:
    """A short line with a clock time or a numeric date that is not a sentence: the page's
    "28 ноября 2011, 14:15 [ «АН-online» ]" or "5:45 AM PST 11/19/2019 by Patrick Shanley"."""
    return len(line) < limit and bool(_DATELINE.search(line)) and not _SENTENCE_END.search(line)


def _trim_edges(paragraphs: list[str], limit: int, dateline: int = 0) -> list[str]:
    """Drop rubric-like labels (and datelines) before the first and after the last real
    paragraph."""
    start, end = 0, len(paragraphs)
    while start < end and (
        _is_label(paragraphs[start], limit) or _is_dateline(paragraphs[start], dateline)
    ):
        start += 1
    while end > start and (
        _is_label(paragraphs[end - 1], limit) or _is_dateline(paragraphs[end - 1], dateline)
    ):
        end -= 1
    return paragraphs[start:end]


class V1(Rules):
    """Any outlet: metadata from JSON-LD / OpenGraph / ``<h1>``, body from trafilatura."""

    name = "generic"
    body_options = BodyOptions()

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self._body: Body | None = None

    def body(self) -> Body:
        if self._body is None:
            self._body = extract_body(self.page, self.body_options)
        return self._body

    def paragraphs(self) -> list[str]:
        """Body paragraphs without a leading repeat of the headline (nor the labels and
        datelines it hid from ``_trim_edges``)."""
        paragraphs = self.body().paragraphs
        title = _key(self.title()).casefold()
        if paragraphs and title and _key(paragraphs[0]).casefold() == title:
            while paragraphs and _key(paragraphs[0]).casefold() == title:
                paragraphs = paragraphs[1:]
            options = self.body_options
            paragraphs = _trim_edges(
                paragraphs, options.edge_label_chars, options.edge_dateline_chars
            )
        return paragraphs

    def links(self) -> list[tuple[str, str]]:
        return self.body().links


VERSIONS: list[type[Rules]] = [V1]
