"""Extraction benchmark: csowatch ``extract_article`` beside bare trafilatura, field by field.

Sets (read from ``<repo>/../shared/data/extraction/``, never copied into the repo, plus the
project's own pages in ``tests/data/extraction_own/``):

- ``scrapinghub`` (181 pages, mostly English) and ``daniel-ru`` (266 Russian pages): the body,
  scored with the benchmark's shingle metric (``bench.metrics``): precision, recall, F1;
- ``metadata-dev`` (743 pages, mostly German and English): publication date (same day), author
  recall and title exact match, scored with the set's own ``score.py`` over the values the pages
  do not dispute; reported whole and in two halves split by a hash of the page id (``tune``: the
  half the rules were tuned on, ``confirm``: the held-out half);
- ``own`` (the project's Russian and Ukrainian pages): the same metadata fields.

Each page goes through the production path, ``extract_article(html_bytes, url)``, and through
``trafilatura.bare_extraction(html_bytes, url=url, with_metadata=True)``. A page that
``extract_article`` rejects (``ExtractionError``) scores as empty on every field.

    python -m bench.extraction                          # every set, 2 worker processes
    python -m bench.extraction --corpus metadata-dev --worst 20
    python -m bench.extraction --corpus daniel-ru --jobs 1 --no-bare     # timing only ours

Speed is pages per second per core: 1 / the mean CPU time (``time.process_time``) of one
``extract_article`` call (decode, parse, every field), measured inside the worker, so neither
``--jobs`` nor other load on a shared machine changes it (much: a busy machine's caches still
slow both). Half the pages run bare trafilatura first (``bare_first``), so that neither side
gets the caches the other filled on every page.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import trafilatura

from bench.metrics import CorpusScore, DocScore, aggregate, bootstrap_f1_std, score_document
from pipelines.extract import ExtractionError, extract_article

BODY_SETS = ("scrapinghub", "daniel-ru")
META_SETS = ("metadata-dev", "own")
CORPORA = (*BODY_SETS, *META_SETS)
REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction"
OWN_DATA = REPO / "tests" / "data" / "extraction_own"
META_FIELDS = ("date", "authors", "title")
HALVES = ("tune", "confirm")


def half_of(doc_id: str) -> str:
    """The deterministic half of metadata-dev a page belongs to (first byte of its SHA-1)."""
    return HALVES[hashlib.sha1(doc_id.encode("utf-8")).digest()[0] % 2]


@dataclass(frozen=True)
class Prediction:
    title: str | None = None
    date: str | None = None  # the day as the page gives it (its own offset)
    date_utc: str | None = None  # the UTC day (what the store and the digest use)
    authors: tuple[str, ...] = ()
    text: str = ""
    seconds: float = 0.0
    error: str | None = None
    notes: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()  # (field, cascade source) for csowatch

    def as_score_input(self) -> dict[str, Any]:
        return {"title": self.title, "date": self.date, "authors": list(self.authors)}


@dataclass(frozen=True)
class PageResult:
    doc_id: str
    ours: Prediction
    bare: Prediction | None


@dataclass
class CorpusRun:
    corpus: str
    n: int
    score: CorpusScore | None  # body score of csowatch (body sets)
    bare_score: CorpusScore | None
    docs: dict[str, DocScore]
    bare_docs: dict[str, DocScore]
    # metadata sets: {part: {field: (csowatch share, bare share, n)}}, part in all/tune/confirm
    fields: dict[str, dict[str, tuple[float, float | None, int]]] = field(default_factory=dict)
    per_page: dict[str, dict[str, Any]] = field(default_factory=dict)  # score.py rows
    bare_per_page: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: dict[str, PageResult] = field(default_factory=dict)
    ms_per_page: float = 0.0
    bare_ms_per_page: float | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def pages_per_second(self) -> float:
        return 1000.0 / self.ms_per_page if self.ms_per_page else 0.0


def load_corpus(corpus_dir: Path) -> dict[str, dict[str, str]]:
    """{doc id: {"articleBody": ..., "url": ...}} from a body corpus's ground-truth.json."""
    with open(corpus_dir / "ground-truth.json", encoding="utf-8") as handle:
        return json.load(handle)


def load_truth(corpus_dir: Path) -> list[dict[str, Any]]:
    """The truth.jsonl rows of a metadata set."""
    with open(corpus_dir / "truth.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_scorer(data: Path = DEFAULT_DATA) -> ModuleType:
    """metadata-dev's own ``score.py`` (standard library only), read from the shared folder."""
    path = data / "metadata-dev" / "score.py"
    spec = importlib.util.spec_from_file_location("metadata_dev_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_url(entry: dict[str, str]) -> str:
    return entry.get("url") or f"http://{entry.get('domain', 'example.invalid')}/"


def _day(value: Any) -> str | None:
    return value.strftime("%Y-%m-%d") if value is not None else None


def run_ours(data: bytes, url: str) -> Prediction:
    start = time.process_time()
    try:
        article = extract_article(data, url)
    except ExtractionError as failure:
        return Prediction(seconds=time.process_time() - start, error=failure.reason)
    seconds = time.process_time() - start
    local = getattr(article, "published_local", None) or article.published
    return Prediction(
        title=article.title or None,
        date=_day(local),
        date_utc=_day(article.published),
        authors=tuple(article.authors),
        text=article.text,
        seconds=seconds,
        notes=tuple(article.extraction_notes),
        sources=tuple(sorted(article.field_sources.items())),
    )


def run_bare(data: bytes, url: str) -> Prediction:
    start = time.process_time()
    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True)
    except Exception as failure:  # noqa: BLE001 - a crash of the reference counts as empty
        return Prediction(seconds=time.process_time() - start, error=type(failure).__name__)
    seconds = time.process_time() - start
    if doc is None:
        return Prediction(seconds=seconds, error="none")
    found = doc if isinstance(doc, dict) else doc.as_dict()
    author = found.get("author") or ""
    return Prediction(
        title=found.get("title"),
        date=found.get("date"),
        date_utc=found.get("date"),
        authors=tuple(a.strip() for a in author.split(";") if a.strip()),
        text=found.get("text") or "",
        seconds=seconds,
    )


def bare_first(doc_id: str) -> bool:
    """Half the pages (by the second byte of the SHA-1 of their id) run bare trafilatura first.

    The second extractor on a page finds the caches the first one filled (trafilatura's and
    htmldate's memoised string helpers): always running csowatch first charged it ~10% more
    CPU time than bare trafilatura on the same pages (ScrapingHub, 181 pages: 79.3 against
    63.0 ms run second, 77.7 against 68.5 ms run first)."""
    return hashlib.sha1(doc_id.encode("utf-8")).digest()[1] % 2 == 1


def extract_page(job: tuple[Path, str, str, bool]) -> PageResult:
    """Both extractors on one stored page (gzipped or not), in alternating order."""
    path, doc_id, url, with_bare = job
    raw = path.read_bytes()
    data = gzip.decompress(raw) if path.suffix == ".gz" else raw
    if not with_bare:
        return PageResult(doc_id, run_ours(data, url), None)
    if bare_first(doc_id):
        bare = run_bare(data, url)
        return PageResult(doc_id, run_ours(data, url), bare)
    ours = run_ours(data, url)
    return PageResult(doc_id, ours, run_bare(data, url))


def _map(work: list[tuple[Path, str, str, bool]], jobs: int) -> list[PageResult]:
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(extract_page, work, chunksize=8))
    return [extract_page(job) for job in work]


def _mean_ms(seconds: list[float]) -> float:
    return 1000 * sum(seconds) / max(1, len(seconds))


def run_corpus(corpus_dir: Path, jobs: int = 1, *, bare: bool = True) -> CorpusRun:
    """Extract and score every page of one set (body or metadata, by what the folder holds)."""
    if (corpus_dir / "truth.jsonl").is_file():
        return _run_metadata(corpus_dir, jobs, bare=bare)
    truth = load_corpus(corpus_dir)
    work = [
        (corpus_dir / "html" / f"{doc_id}.html.gz", doc_id, page_url(entry), bare)
        for doc_id, entry in truth.items()
    ]
    results = _map(work, jobs)
    docs = {r.doc_id: score_document(truth[r.doc_id]["articleBody"], r.ours.text) for r in results}
    bare_docs = {
        r.doc_id: score_document(truth[r.doc_id]["articleBody"], r.bare.text)
        for r in results
        if r.bare is not None
    }
    return CorpusRun(
        corpus=corpus_dir.name,
        n=len(results),
        score=aggregate(docs.values()),
        bare_score=aggregate(bare_docs.values()) if bare_docs else None,
        docs=docs,
        bare_docs=bare_docs,
        results={r.doc_id: r for r in results},
        ms_per_page=_mean_ms([r.ours.seconds for r in results]),
        bare_ms_per_page=_mean_ms([r.bare.seconds for r in results if r.bare]) if bare else None,
        errors={r.doc_id: r.ours.error for r in results if r.ours.error},
    )


def _undisputed(row: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """score.py's rule: drop the fields whose truth the page itself disputes."""
    disputed = row.get("disputed") or {}
    return {k: v for k, v in result.items() if {"date": "date_published"}.get(k, k) not in disputed}


def _shares(rows: list[dict[str, Any]]) -> dict[str, tuple[float, int]]:
    """{field: (share, n)}: date same-day, author recall (over names), title exact."""
    out: dict[str, tuple[float, int]] = {}
    dates = [r["date"]["ok"] for r in rows if "date" in r]
    out["date"] = (sum(dates) / max(1, len(dates)), len(dates))
    names = sum(r["authors"]["n"] for r in rows if "authors" in r)
    found = sum(r["authors"]["found"] for r in rows if "authors" in r)
    out["authors"] = (found / max(1, names), names)
    titles = [r["title"]["ok"] for r in rows if "title" in r]
    out["title"] = (sum(titles) / max(1, len(titles)), len(titles))
    return out


def _run_metadata(corpus_dir: Path, jobs: int, *, bare: bool) -> CorpusRun:
    scorer = load_scorer(DEFAULT_DATA)
    truth = load_truth(corpus_dir)
    by_id = {row["id"]: row for row in truth}
    work = []
    for row in truth:
        path = corpus_dir / "html" / f"{row['id']}.html.gz"
        if not path.exists():
            path = corpus_dir / "html" / f"{row['id']}.html"
        work.append((path, row["id"], row.get("url") or "", bare))
    results = _map(work, jobs)

    def scored(doc_id: str, prediction: Prediction) -> dict[str, Any]:
        row = by_id[doc_id]
        return _undisputed(row, scorer.score_page(row, prediction.as_score_input()))

    ours = {r.doc_id: scored(r.doc_id, r.ours) for r in results}
    theirs = {r.doc_id: scored(r.doc_id, r.bare) for r in results if r.bare is not None}
    parts: dict[str, list[str]] = {"all": list(ours)}
    if corpus_dir.name == "metadata-dev":
        for name in HALVES:
            parts[name] = [i for i in ours if half_of(i) == name]
    fields: dict[str, dict[str, tuple[float, float | None, int]]] = {}
    for part, ids in parts.items():
        mine = _shares([ours[i] for i in ids])
        other = _shares([theirs[i] for i in ids]) if theirs else None
        fields[part] = {
            f: (mine[f][0], other[f][0] if other else None, mine[f][1]) for f in META_FIELDS
        }
    return CorpusRun(
        corpus=corpus_dir.name,
        n=len(results),
        score=None,
        bare_score=None,
        docs={},
        bare_docs={},
        fields=fields,
        per_page=ours,
        bare_per_page=theirs,
        results={r.doc_id: r for r in results},
        ms_per_page=_mean_ms([r.ours.seconds for r in results]),
        bare_ms_per_page=_mean_ms([r.bare.seconds for r in results if r.bare]) if bare else None,
        errors={r.doc_id: r.ours.error for r in results if r.ours.error},
    )


def _f1(doc: DocScore) -> float:
    return 2 * doc.tp / (2 * doc.tp + doc.fp + doc.fn) if doc.tp else 0.0


def _page_ok(result: dict[str, Any], name: str) -> float:
    value = result[name]
    if name == "authors":
        return value["found"] / max(1, value["n"])
    return float(value["ok"])


def losses(run: CorpusRun) -> list[tuple[str, str, float, str]]:
    """(doc id, field, how much csowatch loses, detail) where bare trafilatura does better."""
    found: list[tuple[str, str, float, str]] = []
    for doc_id, doc in run.docs.items():
        theirs = run.bare_docs.get(doc_id)
        if theirs is not None and _f1(theirs) > _f1(doc):
            found.append(
                (doc_id, "body", _f1(theirs) - _f1(doc), f"F1 {_f1(doc):.2f} < {_f1(theirs):.2f}")
            )
    for doc_id, mine in run.per_page.items():
        theirs_page = run.bare_per_page.get(doc_id, {})
        for name in META_FIELDS:
            if name in mine and name in theirs_page:
                loss = _page_ok(theirs_page, name) - _page_ok(mine, name)
                if loss > 0:
                    value = mine[name]
                    detail = (
                        f"gold {value['gold']!r} ours {value['pred']!r} "
                        f"bare {theirs_page[name]['pred']!r}"
                    )
                    found.append((doc_id, name, loss, detail))
    return sorted(found, key=lambda x: (-x[2], x[1], x[0]))


def _fmt(value: float | None, pct: bool) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.1f}%" if pct else f"{value:.3f}"


def table(run: CorpusRun) -> list[str]:
    """The side-by-side lines of one set."""
    lines = []
    speed = f"csowatch {run.ms_per_page:.1f} ms/page = {run.pages_per_second:.1f} pages/s/core"
    if run.bare_ms_per_page:
        speed += f"; bare {run.bare_ms_per_page:.1f} ms/page"
    lines.append(f"{run.corpus}: {run.n} pages, {len(run.errors)} rejected; {speed}")
    lines.append(f"  {'part':<8} {'field':<18} {'n':>5} {'bare':>8} {'csowatch':>9} {'delta':>7}")
    rows: list[tuple[str, str, int, float | None, float, bool]] = []
    if run.score is not None:
        b = run.bare_score
        for name, mine, theirs in (
            ("body F1", run.score.f1, b.f1 if b else None),
            ("body precision", run.score.precision, b.precision if b else None),
            ("body recall", run.score.recall, b.recall if b else None),
        ):
            rows.append(("all", name, run.score.n, theirs, mine, False))
    labels = {"date": "date same-day", "authors": "author recall", "title": "title exact"}
    for part, values in run.fields.items():
        for name in META_FIELDS:
            mine, theirs, n = values[name]
            rows.append((part, labels[name], n, theirs, mine, True))
    for part, name, n, theirs, mine, pct in rows:
        delta = "" if theirs is None else f"{(mine - theirs) * (100 if pct else 1):+.1f}"
        if not pct and theirs is not None:
            delta = f"{mine - theirs:+.3f}"
        lines.append(
            f"  {part:<8} {name:<18} {n:>5} {_fmt(theirs, pct):>8} {_fmt(mine, pct):>9} {delta:>7}"
        )
    return lines


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction data folder")
    parser.add_argument("--corpus", choices=CORPORA, action="append", help="default: every set")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--worst", type=int, default=0, help="list N pages where csowatch loses")
    parser.add_argument("--no-bare", action="store_true", help="skip bare trafilatura")
    parser.add_argument("--bootstrap", action="store_true", help="print the F1 ± (1000 resamples)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no benchmark data at {args.data}", file=sys.stderr)
        return 2
    for corpus in args.corpus or CORPORA:
        folder = OWN_DATA if corpus == "own" else args.data / corpus
        run = run_corpus(folder, jobs=args.jobs, bare=not args.no_bare)
        for line in table(run):
            out(line)
        if args.bootstrap and run.docs:
            out(f"  F1 ± {bootstrap_f1_std(list(run.docs.values())):.3f}")
        if args.worst:
            lost = losses(run)
            out(f"  pages where csowatch loses to bare trafilatura: {len(lost)}")
            for doc_id, name, _, detail in lost[: args.worst]:
                half = f" [{half_of(doc_id)}]" if corpus == "metadata-dev" else ""
                out(f"    {name:<7} {doc_id}{half}  {detail[:220]}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
