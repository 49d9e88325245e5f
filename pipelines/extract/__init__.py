"""One article out of one page: ``extract_article(html, url, outlet=None, *, spider=None)``.

``article`` decodes and extracts (trafilatura beneath); ``rules/`` holds the outlet rule sets
(Pangea, The Moscow Times, generic).
"""

from pipelines.extract.article import (
    CharsetError,
    EmptyDocumentError,
    ExtractedArticle,
    ExtractionError,
    NoBodyError,
    NotHTMLError,
    ParseError,
    decode_html,
    decode_html_noted,
    detect_language,
    extract_article,
)

__all__ = [
    "CharsetError",
    "EmptyDocumentError",
    "ExtractedArticle",
    "ExtractionError",
    "NoBodyError",
    "NotHTMLError",
    "ParseError",
    "decode_html",
    "decode_html_noted",
    "detect_language",
    "extract_article",
]
