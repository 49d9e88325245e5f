"""Story grouping benchmark (``pipelines.stories``, ``store.stories``): quality and cost.

    python -m bench.stories                         # quality (tune part), 5 MB text, store 10k/100k
    python -m bench.stories --held-back             # and the held-back part (score it once)
    python -m bench.stories --sizes 10000,100000,1000000 --postgres

Quality: the labelled pairs of ``tests/data/stories_pairs.jsonl`` (written for csowatch, see
``tests/data/make_stories_pairs.py``), split by the first byte of the SHA-1 of the pair's id
(``% 3 == 0``: held back, never tuned on). A pair is *found* as the store finds it: the two
prints share a band key and the print confirms (``same_story``). Precision and recall over
the pairs a text measure can find (``translated`` pairs are reported apart: only a link
joins them). Beside it, real pages (ScrapingHub's and DAnIEL-ru's reference bodies, read from
``../shared/data``, never copied): how many of their ~100,000 pairs share a key (the lookup's
load) and how many are grouped (read the list: several are the same story on two sites).

Cost: a temporary SQLite store (and PostgreSQL, a throwaway schema in ``test``) with N
articles and their band keys bulk-inserted (random signatures: no text is signed), then 400
new articles grouped one by one as ``save_article`` does (``store.stories.assign``: lookup
per key, confirm, insert, merge), committed 50 at a time; half of them copies of a stored
article (their keys found, confirmed, merged), half new stories holding 3 "boilerplate" keys
that 1% of the stored keys share (a lookup capped at ``PER_KEY`` rows a key). Per article:
median and p95.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from datasketch.lsh import _optimal_param
from sqlalchemy import make_url, text

from bench.counts import PrecisionRecall
from pipelines import stories as S
from store.db import Store, open_store
from store.models import ArticleRow
from store.stories import assign

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "stories_pairs.jsonl"
SHARED = ROOT.parent / "shared" / "data" / "extraction"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PROBES = 400
BATCH = 50
# 1% of the stored keys come from 100 common values (boilerplate shared by many articles:
# 100 rows a common key at 10k articles × 28 bands... 280,000 at 1M); every new article that
# is no copy has 3 of them: its lookup reads PER_KEY rows of each, however many there are
HOT_SHARE = 0.01
HOT_KEYS = np.arange(1, 101, dtype=np.int64) * 7919


# --- quality ------------------------------------------------------------------------------


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def held_back(pair: dict[str, Any]) -> bool:
    return hashlib.sha1(str(pair["id"]).encode()).digest()[0] % 3 == 0


@dataclass(frozen=True)
class Setting:
    shingle: int = S.SHINGLE
    lsh_threshold: float = S.LSH_THRESHOLD
    containment: float = S.CONTAINMENT

    @property
    def bands(self) -> tuple[int, int]:
        if self.lsh_threshold == S.LSH_THRESHOLD:
            return S.BANDS, S.ROWS
        b, r = _optimal_param(self.lsh_threshold, S.NUM_PERM, 0.5, 0.5)
        return int(b), int(r)


@dataclass(frozen=True)
class Score(PrecisionRecall):
    tp: int
    fp: int
    fn: int
    missed: dict[str, int]
    wrong: dict[str, int]
    translated_found: int
    translated: int


def _sign(text_: str, setting: Setting) -> tuple[bytes, int, set[int]]:
    grams = S.shingles(S.words(text_), setting.shingle)
    sig = S.signature_bytes(S.minhash(grams))
    b, r = setting.bands
    return sig, len(grams), set(S.band_keys(sig, b, r))


def found(a: str, b: str, setting: Setting = Setting()) -> bool:
    """Whether the store would group the two texts (a shared key, then the confirmation)."""
    if setting == Setting():  # the shipped code path, short texts included
        pa, pb = S.text_print(a), S.text_print(b)
        return bool(set(pa.bands) & set(pb.bands)) and pa.same_story(pb.signature, pb.size)
    sa, na, ka = _sign(a, setting)
    sb, nb, kb = _sign(b, setting)
    return bool(ka & kb) and S.containment(sa, na, sb, nb) >= setting.containment


def score(pairs: Sequence[dict[str, Any]], setting: Setting = Setting()) -> Score:
    tp = fp = fn = tf = nt = 0
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for pair in pairs:
        hit = found(pair["a"], pair["b"], setting)
        if pair["kind"] == "translated":
            nt += 1
            tf += hit
        elif pair["same"] and hit:
            tp += 1
        elif pair["same"]:
            fn += 1
            missed[pair["kind"]] += 1
        elif hit:
            fp += 1
            wrong[pair["kind"]] += 1
    return Score(tp, fp, fn, dict(missed), dict(wrong), tf, nt)


def real_pages() -> list[tuple[str, str]]:
    out = []
    for name in ("scrapinghub", "daniel-ru"):
        truth = json.loads((SHARED / name / "ground-truth.json").read_text(encoding="utf-8"))
        out += [(k, v["articleBody"]) for k, v in sorted(truth.items()) if v.get("articleBody")]
    return out


def real_pairs(setting: Setting = Setting()) -> tuple[int, int, list[tuple[str, str, float]]]:
    """Pairs of real pages: how many, how many share a key, those grouped (with containment)."""
    pages = real_pages()
    signed = [_sign(body, setting) for _, body in pages]
    shared, grouped = 0, []
    for i, j in itertools.combinations(range(len(pages)), 2):
        if signed[i][2] & signed[j][2]:
            shared += 1
            c = S.containment(signed[i][0], signed[i][1], signed[j][0], signed[j][1])
            if c >= setting.containment:
                grouped.append((pages[i][0], pages[j][0], round(c, 2)))
    total = len(pages) * (len(pages) - 1) // 2
    return total, shared, grouped


def quality(show_held_back: bool) -> None:
    pairs = load_pairs()
    tune = [p for p in pairs if not held_back(p)]
    held = [p for p in pairs if held_back(p)]
    print(f"pairs: {len(pairs)} ({len(tune)} tune, {len(held)} held back); "
          f"positives {sum(p['same'] for p in pairs)}, negatives "
          f"{sum(not p['same'] for p in pairs)}")  # fmt: skip
    settings = [
        Setting(),
        *(Setting(k, t, c) for k in (2, 3, 5) for t in (0.1, 0.2, 0.3) for c in (0.3, 0.5)),
    ]
    parts = [("tune", tune)] + ([("held back", held)] if show_held_back else [])
    print("shingle  lsh(b×r)     contain  " + "  ".join(f"{n:>28}" for n, _ in parts))
    for setting in dict.fromkeys(settings):
        b, r = setting.bands
        cells = []
        for _, part in parts:
            s = score(part, setting)
            cells.append(f"P {s.precision:.3f} R {s.recall:.3f} (fp {s.fp:2d} fn {s.fn:2d})")
        mark = " <- shipped" if setting == Setting() else ""
        print(f"{setting.shingle:7d}  {setting.lsh_threshold:.1f} ({b}×{r})  "
              f"{setting.containment:7.1f}  " + "  ".join(cells) + mark)  # fmt: skip
    for name, part in parts:
        s = score(part)
        print(f"{name}: missed by kind {s.missed}, wrongly grouped {s.wrong}; translated "
              f"pairs found by text {s.translated_found}/{s.translated}")  # fmt: skip
    if SHARED.exists():
        for setting in (Setting(), Setting(2, 0.1, 0.3), Setting(5, 0.2, 0.3)):
            t0 = time.perf_counter()
            total, shared, grouped = real_pairs(setting)
            b, r = setting.bands
            print(f"real pages, shingle {setting.shingle}, {b}×{r}, containment "
                  f"{setting.containment}: {total} pairs, {shared} share a key "
                  f"({shared / total:.3%}), {len(grouped)} grouped "
                  f"({time.perf_counter() - t0:.1f} s)")  # fmt: skip
            if setting == Setting():
                for a, b_, c in grouped:
                    print(f"    {c:.2f}  {a[:48]}  {b_[:48]}")


# --- bad input ----------------------------------------------------------------------------


def big_text(mb: float, seed: int = 5) -> str:
    """``mb`` MB of distinct words in Latin, Cyrillic, Arabic and CJK, digits between."""
    rng = random.Random(seed)
    alphabets = ["abcdefghijklmnopqrstuvwxyz", "абвгдеёжзийклмнопрстуфхцчшщыэюя",
                 "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "漢字仮名交じり文新聞記事人権団体"]  # fmt: skip
    parts, size = [], 0
    while size < mb * 1_000_000:
        word = "".join(rng.choice(rng.choice(alphabets)) for _ in range(rng.randint(2, 9)))
        parts.append(word + rng.choice([" ", " 12 ", ", ", ".\n"]))
        size += len(parts[-1].encode())
    return "".join(parts)


def bad_input() -> None:
    for mb in (0.5, 5.0):
        t = big_text(mb)
        t0 = time.perf_counter()
        p = S.text_print(t)
        print(f"{mb} MB of mixed scripts: {time.perf_counter() - t0:.3f} s, "
              f"{p.size} shingles signed (the first {S.MAX_WORDS} words)")  # fmt: skip
    t = "\u0301" * 5_000_000
    t0 = time.perf_counter()
    S.text_print(t)
    print(f"5 MB of combining accents (no word): {time.perf_counter() - t0:.3f} s")


# --- cost per article ---------------------------------------------------------------------


def _seed_articles(store: Store, n: int) -> None:
    """N articles: one stored by the ORM, copied by SQL with new URLs and ids 2..N."""
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    with store.session() as session:
        dialect = session.get_bind().dialect.name
        session.execute(text(
            "INSERT INTO outlets (key, name, base_url, language, spider) "
            "VALUES ('bench', 'Bench', 'https://bench.example', 'en', 'pangea')"
        ))  # fmt: skip
        outlet = session.execute(text("SELECT id FROM outlets WHERE key = 'bench'")).scalar_one()
        session.add(
            ArticleRow(
                id=1, outlet_id=outlet, url="https://bench.example/a/1", title="t",
                canonical_url="https://bench.example/a/1", content_hash="0" * 64,
                first_seen=fetched, last_fetched=fetched, last_changed=fetched, story_id=1,
            )
        )  # fmt: skip
        session.commit()
        cols = [c.name for c in ArticleRow.__table__.columns if c.name != "id"]
        copied = {"url": "url || i", "canonical_url": "canonical_url || i", "story_id": "i"}
        select_cols = ", ".join(copied.get(c, c) for c in cols)
        if dialect == "sqlite":
            series = "WITH RECURSIVE s(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM s WHERE i < :n) "
            source = "s, (SELECT * FROM articles WHERE id = 1) a"
            sql = (f"{series}INSERT INTO articles (id, {', '.join(cols)}) "
                   f"SELECT i, {select_cols} FROM {source}")  # fmt: skip
        else:
            source = "generate_series(2, :n) AS s(i), (SELECT * FROM articles WHERE id = 1) a"
            sql = (f"INSERT INTO articles (id, {', '.join(cols)}) SELECT i, {select_cols} "
                   f"FROM {source}")  # fmt: skip
        session.execute(text(sql), {"n": n})
        if dialect == "postgresql":
            session.execute(text("SELECT setval(pg_get_serial_sequence('articles', 'id'), :n)"),
                            {"n": n})  # fmt: skip
        session.commit()


def _seed_bands(store: Store, n: int, rng: np.random.Generator) -> np.ndarray:
    """Random band keys for articles 1..N, inserted in key order; the keys, [article, band]."""
    keys = rng.integers(-(2**63), 2**63 - 1, size=(n, S.BANDS), dtype=np.int64)
    hot = rng.random(size=keys.shape) < HOT_SHARE  # boilerplate: a few keys very common
    keys[hot] = HOT_KEYS[rng.integers(0, len(HOT_KEYS), size=int(hot.sum()))]
    ids = np.arange(1, n + 1, dtype=np.int64)
    with store.engine.connect() as conn:
        dialect = conn.dialect.name
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cur = raw.cursor()
        if dialect == "sqlite":  # the store's connections leave transactions to SQLAlchemy
            cur.execute("BEGIN")
        cur.execute("DROP INDEX ix_story_bands_article_id")
        for band in range(S.BANDS):
            order = np.argsort(keys[:, band], kind="stable")
            rows = list(zip(itertools.repeat(band), keys[order, band].tolist(),
                            ids[order].tolist(), strict=False))  # fmt: skip
            if dialect == "sqlite":
                cur.executemany("INSERT INTO story_bands VALUES (?, ?, ?)", rows)
            else:
                with cur.copy("COPY story_bands (band, key, article_id) FROM STDIN") as cp:
                    for row in rows:
                        cp.write_row(row)
        cur.execute("CREATE INDEX ix_story_bands_article_id ON story_bands (article_id)")
        raw.commit()
    return keys


@dataclass(frozen=True)
class _Probe:
    signature: bytes
    size: int
    bands: tuple[int, ...]
    url_key: int | None = None
    sources: tuple[int, ...] = ()
    link_days: int = S.LINK_DAYS

    def same_story(self, signature: bytes, size: int) -> bool:
        return S.same_story(self.signature, self.size, signature, size)


def _probe_cost(store: Store, n: int, keys: np.ndarray, rng: np.random.Generator) -> list[float]:
    """Seconds per new article grouped (``assign``), PROBES articles, half of them copies."""
    fetched = datetime(2026, 1, 2, tzinfo=UTC)
    times: list[float] = []
    with store.session() as session:
        outlet = session.execute(text("SELECT id FROM outlets WHERE key = 'bench'")).scalar_one()
        for i in range(PROBES):
            row = ArticleRow(
                outlet_id=outlet, url=f"https://bench.example/p/{i}", title="p",
                canonical_url=f"https://bench.example/p/{i}", content_hash="1" * 64,
                first_seen=fetched, last_fetched=fetched, last_changed=fetched,
            )  # fmt: skip
            session.add(row)
            session.flush()
            sig = rng.integers(0, 2**32 - 1, size=S.NUM_PERM, dtype=np.uint32).tobytes()
            if i % 2:  # a copy of a stored article: its keys, the same signature
                j = int(rng.integers(0, n))
                session.execute(
                    text("UPDATE articles SET story_signature = :s, story_size = 100 "
                         "WHERE id = :id"), {"s": sig, "id": j + 1},
                )  # fmt: skip
                probe = _Probe(sig, 100, tuple(int(k) for k in keys[j]))
            else:
                fresh = rng.integers(-(2**63), 2**63 - 1, size=S.BANDS, dtype=np.int64)
                fresh[:3] = HOT_KEYS[rng.integers(0, len(HOT_KEYS), size=3)]  # 3 common keys
                probe = _Probe(sig, 100, tuple(int(k) for k in fresh))
            t0 = time.perf_counter()
            story = assign(session, row, probe)
            times.append(time.perf_counter() - t0)
            assert (story != row.id) == bool(i % 2), (i, story, row.id)
            if i % BATCH == BATCH - 1:
                session.commit()
        session.commit()
    return times


def cost(sizes: Sequence[int], postgres: bool) -> None:
    backends = ["sqlite"] + (["postgresql"] if postgres else [])
    print(f"bands per article: {S.BANDS} (rows {S.ROWS}); {PROBES} new articles per size, "
          f"committed {BATCH} at a time")  # fmt: skip
    for backend in backends:
        for n in sizes:
            rng = np.random.default_rng(n)
            tmp = Path(tempfile.mkdtemp(prefix="bench-stories-"))
            schema = f"bench_stories_{n}"
            try:
                if backend == "sqlite":
                    store = open_store(f"sqlite:///{tmp / 'store.db'}")
                else:
                    store = _pg_store(schema)
                t0 = time.perf_counter()
                _seed_articles(store, n)
                keys = _seed_bands(store, n, rng)
                build = time.perf_counter() - t0
                size = _size(store, tmp)
                times = sorted(_probe_cost(store, n, keys, rng))
                med = statistics.median(times) * 1000
                p95 = times[int(len(times) * 0.95)] * 1000
                print(f"{backend:10s} {n:>9,} articles ({n * S.BANDS:,} band rows, built "
                      f"{build:.0f} s, {size}): {med:.2f} ms median, {p95:.2f} ms p95 "
                      f"a new article")  # fmt: skip
                store.engine.dispose()
            finally:
                if backend == "postgresql":
                    _drop_schema(schema)
                shutil.rmtree(tmp, ignore_errors=True)


def _size(store: Store, tmp: Path) -> str:
    if store.engine.dialect.name == "sqlite":
        total = sum(p.stat().st_size for p in tmp.iterdir())
    else:
        with store.engine.connect() as conn:
            total = conn.execute(text("SELECT pg_total_relation_size('story_bands')")).scalar_one()
    return f"{total / 1e6:.0f} MB" + (" (story_bands)" if store.engine.dialect.name != "sqlite"
                                       else " (the file)")  # fmt: skip


def _pg_store(schema: str) -> Store:
    from sqlalchemy import create_engine

    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return open_store(url.render_as_string(hide_password=False))


def _drop_schema(schema: str) -> None:
    from sqlalchemy import create_engine

    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.stories", description=__doc__.split("\n")[0])
    p.add_argument("--held-back", action="store_true", help="score the held-back pairs too")
    p.add_argument("--sizes", default="10000,100000", help="store sizes, comma-separated")
    p.add_argument("--postgres", action="store_true", help="also on PostgreSQL (test database)")
    p.add_argument("--skip-quality", action="store_true")
    p.add_argument("--skip-cost", action="store_true")
    args = p.parse_args(list(argv) if argv is not None else None)
    if not args.skip_quality:
        quality(args.held_back)
        bad_input()
    if not args.skip_cost:
        cost([int(s) for s in args.sizes.split(",") if s], args.postgres)
    return 0


if __name__ == "__main__":
    sys.exit(main())
