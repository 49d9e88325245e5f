"""One story, counted once: the near-duplicate print of an article, as pure functions.

The same wire story or press release appears on several outlets and in several versions.
``story_print(article)`` makes what the store needs to group them (``pipelines.types.StoryPrint``):

- the **signature**: a MinHash (datasketch, ``NUM_PERM`` permutations, the ``affine32``
  scheme: 4 bytes a value) of the article's word ``SHINGLE``-grams, over its normalised text
  (NFKC, casefolded, ``ё`` → ``е``, words of letters only: digits and punctuation are noise
  between versions), title, lead and body, at most ``MAX_WORDS`` words: a 5 MB page costs what
  its first ``MAX_WORDS`` words cost;
- the **band keys**: the signature cut in ``BANDS`` bands of ``ROWS`` values, each band hashed
  to a signed 64-bit key; two articles sharing one key are candidates. ``BANDS × ROWS`` is
  datasketch's ``lsh._optimal_param`` for the Jaccard threshold ``LSH_THRESHOLD``, low on
  purpose: a press release quoted in a longer article has a small Jaccard similarity and a
  large containment;
- the **confirmation** (``same_story``): a candidate is the same story when the estimated
  containment of the smaller shingle set in the larger is at least ``CONTAINMENT``; the
  containment comes from the signatures' Jaccard estimate ``J`` and the two set sizes:
  ``|A ∩ B| = J (|A| + |B|) / (1 + J)``;
- the **links**: keys of the URLs the body links to on other hosts (``sources``) and of the
  article's own URL (``url_key``): an article that links its source joins the source's story,
  which is how a translation is found (its words share nothing with the original's).

``SHINGLE``, ``LSH_THRESHOLD`` and ``CONTAINMENT`` were chosen in ``bench/stories.py`` on the
tuning part of ``tests/data/stories_pairs.jsonl``: word bigrams find more of the rewrites and
reprints than 3- or 5-grams at no cost in precision there, and 28 bands of 2 rows (Jaccard
0.2) keep 28 keys an article where 0.1 would need 64 for a few more rewrites.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from pipelines.types import Article
from pipelines.urls import canonical_url

NUM_PERM = 128
SEED = 1
SHINGLE = 2
MAX_WORDS = 3000
MIN_SHINGLES = 8  # fewer: too short for shingles, grouped only with the very same words
LSH_THRESHOLD = 0.2
BANDS, ROWS = _optimal_param(LSH_THRESHOLD, NUM_PERM, 0.5, 0.5)
CONTAINMENT = 0.3
MAX_SOURCES = 20  # links kept per article
LINK_DAYS = 7  # a link joins stories only between articles published this close
SCHEME = "affine32"
_DTYPE = np.dtype("<u4")

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# the permutations, drawn once (datasketch draws them per MinHash otherwise)
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


@dataclass(frozen=True)
class Print:
    """An article's story print (the ``pipelines.types.StoryPrint`` the store keeps)."""

    signature: bytes
    size: int  # distinct shingles signed
    bands: tuple[int, ...]
    url_key: int | None = None
    sources: tuple[int, ...] = field(default_factory=tuple)
    link_days: int = LINK_DAYS

    def same_story(self, signature: bytes, size: int) -> bool:
        """Whether a stored article with this signature and size is a copy of this one."""
        return same_story(self.signature, self.size, signature, size)


def words(text: str, limit: int = MAX_WORDS) -> list[str]:
    """The first ``limit`` words of ``text``, normalised; linear in what it reads, bounded by
    ``limit`` (it stops reading there)."""
    out: list[str] = []
    pos, n, chunk = 0, len(text), 1 << 16
    while pos < n and len(out) < limit:
        # NFKC piece by piece, cut at whitespace so that no word is split
        end = min(n, pos + chunk)
        if end < n:
            space = text.rfind(" ", pos, end)
            end = space + 1 if space > pos else end
        piece = unicodedata.normalize("NFKC", text[pos:end]).casefold().replace("ё", "е")
        for match in _WORD.finditer(piece):
            out.append(match.group())
            if len(out) >= limit:
                break
        pos = end
    return out


def shingles(tokens: Sequence[str], size: int = SHINGLE) -> set[str]:
    """The distinct word ``size``-grams, joined by a space."""
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def article_text(title: str, lead: str | None, paragraphs: Iterable[str]) -> str:
    """What is signed: the title, the lead and the body, in that order."""
    return "\n".join([title or "", lead or "", *(str(p) for p in paragraphs)])


def minhash(grams: Iterable[str]) -> MinHash:
    """The MinHash of a set of shingles (the library's SHA-1 of each, its permutations)."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS, scheme=SCHEME)
    m.update_batch([g.encode("utf-8") for g in grams])
    return m


def signature_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=_DTYPE).tobytes()


def _values(signature: bytes) -> np.ndarray:
    return np.frombuffer(signature, dtype=_DTYPE)


def _key(data: bytes) -> int:
    """A signed 64-bit key (BLAKE2b): what a BIGINT column holds."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def band_keys(signature: bytes, bands: int = BANDS, rows: int = ROWS) -> tuple[int, ...]:
    """One key per band of ``rows`` signature values."""
    return tuple(_key(signature[4 * b * rows : 4 * (b + 1) * rows]) for b in range(bands))


def jaccard(a: bytes, b: bytes) -> float:
    """The Jaccard similarity the two signatures estimate."""
    va, vb = _values(a), _values(b)
    if len(va) != len(vb) or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)


def containment(a: bytes, size_a: int, b: bytes, size_b: int) -> float:
    """The estimated share of the smaller shingle set found in the larger."""
    small = min(size_a, size_b)
    if small <= 0:
        return 0.0
    j = jaccard(a, b)
    return min(1.0, j * (size_a + size_b) / ((1 + j) * small))


def same_story(
    a: bytes, size_a: int, b: bytes, size_b: int, threshold: float = CONTAINMENT
) -> bool:
    return containment(a, size_a, b, size_b) >= threshold


def url_key(url: str) -> int | None:
    """A signed 64-bit key of an article URL: canonical, without scheme and ``www.``."""
    canon = canonical_url(url) if url else None
    if not canon:
        return None
    parts = urlsplit(canon)
    host = (parts.hostname or "").removeprefix("www.")
    if not host:
        return None
    rest = parts.path.rstrip("/") + ("?" + parts.query if parts.query else "")
    return _key(f"{host}{rest}".encode())


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def source_keys(page_url: str, links: Iterable[tuple[str, str]]) -> tuple[int, ...]:
    """Keys of the body's links to other hosts (a source, a translation's original), at most
    ``MAX_SOURCES``; links within the outlet's own host are its related reading, not sources."""
    own = _host(page_url)
    out: list[int] = []
    for _text, href in links:
        host = _host(href)
        if not host or host == own:
            continue
        key = url_key(href)
        if key is not None and key not in out:
            out.append(key)
            if len(out) >= MAX_SOURCES:
                break
    return tuple(out)


def text_print(text: str, url: str = "", links: Iterable[tuple[str, str]] = ()) -> Print:
    """The print of a text (see the module docstring); never raises on text."""
    tokens = words(text)
    grams = shingles(tokens)
    if len(grams) >= MIN_SHINGLES:
        sig = signature_bytes(minhash(grams))
        bands = band_keys(sig)
    else:  # too short for shingles: one key, the text itself, equal only to the same text
        grams = {" ".join(tokens)} if tokens else set()
        sig = signature_bytes(minhash(grams))
        bands = (_key(" ".join(tokens).encode()),) if tokens else ()
    return Print(sig, len(grams), bands, url_key(url) if url else None, source_keys(url, links))


def story_print(article: Article) -> Print:
    """The print of an extracted article: its text, its canonical URL and its body's links."""
    text = article_text(article.title, article.lead, article.paragraphs)
    return text_print(text, article.canonical_url or article.url, article.links)
