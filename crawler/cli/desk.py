"""CLI commands of the desk: ``csowatch serve`` and ``csowatch users add|list|disable|enable``."""

from __future__ import annotations

import sys

import click

from crawler.cli.base import Context, fail, handle_errors, main, pass_ctx, week_ends


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")  # fmt: skip
@click.option("--https-only", is_flag=True,
              help="Mark cookies Secure (when a TLS proxy is in front).")  # fmt: skip
@pass_ctx
@handle_errors
def serve(obj: Context, host: str, port: int, https_only: bool) -> None:
    """Run the editors' web desk (log in with an account from `csowatch users add`).

    Sessions are signed with $CSOWATCH_SECRET, else with a key generated once into
    `secret_key` beside the SQLite store (data/secret_key for PostgreSQL), mode 600.
    """
    import uvicorn

    from editor.app import create_app
    from editor.auth import load_secret

    store = obj.store()
    app = create_app(
        store,
        secret=load_secret(obj.database_url),
        week_ends=week_ends(obj),
        https_only=https_only,
    )
    with store.read_session() as session:
        from store.users import list_users

        if not any(not u.disabled for u in list_users(session)):
            click.echo("no desk account yet: create one with `csowatch users add NAME`", err=True)
    click.echo(f"csowatch desk on http://{host}:{port}/ (store {store.url})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


@main.group()
def users() -> None:
    """Desk accounts: add, list, disable, enable."""


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@users.command("add")
@click.argument("name")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts).",
)
@pass_ctx
@handle_errors
def users_add(obj: Context, name: str, password_stdin: bool) -> None:
    """Create the desk account NAME; the password is asked twice (or read from stdin)."""
    from editor.auth import hash_password
    from store.users import add_user, check_name

    name = check_name(name)
    password = _read_password(password_stdin)
    password_hash = hash_password(password)
    with obj.store().transaction() as session:
        add_user(session, name, password_hash)
    click.echo(f"user {name} added")


@users.command("list")
@pass_ctx
@handle_errors
def users_list(obj: Context) -> None:
    """Show the desk accounts."""
    from store.users import list_users

    with obj.store().read_session() as session:
        rows = list_users(session)
    if not rows:
        click.echo("no desk accounts (add one with `csowatch users add NAME`)")
        return
    for user in rows:
        last = f"{user.last_login:%Y-%m-%d %H:%M} UTC" if user.last_login else "never"
        state = "disabled" if user.disabled else "active"
        click.echo(
            f"{user.name:<24} {state:<9} created {user.created_at:%Y-%m-%d}  last login {last}"
        )


def _set_disabled(obj: Context, name: str, disabled: bool) -> None:
    from store.users import UnknownUserError, set_disabled

    try:
        with obj.store().transaction() as session:
            set_disabled(session, name, disabled)
    except UnknownUserError as exc:
        fail(str(exc), 1)
    click.echo(f"user {name} {'disabled' if disabled else 'enabled'}")


@users.command("disable")
@click.argument("name")
@pass_ctx
@handle_errors
def users_disable(obj: Context, name: str) -> None:
    """Disable NAME: no more logins, and open sessions end at their next request."""
    _set_disabled(obj, name, True)


@users.command("enable")
@click.argument("name")
@pass_ctx
@handle_errors
def users_enable(obj: Context, name: str) -> None:
    """Enable NAME again."""
    _set_disabled(obj, name, False)
