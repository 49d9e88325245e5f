"""Search benchmark: a synthetic store of N articles (default 1,000,000) on SQLite and
PostgreSQL; build time, index size, and latency (median, p95) of ``store.search.search``.

    python -m bench.search                      # 1,000,000 articles, both backends
    python -m bench.search --articles 20000     # a quick run
    python -m bench.search --backends sqlite --queries 300

Phases, each cached in the run directory (``bench/results/search-<N>/``), so an interrupted
run resumes: (1) generate and normalise the articles in 2 processes (``bench.search_corpus``,
``store.search_index.search_values``: the same code ``save_article`` runs), into chunk files;
(2) load SQLite: migrate a fresh file, bulk-insert, then build the FTS5 index
(``'rebuild'``) and time it; (3) load PostgreSQL into a throwaway schema with COPY, then
build the GIN index and time it; (4) run the queries, one warm-up pass, then the timed pass.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from datetime import UTC, date, datetime, timedelta
from multiprocessing import Pool
from pathlib import Path

from sqlalchemy import make_url, text

from bench.search_corpus import CSO_NAMES, OUTLETS, Generator, build_vocab
from bench.search_queries import make_queries, measure
from store.db import open_store
from store.search_index import SQLITE_DDL, SQLITE_DROP, TSV_INDEX, search_values

CHUNK = 25_000
EPOCH = date(2020, 1, 1)
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
RESULTS = Path(__file__).resolve().parent / "results"
_GEN: Generator | None = None


def _init(vocab_path: str) -> None:
    global _GEN
    _GEN = build_vocab(Path(vocab_path)) and Generator(build_vocab(Path(vocab_path)))


def _make_chunk(args: tuple[int, int, str]) -> str:
    start, count, path = args
    assert _GEN is not None
    rows = []
    for i in range(start, start + count):
        a = _GEN.article(i)
        body = "\n\n".join(a["paragraphs"])
        terms = search_values(a["title"], None, None, body)
        rows.append((a, body, terms["title_terms"], terms["body_terms"]))
    Path(path + ".tmp").write_bytes(pickle.dumps(rows, protocol=5))
    Path(path + ".tmp").rename(path)
    return path


def generate(run: Path, n: int) -> tuple[list[Path], float]:
    vocab = RESULTS / "search_vocab.json"
    build_vocab(vocab)
    jobs = []
    for c, start in enumerate(range(1, n + 1, CHUNK)):
        path = run / f"chunk_{c:04d}.pkl"
        if not path.exists():
            jobs.append((start, min(CHUNK, n + 1 - start), str(path)))
    t = time.perf_counter()
    with Pool(2, initializer=_init, initargs=(str(vocab),)) as pool:
        for done, _ in enumerate(pool.imap_unordered(_make_chunk, jobs), 1):
            print(f"  generated chunk {done}/{len(jobs)}", file=sys.stderr, flush=True)
    return sorted(run.glob("chunk_*.pkl")), time.perf_counter() - t


def _rows(chunks: list[Path]):  # type: ignore[no-untyped-def]
    for path in chunks:
        yield from pickle.loads(path.read_bytes())


def _article_tuple(a: dict, body: str, outlet_ids: dict[str, int], pg: bool) -> tuple:
    ts = datetime.combine(EPOCH + timedelta(days=a["day"]), datetime.min.time(), tzinfo=UTC)
    when = ts if pg else ts.strftime("%Y-%m-%d %H:%M:%S")
    url = f"https://{a['outlet']}.example/a/{a['id']}.html"
    paragraphs = json.dumps(a["paragraphs"], ensure_ascii=False)
    return (a["id"], outlet_ids[a["outlet"]], url, url, a["title"], "[]", when, a["lang"], "[]",
            body, paragraphs, "0" * 64, 1, when, when, when)  # fmt: skip


ARTICLE_COLS = (
    "id, outlet_id, url, canonical_url, title, authors, published, language, tags, "
    "text, paragraphs, content_hash, version, first_seen, last_fetched, last_changed"
)
MENTION_COLS = 'article_id, cso_id, surface, field, paragraph, start, "end", via, in_title, in_lead'


def _seed(store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from store import queries

    with store.transaction() as s:
        for key in OUTLETS:
            queries.upsert_outlet(s, key, key, f"https://{key}.example", None, "generic")
        queries.replace_registry(s, [{"id": c, "name": en, "aliases": {"en": [en], "ru": [ru]}}
                                     for c, en, ru in CSO_NAMES])  # fmt: skip
        rows = s.execute(text("SELECT key, id FROM outlets")).all()
    return {k: i for k, i in rows}


def load_sqlite(run: Path, chunks: list[Path]) -> dict:
    path = run / "search.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = open_store(f"sqlite:///{path}")
    outlet_ids = _seed(store)
    raw = store.engine.raw_connection()
    cur = raw.cursor()
    for stmt in SQLITE_DROP[:3]:  # the triggers: load first, index after
        cur.execute(stmt)
    t = time.perf_counter()
    cur.execute("BEGIN")
    for n, (a, body, tt, bt) in enumerate(_rows(chunks), 1):
        cur.execute(f"INSERT INTO articles ({ARTICLE_COLS}) VALUES ({','.join('?' * 16)})",
                    _article_tuple(a, body, outlet_ids, False))  # fmt: skip
        art = _article_tuple(a, body, outlet_ids, False)
        cur.execute("INSERT INTO article_search (article_id, title_terms, body_terms, outlet_id, "
                    "language, published, csos) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (a["id"], tt, bt, art[1], a["lang"], art[6], a["cso"] or ""))  # fmt: skip
        if a["cso"]:
            cur.execute(f"INSERT INTO mentions ({MENTION_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (a["id"], a["cso"], a["cso"], "body", 0, 0, 1, "name", 0, 0))  # fmt: skip
        if n % 100_000 == 0:
            cur.execute("COMMIT")
            cur.execute("BEGIN")
            print(f"  sqlite loaded {n}", file=sys.stderr, flush=True)
    cur.execute("COMMIT")
    load_s = time.perf_counter() - t
    size_before = path.stat().st_size + Path(str(path) + "-wal").stat().st_size
    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_before = path.stat().st_size
    t = time.perf_counter()
    cur.execute("BEGIN")
    cur.execute("INSERT INTO article_fts(article_fts) VALUES ('rebuild')")
    cur.execute("INSERT INTO article_fts(article_fts) VALUES ('optimize')")
    for stmt in SQLITE_DDL[1:]:
        cur.execute(stmt)
    cur.execute("COMMIT")
    cur.execute("ANALYZE")
    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    index_s = time.perf_counter() - t
    size_after = path.stat().st_size
    raw.close()
    store.close()
    return {"load_s": round(load_s, 1), "index_build_s": round(index_s, 1),
            "index_mb": round((size_after - size_before) / 2**20, 1),
            "db_mb": round(size_after / 2**20, 1)}  # fmt: skip


def pg_url(schema: str) -> str:
    return make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}) \
        .render_as_string(hide_password=False)  # fmt: skip


def load_pg(chunks: list[Path], schema: str) -> dict:
    from sqlalchemy import create_engine

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    store = open_store(pg_url(schema))
    outlet_ids = _seed(store)
    raw = store.engine.raw_connection()
    cur = raw.cursor()
    cur.execute(f"DROP INDEX {TSV_INDEX}")
    t = time.perf_counter()
    with cur.copy(f"COPY articles ({ARTICLE_COLS}) FROM STDIN") as cp:
        for a, body, _tt, _bt in _rows(chunks):
            cp.write_row(_article_tuple(a, body, outlet_ids, True))
    cols = "article_id, title_terms, body_terms, outlet_id, language, published, csos"
    with cur.copy(f"COPY article_search ({cols}) FROM STDIN") as cp:
        for a, body, tt, bt in _rows(chunks):
            art = _article_tuple(a, body, outlet_ids, True)
            cp.write_row((a["id"], tt, bt, art[1], a["lang"], art[6], a["cso"] or ""))
    with cur.copy(f"COPY mentions ({MENTION_COLS}) FROM STDIN") as cp:
        for a, *_ in _rows(chunks):
            if a["cso"]:
                cp.write_row((a["id"], a["cso"], a["cso"], "body", 0, 0, 1, "name", False, False))
    raw.commit()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    cur.execute("SET maintenance_work_mem = '1GB'")
    cur.execute(f"CREATE INDEX {TSV_INDEX} ON article_search USING gin (search_tsv)")
    raw.commit()
    index_s = time.perf_counter() - t
    raw.driver_connection.autocommit = True
    cur.execute("VACUUM ANALYZE")
    cur.execute(f"SELECT pg_relation_size('{TSV_INDEX}'), pg_total_relation_size('article_search')")
    idx, tbl = cur.fetchone()
    raw.close()
    store.close()
    admin.dispose()
    mb = 2**20
    return {"load_s": round(load_s, 1), "index_build_s": round(index_s, 1),
            "index_mb": round(idx / mb, 1), "article_search_mb": round(tbl / mb, 1)}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--articles", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=240)
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--run-dir", type=Path)
    args = p.parse_args(argv)
    run = args.run_dir or RESULTS / f"search-{args.articles}"
    run.mkdir(parents=True, exist_ok=True)
    state_path = run / "state.json"
    state = json.loads(state_path.read_text()) if state_path.exists() else {}

    def save() -> None:
        state_path.write_text(json.dumps(state, indent=2))

    chunks, gen_s = generate(run, args.articles)
    state.setdefault("generate_s", round(gen_s, 1))
    state["articles"] = args.articles
    save()
    queries = make_queries(args.queries)
    schema = f"bench_search_{args.articles}"
    for backend in args.backends.split(","):
        key = f"{backend}_build"
        if key not in state:
            print(f"loading {backend}…", file=sys.stderr, flush=True)
            state[key] = (
                load_sqlite(run, chunks) if backend == "sqlite" else load_pg(chunks, schema)
            )
            save()
        url = f"sqlite:///{run / 'search.db'}" if backend == "sqlite" else pg_url(schema)
        state[f"{backend}_queries"] = measure(url, queries)
        save()
        print(backend, json.dumps(state[key]), json.dumps(state[f"{backend}_queries"]), flush=True)
    print(json.dumps(state, indent=2))


if __name__ == "__main__":
    main()
