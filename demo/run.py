"""``make demo``: serve the bundled sample week on 127.0.0.1, crawl it, show what was stored."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from demo.articles import sample_specs
from demo.mirror import REPO, start_servers, write_config


def main() -> int:
    data = REPO / "data" / "demo"
    data.mkdir(parents=True, exist_ok=True)
    db = data / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    env = {**os.environ, "CSOWATCH_DATABASE_URL": f"sqlite:///{db}"}
    specs = sample_specs()
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        servers = start_servers(specs, stack)
        for key, server in servers.items():
            print(f"serving the sample {key} site on {server.url}")
        config = write_config(Path(tmp) / "config", specs, servers, archive_dir=data / "archive")
        env["CSOWATCH_CONFIG"] = str(config)
        csowatch = [sys.executable, "-m", "crawler"]

        def show(*args: str) -> int:
            print(f"\n$ csowatch {' '.join(args)}", flush=True)
            return subprocess.run([*csowatch, *args], env=env, check=False).returncode

        code = show("crawl", "--quiet", "--since", "2021-10-15", "--until", "2021-10-21")
        show("crawl", "--quiet", "--since", "2021-10-15", "--until", "2021-10-21")
        show("status", "--runs", "2")
        show("clippings", "--week", "2021-10-15")
        show("clippings", "--week", "2021-10-22")
        show("digest", "--week", "2021-10-22", "--cso", "ovd-info", "--draft")
        print(f"\nThe demo store is {db}; open it with any SQLite client.")
    return code


if __name__ == "__main__":
    sys.exit(main())
