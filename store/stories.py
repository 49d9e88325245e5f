"""Story groups in the store: copies of one story share ``articles.story_id``.

The core makes each article's print (``pipelines.stories``: a MinHash signature, its LSH band
keys, the keys of its own URL and of the sources it links to); the store keeps it and groups:

- ``assign`` (called by ``save_article`` in its transaction) stores the signature and the keys
  (``story_bands``), looks up the candidates by key (one index lookup a key, at most
  ``PER_KEY`` rows each, the newest: the cost of a new article does not grow with the store),
  lets the print confirm each text candidate (``StoryPrint.same_story``) and takes the linked
  articles of other outlets published within ``link_days``, then joins their stories;
- a story's id is the smallest article id in it (its first stored article); joining stories
  merges them into the smallest id, and nothing ever splits one (an edited article keeps its
  story: ``csowatch stories rebuild`` regroups from scratch);
- **concurrent writers** (cluster crawls on one PostgreSQL) cannot see each other's uncommitted
  keys, so two copies stored at the same moment may each start a story. The crawl therefore
  calls ``settle`` for its batch's articles *after* the batch committed: of any two racing
  transactions the later committer's settle sees the other's committed keys and merges (a
  merge is idempotent and always into the smaller id, so both settling at once agree). A crash
  between the commit and the settle leaves two stories until ``stories rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import TextClause, delete, insert, or_, select, text, update
from sqlalchemy.orm import Session

from pipelines.types import StoryPrint
from store.models import ArticleRow, StoryBand

URL_BAND = -1  # the article's own URL
LINK_BAND = -2  # a URL its body links to (a source on another host)
PER_KEY = 20  # candidates read per key, the newest: a boilerplate key stays cheap


@dataclass(frozen=True)
class _Candidate:
    id: int
    story_id: int | None
    outlet_id: int
    published: datetime | None
    signature: bytes | None
    size: int | None
    linked: bool  # found through a link (else through a band key)


def assign(session: Session, row: ArticleRow, story: StoryPrint) -> int:
    """Store ``story`` as ``row``'s print and put the article in its story; the story id."""
    if row.story_size is not None or story.sources:  # signed before (or a rebuild's links)
        session.execute(delete(StoryBand).where(StoryBand.article_id == row.id))
    row.story_signature, row.story_size = story.signature, story.size
    keys = [(band, key) for band, key in enumerate(story.bands)]
    if story.url_key is not None:
        keys.append((URL_BAND, story.url_key))
    keys += [(LINK_BAND, key) for key in story.sources]
    if keys:
        session.execute(
            insert(StoryBand), [{"band": b, "key": k, "article_id": row.id} for b, k in keys]
        )
    return group(session, row, story)


def group(session: Session, row: ArticleRow, story: StoryPrint) -> int:
    """Join ``row`` (its print stored) with the stories of its confirmed copies and linked
    articles; the story id. ``settle`` runs it again after the commit."""
    return _join(session, row, story)[0]


def _join(session: Session, row: ArticleRow, story: StoryPrint) -> tuple[int, int]:
    """The story id, and how many other stories were merged into it."""
    mine = row.story_id if row.story_id is not None else row.id
    found = _candidates(session, row.id, story)
    stories = {mine}
    unset: list[int] = []
    for c in found:
        if _same(row, story, c):
            stories.add(c.story_id if c.story_id is not None else c.id)
            if c.story_id is None:
                unset.append(c.id)
    target = min(stories)
    others = stories - {target}
    if others or unset:  # the other stories' articles, and copies not yet in any story
        session.execute(
            update(ArticleRow)
            .where(or_(ArticleRow.story_id.in_(others), ArticleRow.id.in_(unset)))
            .values(story_id=target)
            .execution_options(synchronize_session="evaluate")  # loaded rows follow
        )
    row.story_id = target
    session.flush()
    return target, len(others)


def settle(session: Session, prints: Iterable[tuple[int, StoryPrint]]) -> int:
    """Group again articles stored in an earlier, committed transaction (see the module
    docstring); the number of stories merged into another."""
    merged = 0
    for article_id, story in prints:
        row = session.get(ArticleRow, article_id, populate_existing=True)
        if row is None or row.story_size is None:
            continue
        merged += _join(session, row, story)[1]
    return merged


def _candidates(session: Session, article_id: int, story: StoryPrint) -> list[_Candidate]:
    lookups = [(band, key) for band, key in enumerate(story.bands)]
    lookups += [(URL_BAND, key) for key in story.sources]  # the articles I link to
    if story.url_key is not None:
        lookups.append((LINK_BAND, story.url_key))  # the articles that link to me
    if not lookups:
        return []
    params: dict[str, int] = {"me": article_id}
    for i, (band, key) in enumerate(lookups):
        params[f"b{i}"], params[f"k{i}"] = band, key
    by_id: dict[int, bool] = {}  # id -> found by a link
    for cid, band in session.execute(_lookup(len(lookups)), params):
        by_id[cid] = by_id.get(cid, False) or band < 0
    if not by_id:
        return []
    query = select(
        ArticleRow.id, ArticleRow.story_id, ArticleRow.outlet_id, ArticleRow.published,
        ArticleRow.story_signature, ArticleRow.story_size,
    ).where(ArticleRow.id.in_(by_id))  # fmt: skip
    out = []
    for r in session.execute(query):
        out.append(
            _Candidate(
                r.id, r.story_id, r.outlet_id, r.published, r.story_signature, r.story_size,
                by_id[r.id],
            )
        )  # fmt: skip
    return out


@lru_cache(maxsize=64)
def _lookup(n: int) -> TextClause:
    """One statement for ``n`` keys: per key, its newest ``PER_KEY`` articles (an index range
    scan on the primary key each). Written once per ``n``: building it is dearer than running it."""
    one = (
        "SELECT article_id, band FROM (SELECT article_id, band FROM story_bands "
        "WHERE band = :b{i} AND key = :k{i} AND article_id <> :me "
        f"ORDER BY article_id DESC LIMIT {PER_KEY}) AS q{{i}}"
    )
    return text(" UNION ALL ".join(one.format(i=i) for i in range(n)))


def _same(row: ArticleRow, story: StoryPrint, c: _Candidate) -> bool:
    if c.signature is not None and c.size and story.same_story(c.signature, c.size):
        return True
    if not c.linked or c.outlet_id == row.outlet_id:
        return False
    if row.published is not None and c.published is not None:
        return abs(row.published - c.published) <= timedelta(days=story.link_days)
    return True


def story_members(session: Session, story_id: int) -> list[int]:
    """The ids of a story's articles, first first."""
    query = select(ArticleRow.id).where(ArticleRow.story_id == story_id).order_by(ArticleRow.id)
    return list(session.scalars(query))


def reset(session: Session) -> None:
    """Forget every story (``csowatch stories rebuild`` signs and groups again): the band and
    URL keys, the signatures, the story ids. The sources' keys stay: only a crawl of the page
    sees its links, and the rebuild hands them back to ``assign`` (``source_keys``)."""
    session.execute(delete(StoryBand).where(StoryBand.band != LINK_BAND))
    session.execute(
        update(ArticleRow)
        .values(story_id=None, story_signature=None, story_size=None)
        .execution_options(synchronize_session=False)
    )


def source_keys(session: Session, ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """The stored keys of the sources each article links to."""
    ids = list(ids)
    out: dict[int, list[int]] = {}
    if ids:
        query = select(StoryBand.article_id, StoryBand.key).where(
            StoryBand.band == LINK_BAND, StoryBand.article_id.in_(ids)
        )
        for article_id, key in session.execute(query):
            out.setdefault(article_id, []).append(key)
    return {k: tuple(v) for k, v in out.items()}
