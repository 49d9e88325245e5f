"""Every example query in docs/schema.md runs on its backend(s) and finds something."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import Store
from tests.search_corpus import add_docs

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
BLOCKS = re.findall(r"```sql\n-- (both|sqlite|postgresql)\n(.*?)```", DOC.read_text(), re.S)


def test_the_document_has_examples() -> None:
    assert len(BLOCKS) >= 8
    assert {b for b, _ in BLOCKS} == {"both", "sqlite", "postgresql"}


CASES = [
    pytest.param("sqlite", n, id=f"sqlite-{n}")
    if be == "sqlite"
    else pytest.param("postgres", n, id=f"postgres-{n}", marks=pytest.mark.postgres)
    for n, (backend, _) in enumerate(BLOCKS)
    for be in (("sqlite", "postgresql") if backend == "both" else (backend,))
]


@pytest.mark.parametrize(("db_url", "n"), CASES, indirect=["db_url"])
def test_example_runs(seeded: Store, make_article, n: int) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from store import queries

    backend, sql = BLOCKS[n]
    add_docs(seeded)
    # an article with a quote by "the group's director", whose extraction noted something
    article = make_article(
        extractor="pangea", extraction_notes=["charset: utf8 declared, the bytes are cp1251"]
    )
    # a CSO's own statement: a post on its Telegram channel
    statement = make_article(
        url="https://t.me/gulagu_net/104", canonical_url="https://t.me/gulagu_net/104",
        outlet="cso-telegram", article_id="gulagu_net/104", mentions=[], quotes=[],
        published=datetime(2021, 10, 17, 9, tzinfo=UTC), kind="statement",
        author_cso="gulagu-net",
    )  # fmt: skip
    with seeded.transaction() as session:
        queries.save_article(session, article, outlet_key="rferl",
                             fetched_at=datetime(2021, 9, 3, tzinfo=UTC))  # fmt: skip
        queries.upsert_outlet(session, "cso-telegram", "Telegram", "https://t.me", "ru", "telegram")
        queries.save_article(session, statement, outlet_key="cso-telegram",
                             fetched_at=datetime(2021, 10, 18, tzinfo=UTC))  # fmt: skip
    with seeded.read_session() as session:
        rows = session.execute(text(sql)).all()
    assert rows, f"example {n} ({backend}) found nothing:\n{sql}"
