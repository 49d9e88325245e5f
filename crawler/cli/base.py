"""The command line's base: the ``main`` group, the context every command gets, the one-line
error handling, and helpers the verb modules share (``crawler.cli`` assembles them).

Exit codes: 0 success; 1 an outlet (or the thing asked for) failed; 2 bad configuration, input or
store; 75 another crawl holds the lock.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from sqlalchemy.exc import SQLAlchemyError

from crawler.config import Config, ConfigError, load_config
from crawler.lock import LockBusy
from pipelines.registry import Registry, RegistryError
from store.db import StoreError, open_store, resolve_database_url

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2
EXIT_LOCKED = 75


class Context:
    """What every subcommand gets: the configuration directory and the store URL."""

    def __init__(self, config_dir: str | None, db: str | None) -> None:
        self.config_dir = config_dir
        self._db = db
        self._database_url: str | None = None
        self._config: Config | None = None
        self._store: Any = None

    @property
    def database_url(self) -> str:
        """``--db``, else $CSOWATCH_DATABASE_URL, else the default; resolved when a command
        first needs it, so a bad URL is a StoreError inside ``handle_errors``."""
        if self._database_url is None:
            self._database_url = resolve_database_url(self._db)
        return self._database_url

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_dir)
        return self._config

    def optional_config(self) -> Config | None:
        """The configuration, or None when none was named (no --config, no $CSOWATCH_CONFIG)
        and there is no ``config/`` here: store-only commands then use the defaults. A
        directory that was named or exists is loaded, and an error in it is reported."""
        named = self.config_dir or os.environ.get("CSOWATCH_CONFIG")
        if self._config is None and not named and not Path("config").is_dir():
            return None
        return self.config

    def store(self) -> Any:
        """The store (migrated on first use), opened once per command and closed after it."""
        if self._store is None:
            self._store = open_store(self.database_url)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_ctx = click.make_pass_decorator(Context)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"csowatch: {message}", err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Turn the project's own errors into one clear line and an exit code, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            fail(f"configuration error: {exc}")
        except StoreError as exc:
            fail(f"store error: {exc}")
        except SQLAlchemyError as exc:  # a store failure no command foresaw: still one line
            from store.guard import describe

            fail(f"store error: {describe(exc)}")
        except LockBusy as exc:
            fail(str(exc), EXIT_LOCKED)
        except (ValueError, OSError) as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="URL",
    help="Store URL, or a path to a SQLite .db file (else $CSOWATCH_DATABASE_URL, else "
    "sqlite:///data/csowatch.db).",
)
@click.option(
    "--config",
    "config_dir",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Configuration directory (else $CSOWATCH_CONFIG, else config/).",
)
@click.version_option(package_name="csowatch")
@click.pass_context
def main(ctx: click.Context, db: str | None, config_dir: str | None) -> None:
    """csowatch: news monitoring for Russian civil-society organisations."""
    ctx.obj = Context(config_dir, db)
    ctx.call_on_close(ctx.obj.close)


def registry_errors(func: Any) -> Any:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RegistryError as exc:
            fail(f"registry error: {exc}")

    return wrapper


def store_registry(obj: Context) -> Registry:
    from spiders.registry_store import registry_from_store

    config = obj.optional_config()  # None: no configuration at all, the store's registry alone
    return registry_from_store(obj.store(), config.csos_path if config is not None else None)


def require_cso(session: Any, cso: str | None) -> None:
    """Exit 2 with one line when ``--cso`` names no CSO of the store's registry."""
    from store.models import CSO

    if cso is not None and session.get(CSO, cso) is None:
        fail(f"unknown CSO {cso!r} (see csowatch csos list)")


def require_outlet(obj: Context, session: Any, outlet: str | None) -> None:
    """Exit 2 with one line when ``--outlet`` names neither a stored nor a configured outlet."""
    from sqlalchemy import select

    from store.models import Outlet

    if outlet is None:
        return
    known = set(session.scalars(select(Outlet.key)))
    if outlet in known:
        return
    config = obj.optional_config()
    known |= set(config.outlets) if config is not None else set()
    if outlet not in known:
        fail(f"unknown outlet {outlet!r} (known: {', '.join(sorted(known)) or 'none'})")


def week_ends(obj: Context) -> str:
    """The configured last day of the week; Friday only when there is no configuration at all
    (a wrong ``[digest] week_ends`` is a ConfigError, never replaced by the default)."""
    config = obj.optional_config()
    return config.week_ends if config is not None else "friday"
