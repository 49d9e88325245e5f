"""``csowatch worker``: take crawl jobs from the queue, one at a time, until none is left
(or, with ``wait``, for ever, as a service).

Each job runs ``python -m crawler crawl --outlet X --job N`` in a child process: Scrapy's
reactor cannot start twice in one process, and a child is what the one-machine crawl already
is (its summary lines, its exit codes, its frontier). The child gets ``PR_SET_PDEATHSIG``: if
its worker dies (``kill -9``), the kernel sends it SIGTERM, it ends gracefully as
``interrupted``, and it never goes on crawling a domain the job's retry will crawl too (the
retry would meet the host's advisory lock it still holds and wait). The child's exit code
decides: 0 done; otherwise ``crawler/cluster/queue.py:CrawlRetry``.

Beside procrastinate's worker runs a janitor, every ``heartbeat`` seconds: it puts back the
jobs of dead workers, stops this worker when no job is waiting or running anywhere (unless
``wait``), and notices a lost database: then the child is stopped (SIGTERM, SIGKILL after
``STOP_GRACE``) and the worker exits with one line; its job stays ``doing`` until another
worker (or the next ``--enqueue``) finds it stalled and puts it back.

SIGTERM/SIGINT: the signal is passed to the child (started in a session of its own, so a
terminal's Ctrl-C reaches it once), which stops gracefully; its job goes back to the queue at
once, and the worker exits 143/130.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any

import click
import procrastinate
from procrastinate.job_context import JobContext
from procrastinate.worker import Worker

from crawler.cluster.queue import (
    QUEUE_ERRORS,
    TASK,
    CrawlJob,
    CrawlRetry,
    JobFailed,
    QueueError,
    check_reachable,
    first_line,
    new_app,
    opened_app,
    retry_stalled,
    work_left,
)
from crawler.config import Config
from crawler.lock import crawl_host
from store.db import display_url

STOP_GRACE = 20.0  # seconds a child gets to stop gracefully before SIGKILL
EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}

_PR_SET_PDEATHSIG = 1


def _load_prctl() -> Any:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


_prctl = _load_prctl()  # resolved here, so the child does as little as it can before exec


def die_with_parent(parent: int, sig: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` making the child get ``sig`` when its parent dies (Linux), also when
    the parent died between fork and this call."""
    prctl = _prctl
    if prctl is None:
        return None

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, sig, 0, 0)
        if os.getppid() != parent:  # the parent is already gone
            os._exit(128 + sig)

    return preexec


def quiet_logs(verbose: bool) -> None:
    """procrastinate and psycopg's pool log through ``logging``; without a handler Python
    prints their warnings with tracebacks. One line each with ``--verbose``, else nothing:
    the worker prints what matters itself."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine("%(asctime)s %(name)s: %(message)s"))
    for name in ("procrastinate", "psycopg.pool"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler] if verbose else [logging.NullHandler()]
        logger.setLevel(logging.INFO if verbose else logging.CRITICAL)
        logger.propagate = False


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return super().format(record).splitlines()[0]


class ClusterWorker:
    """One ``csowatch worker`` process (see the module's docstring)."""

    def __init__(
        self,
        config: Config,
        database_url: str,
        *,
        wait: bool = False,
        verbose: bool = False,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        self.config = config
        self.settings = config.cluster
        self.database_url = database_url
        self.wait = wait
        self.verbose = verbose
        self.echo = echo or (lambda line: click.echo(line))
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.retry = CrawlRetry(self.settings)
        self.child: asyncio.subprocess.Process | None = None
        self.current: tuple[int, str] | None = None  # (job id, outlet) being crawled
        self.signal_received: int | None = None
        self.lost: str | None = None
        self.lost_job: tuple[int, str] | None = None  # the job running when it was lost
        self.stopping = False
        self.ran = 0
        self.failed: list[str] = []
        self._worker: Worker | None = None

    # -- the process ----------------------------------------------------------------------

    def run(self) -> int:
        """Work; returns the exit code (0; 1 a job failed for good; 130/143 a signal).
        Raises ``QueueError`` when the queue cannot be reached or is lost."""
        quiet_logs(self.verbose)
        return asyncio.run(self._main())

    async def _main(self) -> int:
        app = new_app()
        app.task(name=TASK, queue=self.settings.queue, pass_context=True, retry=self.retry)(
            _crawl_outlet
        )
        async with opened_app(self.database_url, self.settings, app):
            worker = Worker(
                app,
                queues=[self.settings.queue],
                name=self.name,
                concurrency=1,
                wait=True,
                fetch_job_polling_interval=self.settings.heartbeat,
                abort_job_polling_interval=max(self.settings.heartbeat, 5.0),
                listen_notify=True,
                delete_jobs="never",
                additional_context={"csowatch": self},
                install_signal_handlers=False,
                update_heartbeat_interval=self.settings.heartbeat,
                stalled_worker_timeout=self.settings.stalled_after,
            )
            self._worker = worker
            loop = asyncio.get_running_loop()
            loop.set_exception_handler(_queue_errors_said_once)
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, self._on_signal, sig)
            mode = "waits for work (--wait)" if self.wait else "stops when no work is left"
            self.echo(
                f"worker {self.name}: queue {self.settings.queue} on "
                f"{display_url(self.database_url)}; {mode}"
            )
            try:
                await self._supervise(app, worker)
            finally:
                for sig in (signal.SIGTERM, signal.SIGINT):
                    loop.remove_signal_handler(sig)
        if self.signal_received is not None:
            why = f"stopped by {signal.Signals(self.signal_received).name}"
        else:
            why = "stopped" if self.wait else "no work left"
        self.echo(
            f"worker {self.name}: {why}; {self.ran} job(s) run, {len(self.failed)} failed for "
            "good" + (f" ({', '.join(self.failed)})" if self.failed else "")
        )
        if self.signal_received is not None:
            return EXIT_SIGNAL.get(signal.Signals(self.signal_received), 128)
        return 1 if self.failed else 0

    async def _supervise(self, app: procrastinate.App, worker: Worker) -> None:
        run = asyncio.create_task(worker.run(), name="procrastinate worker")
        janitor = asyncio.create_task(self._janitor(app, worker), name="csowatch janitor")
        done, _ = await asyncio.wait({run, janitor}, return_when=asyncio.FIRST_COMPLETED)
        if janitor in done:
            janitor.result()
            if self.lost is not None:
                await self._give_up(run)
            else:
                await run  # stopped on purpose: it ends with the running job
        else:
            janitor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await janitor
            error = run.exception()
            if error is not None and not isinstance(error, QUEUE_ERRORS):
                raise error
            if error is not None or not self.stopping:
                # procrastinate stops its worker when a side task (heartbeat, listener)
                # fails: the connection is gone
                self.lost = first_line(error) if error else "the worker's connection failed"
                self.lost_job = self.lost_job or self.current
                await self._stop_child()
        if self.lost is not None:
            self.lost = await self._why_lost(self.lost)
            raise QueueError(self._lost_line())

    async def _why_lost(self, seen: str) -> str:
        """The server's own word (refused, unknown host, shut down) rather than the pool's
        "couldn't get a connection after 2 sec", when a fresh connection says more."""
        try:
            await check_reachable(self.database_url, self.settings)
        except QueueError as exc:
            return str(exc).split(": ", 1)[1] if ": " in str(exc) else seen
        return seen

    async def _give_up(self, run: asyncio.Task[Any]) -> None:
        """The database is gone: the child is stopped, the worker too (as far as it can
        without its database), and the job is left to the stalled-job check."""
        await self._stop_child()
        try:
            await asyncio.wait_for(run, timeout=self.settings.heartbeat + 10)
        except TimeoutError:
            pass
        except BaseException:  # noqa: BLE001 - its own errors say the same: the queue is gone
            pass
        if not run.done():
            run.cancel()
            with contextlib.suppress(BaseException):
                await run

    def _lost_line(self) -> str:
        lost = self.lost_job
        job = (
            f"; job {lost[0]} ({lost[1]}) goes back to the queue when a worker or csowatch "
            f"crawl --enqueue finds it stalled ({self.settings.stalled_after:g} s without "
            "heartbeat)"
            if lost
            else ""
        )
        return f"lost the queue's PostgreSQL at {display_url(self.database_url)}: {self.lost}{job}"

    async def _janitor(self, app: procrastinate.App, worker: Worker) -> None:
        while True:
            try:
                for job_id, outlet in await retry_stalled(app, self.settings):
                    self.echo(
                        f"job {job_id} {outlet}: its worker sent no heartbeat for "
                        f"{self.settings.stalled_after:g} s: back in the queue"
                    )
                if not self.wait and not self.stopping and await work_left(app, self.settings) == 0:
                    self.stopping = True
                    worker.stop()
                    return
            except QUEUE_ERRORS as exc:
                self.lost, self.lost_job = first_line(exc), self.current
                worker.stop()
                return
            await asyncio.sleep(self.settings.heartbeat)

    def _on_signal(self, signum: int) -> None:
        if self.signal_received is None:
            self.signal_received = signum
        self.stopping = True
        child = self.child
        if child is not None and child.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signum)  # the crawl stops gracefully; its job goes back
        if self._worker is not None:
            self._worker.stop()

    async def _stop_child(self) -> None:
        """SIGTERM, then SIGKILL: after ``STOP_GRACE`` s, or half ``stalled_after`` when the
        database is lost (the crawl cannot write anyway, and the job's retry is due)."""
        child = self.child
        if child is None or child.returncode is not None:
            return
        grace = (
            STOP_GRACE if self.lost is None else min(STOP_GRACE, self.settings.stalled_after / 2)
        )
        with contextlib.suppress(ProcessLookupError):
            child.terminate()
        try:
            await asyncio.wait_for(child.wait(), timeout=grace)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            await child.wait()

    # -- one job ----------------------------------------------------------------------------

    async def run_job(self, context: JobContext) -> str:
        job = context.job
        assert job.id is not None
        outlet = self.config.outlets.get(str(job.task_kwargs.get("outlet")))
        if outlet is None:
            failed = JobFailed(2, str(job.task_kwargs.get("outlet")))
            self.failed.append(f"job {job.id} {failed.outlet}")
            self.echo(f"job {job.id}: no outlet {failed.outlet!r} in this worker's outlets.toml")
            raise failed
        spec = CrawlJob.from_args(crawl_host(outlet.base_url), job.task_kwargs)
        if self.stopping:  # fetched as we were asked to stop: straight back
            code = EXIT_SIGNAL.get(signal.Signals(self.signal_received or signal.SIGTERM), 143)
            raise JobFailed(code, spec.outlet)
        command = [sys.executable, "-m", "crawler", "crawl", "--outlet", spec.outlet]
        command += ["--job", str(job.id), *spec.crawl_args()]
        command.append("--verbose" if self.verbose else "--quiet")
        env = {
            **os.environ,
            "CSOWATCH_CONFIG": str(self.config.directory.resolve()),
            "CSOWATCH_DATABASE_URL": self.database_url,
        }
        self.echo(
            f"job {job.id} {spec.outlet} ({spec.window}): started by {self.name}, "
            f"attempt {job.attempts + 1}"
        )
        self.current = (job.id, spec.outlet)
        self.ran += 1
        try:
            self.child = await asyncio.create_subprocess_exec(
                *command,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                preexec_fn=die_with_parent(os.getpid()),
                start_new_session=True,
            )
            code = await self.child.wait()
        except asyncio.CancelledError:
            await self._stop_child()
            raise
        finally:
            self.child, self.current = None, None
        if code == 0:
            self.echo(f"job {job.id} {spec.outlet}: done")
            return "ok"
        failure = JobFailed(code, spec.outlet)
        decision = self.retry.get_retry_decision(exception=failure, job=job)
        if decision is None:
            self.failed.append(f"job {job.id} {spec.outlet}")
            self.echo(f"job {job.id} {spec.outlet}: {failure}; failed for good")
        else:
            self.echo(f"job {job.id} {spec.outlet}: {failure}; {_when(decision)}")
        raise failure


def _queue_errors_said_once(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """A job task whose status could not be written when the database went away ends with
    that error, which nobody awaits: the worker says so in its one line, not asyncio with a
    traceback. Anything else is asyncio's as usual."""
    if isinstance(context.get("exception"), QUEUE_ERRORS):
        return
    loop.default_exception_handler(context)


def _when(decision: procrastinate.RetryDecision) -> str:
    if decision.retry_at is None:
        return "back in the queue"
    from procrastinate import utils

    seconds = max(0.0, (decision.retry_at - utils.utcnow()).total_seconds())
    return "back in the queue" if seconds < 1 else f"tried again in {seconds:.0f} s"


async def _crawl_outlet(context: JobContext, **_args: Any) -> str:
    """The task: run the job's crawl in a child process (``ClusterWorker.run_job``)."""
    runner: ClusterWorker = context.additional_context["csowatch"]
    return await runner.run_job(context)
