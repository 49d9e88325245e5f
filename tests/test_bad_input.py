"""Bad input gets ONE clear line on stderr and exit code 2: never a traceback, never silent loss.

Every test runs the real command (``python -m crawler``) as a child process in a scratch working
directory, as a user or cron would: a read-only store, a ``--db`` that is no URL, a store in a
missing directory, an unknown ``--cso`` / ``--outlet``, a wrong ``[digest] week_ends``. The last
test checks that the tests reading ``../shared/data`` fail in one line when it is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url

from pipelines.types import Article
from store import queries
from store.db import open_store
from tests.conftest import FETCHED_AT, REGISTRY, PostgresServer

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery\n"
WEEK = "2021-09-03"  # the Friday ending the week of the seeded article (published 2021-09-01)


def csowatch(
    cwd: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """``python -m crawler ARGS`` in ``cwd``, with no CSOWATCH_* variable from the test run."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("CSOWATCH_")}
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        cwd=cwd,
        env={**base, "PYTHONPATH": str(REPO), **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a command that exited 2 (asserted), without a traceback."""
    shown = f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == 2, shown
    assert "Traceback" not in result.stderr, shown
    lines = result.stderr.splitlines()
    assert len(lines) == 1, shown
    return lines[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A working directory with ``config/``: one outlet on a closed local port (no network)."""
    work = tmp_path / "work"
    config = work / "config"
    config.mkdir(parents=True)
    (config / "outlets.toml").write_text(
        "[outlets.rferl]\n"
        'name = "RFE/RL"\n'
        'spider = "pangea"\n'
        f'base_url = "http://127.0.0.1:{_free_port()}"\n'
        'site_url = "https://www.rferl.org"\n'
        'language = "en"\n'
        'feeds = ["/api/"]\n'
        "robots_sitemaps = false\n",
        encoding="utf-8",
    )
    shutil.copy(REPO / "config" / "settings.toml", config / "settings.toml")
    shutil.copy(REPO / "config" / "csos.yaml", config / "csos.yaml")
    return work


@pytest.fixture
def stored(work: Path, make_article: Callable[..., Article]) -> Path:
    """A migrated SQLite store (in ``work/store/``) with an outlet, three CSOs and an article
    mentioning OVD-Info; closed, so no -wal or -shm file is left beside it."""
    path = work / "store" / "csowatch.db"
    path.parent.mkdir()
    with open_store(f"sqlite:///{path}") as store, store.transaction() as session:
        queries.upsert_outlet(session, "rferl", "RFE/RL", "https://www.rferl.org", "en", "pangea")
        queries.replace_registry(session, REGISTRY)
        queries.save_article(session, make_article(), outlet_key="rferl", fetched_at=FETCHED_AT)
    assert sorted(p.name for p in path.parent.iterdir()) == ["csowatch.db"]
    return path


@contextmanager
def unwritable(*paths: Path) -> Iterator[None]:
    """Make ``paths`` unwritable for every process, root included: the tests run as root, who
    ignores permission bits, so as root the files are made immutable (``chattr +i``; the
    kernel refuses writes to them with EPERM, as a read-only mount does with EROFS)."""
    as_root = os.geteuid() == 0
    done: list[Path] = []
    try:
        for path in paths:
            if as_root:
                run = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
                if run.returncode != 0:
                    pytest.fail(f"cannot make {path} immutable: {run.stderr.strip()}")
            else:
                path.chmod(path.stat().st_mode & ~0o222)
            done.append(path)
        assert not any(os.access(p, os.W_OK) for p in paths)  # really read-only now
        yield
    finally:
        for path in reversed(done):
            if as_root:
                subprocess.run(["chattr", "-i", str(path)], check=True)
            else:
                path.chmod(path.stat().st_mode | 0o200)


# -- 1. a read-only store -------------------------------------------------------------------

WRITERS = {
    "csos import": (["csos", "import", "config/csos.yaml"], None),
    "users add": (["users", "add", "anna", "--password-stdin"], PASSWORD),
    "rematch": (["rematch"], None),
    "crawl": (["crawl", "--outlet", "rferl", "--quiet"], None),
}


@pytest.mark.parametrize("protected", ["file", "file and directory"])
@pytest.mark.parametrize("command", list(WRITERS))
def test_a_read_only_store_is_one_line(
    work: Path, stored: Path, command: str, protected: str
) -> None:
    args, stdin = WRITERS[command]
    targets = [stored] if protected == "file" else [stored, stored.parent]
    with unwritable(*targets):
        result = csowatch(work, "--db", f"sqlite:///{stored}", *args, stdin=stdin)
    line = one_line(result)
    assert line.startswith(f"csowatch: store error: {stored}: the store is read-only (the file ")
    assert line.endswith(")")
    assert "the file is not writable" in line
    directory = f"its directory {stored.parent} is not writable"
    assert (directory in line) == (protected == "file and directory"), line
    assert result.stdout == ""


def test_a_read_only_store_still_reads(work: Path, stored: Path) -> None:
    with unwritable(stored):
        listed = csowatch(work, "--db", f"sqlite:///{stored}", "csos", "list")
        found = csowatch(work, "--db", f"sqlite:///{stored}", "search", "detained")
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [
        "gulagu-net",
        "memorial",
        "ovd-info",
    ]
    assert found.returncode == 0, found.stderr
    assert "Dozens Detained At Moscow Protest" in found.stdout


@pytest.mark.postgres
def test_a_read_only_postgres_store_is_one_line(work: Path, pg_server: PostgresServer) -> None:
    schema, url = pg_server.new_schema()
    try:
        open_store(url).close()  # migrated while writable
        options = f"-csearch_path={schema} -cdefault_transaction_read_only=on"
        read_only = make_url(url).update_query_dict({"options": options})
        result = csowatch(
            work, "--db", read_only.render_as_string(hide_password=False),
            "users", "add", "anna", "--password-stdin", stdin=PASSWORD,
        )  # fmt: skip
        line = one_line(result)
        assert line.startswith("csowatch: store error: postgresql+psycopg://postgres@127.0.0.1")
        assert line.endswith(
            ": the store is read-only (cannot execute INSERT in a read-only transaction)"
        )
    finally:
        pg_server.drop_schema(schema)


# -- 2. a --db value that is neither a URL nor a SQLite file path ---------------------------

BAD_URL = (
    "csowatch: store error: bad database URL 'notaurl': "
    "use sqlite:///path/to/file.db or postgresql://user@host/db"
)


@pytest.mark.parametrize("given", ["--db", "CSOWATCH_DATABASE_URL"])
def test_a_db_value_that_is_no_url_creates_nothing(work: Path, given: str) -> None:
    if given == "--db":
        result = csowatch(work, "--db", "notaurl", "users", "list")
    else:
        result = csowatch(work, "users", "list", env={"CSOWATCH_DATABASE_URL": "notaurl"})
    assert one_line(result) == BAD_URL
    assert sorted(p.name for p in work.iterdir()) == ["config"]  # no `notaurl`, no data/


@pytest.mark.parametrize("value", ["store.sqlite", "./plain"])
def test_a_bare_sqlite_path_is_still_a_store(work: Path, value: str) -> None:
    result = csowatch(work, "--db", value, "users", "list")
    assert result.returncode == 0, result.stderr
    assert (work / value).is_file()


# -- 3. a store in a missing directory ------------------------------------------------------


@pytest.mark.parametrize("form", ["sqlite URL", "bare path"])
def test_a_store_in_a_missing_directory_is_refused(work: Path, form: str) -> None:
    missing = work / "no" / "such" / "dir"
    value = f"sqlite:///{missing}/x.db" if form == "sqlite URL" else "no/such/dir/x.db"
    result = csowatch(work, "--db", value, "users", "list")
    assert one_line(result) == f"csowatch: store error: directory {missing} does not exist"
    assert not (work / "no").exists()


def test_only_the_default_store_gets_its_directory(work: Path) -> None:
    result = csowatch(work, "users", "list")  # the default: data/csowatch.db under the cwd
    assert result.returncode == 0, result.stderr
    assert (work / "data" / "csowatch.db").is_file()


# -- 4. an unknown --cso or --outlet --------------------------------------------------------

CSO_FILTERS = {
    "search": ["search", "detained"],
    "export": ["export", "mentions", "--format", "csv"],
    "clippings": ["clippings", "--week", WEEK],
    "digest": ["digest", "--week", WEEK],
    "trend": ["trend"],
}


@pytest.mark.parametrize("command", list(CSO_FILTERS))
def test_an_unknown_cso_is_an_error_not_an_empty_result(
    work: Path, stored: Path, command: str
) -> None:
    db = ["--db", f"sqlite:///{stored}"]
    result = csowatch(work, *db, *CSO_FILTERS[command], "--cso", "nosuch")
    assert one_line(result) == "csowatch: unknown CSO 'nosuch' (see csowatch csos list)"
    assert result.stdout == ""
    known = csowatch(work, *db, *CSO_FILTERS[command], "--cso", "ovd-info")
    assert known.returncode == 0, known.stderr
    assert known.stdout


def test_an_unknown_outlet_is_an_error_not_an_empty_result(work: Path, stored: Path) -> None:
    db = ["--db", f"sqlite:///{stored}"]
    result = csowatch(work, *db, "search", "detained", "--outlet", "nosuch")
    assert one_line(result) == "csowatch: unknown outlet 'nosuch' (known: rferl)"
    assert result.stdout == ""
    known = csowatch(work, *db, "search", "detained", "--outlet", "rferl")
    assert known.returncode == 0, known.stderr
    assert "Dozens Detained At Moscow Protest" in known.stdout


# -- 5. a wrong [digest] week_ends ----------------------------------------------------------


def _week_ends(work: Path, value: str) -> int:
    """Set ``[digest] week_ends`` in work/config/settings.toml; returns its line number."""
    path = work / "config" / "settings.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("week_ends ="))
    lines[n] = f'week_ends = "{value}"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n + 1


CONFIG_READERS = {
    "clippings": ["clippings", "--week", WEEK],
    "digest": ["digest", "--week", WEEK, "--cso", "ovd-info"],
    "trend": ["trend", "--cso", "ovd-info"],
    "rematch": ["rematch"],
    "csos list": ["csos", "list"],
    "crawl": ["crawl", "--outlet", "rferl", "--quiet"],
    "serve": ["serve", "--port", "0"],  # the port is never reached: the config fails first
}


@pytest.mark.parametrize("command", list(CONFIG_READERS))
def test_a_wrong_week_end_stops_every_command_that_reads_the_config(
    work: Path, stored: Path, command: str
) -> None:
    line = _week_ends(work, "fryday")
    args = CONFIG_READERS[command]
    if command == "serve":
        args = ["serve", "--port", str(_free_port())]
    result = csowatch(work, "--db", f"sqlite:///{stored}", *args, timeout=60)
    assert one_line(result) == (
        f"csowatch: configuration error: config/settings.toml:{line}: field 'digest.week_ends': "
        "must be a weekday (monday..sunday), got 'fryday'"
    )
    assert result.stdout == ""


def test_a_week_end_is_any_weekday_in_any_case(work: Path, stored: Path) -> None:
    _week_ends(work, "Thursday")
    result = csowatch(work, "--db", f"sqlite:///{stored}", "clippings", "--week", WEEK)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "no clippings in the week ending 2021-09-09\n"


# -- 7. the shared data set beside the clone ------------------------------------------------


def test_missing_shared_data_fails_in_one_line_never_skips(tmp_path: Path) -> None:
    clone = tmp_path / "clone"  # no tmp_path/shared beside it
    (clone / "tests").mkdir(parents=True)
    shutil.copy(REPO / "tests" / "conftest.py", clone / "tests" / "conftest.py")
    (clone / "tests" / "test_reads_shared.py").write_text(
        "def test_reads_shared(shared_data):\n    assert shared_data.is_dir()\n", encoding="utf-8"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests"],
        cwd=clone,
        env={**base, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    message = (
        f"../shared/data is missing ({tmp_path / 'shared' / 'data'}): the tests read the "
        "shared data set from beside the clone (see README Requirements)"
    )
    assert message in out.splitlines(), out
    assert "Traceback" not in out and "skipped" not in out
    assert out.splitlines()[-1].startswith("1 error"), out
