"""``csowatch users add|list|disable|enable``, ``serve --help`` and the desk's signing secret."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from editor.auth import SECRET_ENV, hash_password, load_secret, secret_path, verify_password
from store.db import Store
from store.users import get_user


def run(db_url: str, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", db_url, *args], input=stdin)
    return result.exit_code, result.output


def test_users_add_list_disable_enable(store: Store, db_url: str) -> None:
    code, out = run(db_url, "users", "add", "anna", "--password-stdin", stdin="s3cret pass\n")
    assert (code, out) == (0, "user anna added\n")
    code, out = run(db_url, "users", "add", "boris", stdin="another one\nanother one\n")
    assert code == 0, out
    assert out.count("Password") == 1 and "Repeat for confirmation" in out
    with store.read_session() as session:
        anna = get_user(session, "anna")
        assert anna is not None and anna.password_hash.startswith("$argon2id$")
        assert verify_password("s3cret pass", anna.password_hash)[0]
    code, out = run(db_url, "users", "list")
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["anna", "active"],
        ["boris", "active"],
    ]
    assert run(db_url, "users", "disable", "anna") == (0, "user anna disabled\n")
    assert "anna                     disabled" in run(db_url, "users", "list")[1]
    assert run(db_url, "users", "enable", "anna") == (0, "user anna enabled\n")


def test_users_add_refuses_bad_input(store: Store, db_url: str) -> None:
    run(db_url, "users", "add", "anna", "--password-stdin", stdin="s3cret pass\n")
    code, out = run(db_url, "users", "add", "anna", "--password-stdin", stdin="s3cret pass\n")
    assert (code, out) == (2, "csowatch: store error: user 'anna' already exists\n")
    code, out = run(db_url, "users", "add", "bob", "--password-stdin", stdin="short\n")
    assert code == 2 and "at least 8 characters" in out
    code, out = run(db_url, "users", "add", "a b", "--password-stdin", stdin="long enough\n")
    assert code == 2 and "bad user name" in out
    code, out = run(db_url, "users", "disable", "nobody")
    assert (code, out) == (1, "csowatch: no user 'nobody'\n")


def test_serve_has_help() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output


def test_secret_from_the_environment_else_a_private_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'csowatch.db'}"
    monkeypatch.delenv(SECRET_ENV, raising=False)
    path = secret_path(url)
    assert path == tmp_path / "data" / "secret_key"
    first = load_secret(url)
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret(url) == first
    monkeypatch.setenv(SECRET_ENV, "from-the-environment-0123456789")
    assert load_secret(url) == "from-the-environment-0123456789"


def test_passwords_are_argon2_and_checked() -> None:
    hashed = hash_password("correct horse")
    assert hashed.startswith("$argon2id$")
    assert verify_password("correct horse", hashed) == (True, None)
    assert verify_password("wrong horse", hashed)[0] is False
    assert verify_password("anything", "not a hash") == (False, None)
    with pytest.raises(ValueError, match="at least 8"):
        hash_password("short")
