"""A week of written articles for the desk's tests, stored by the real code.

The week ends on Friday 22 October 2021. Mentions and quotes are found by the real
``find_mentions``/``find_quotes``; the articles go in with ``save_article``; the registry with
``replace_registry``; accounts with ``store.users.add_user``.

OVD-Info (four clippings, three stories):
  A  The Moscow Times, 19 Oct: court fines OVD-Info (in the title and lead, a quote by Okhotin)
  B  RFE/RL, 20 Oct: a copy of A's agency text (one stored story with A, "also in")
  C  RFE/RL, 20 Oct: detentions; OVD-Info in the second paragraph
  D  The Moscow Times, 18 Oct: a title with ``<script>alert(1)</script>``
Memorial (one clipping): E  RFE/RL, 21 Oct.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from starlette.testclient import TestClient

from editor.app import create_app
from editor.auth import hash_password
from pipelines.mentions import find_mentions
from pipelines.quotes import find_quotes
from pipelines.registry import registry_from_dicts
from pipelines.stories import story_print
from pipelines.types import Article
from store import queries
from store.db import Store
from store.models import ArticleRow, Clipping
from store.users import add_user

WEEK = date(2021, 10, 22)
PASSWORD = "correct horse battery"
EDITORS = ("anna", "boris")
SCRIPT_TITLE = "<script>alert(1)</script> OVD-Info Report On Police"

REGISTRY = [
    {
        "id": "ovd-info",
        "name": "OVD-Info",
        "descriptor": "a human-rights media project",
        "aliases": {"en": ["OVD-Info"], "ru": ["ОВД-Инфо"], "be": []},
        "people": [{"names": ["Grigory Okhotin", "Григорий Охотин"]}],
        "domains": ["ovd.info"],
        "ambiguous": False,
    },
    {
        "id": "memorial",
        "name": "Memorial",
        "descriptor": "a human-rights society",
        "aliases": {"en": ["Memorial"], "ru": ["Мемориал"], "be": []},
        "people": [],
        "domains": ["memo.ru"],
        "ambiguous": False,
    },
]

# the item the review in the tests produces (approve A and C, C's excerpt = its sentence)
SUMMARY = 'OVD-Info, which counts detentions at protests, was fined over the "foreign agent" label.'
EXPECTED = """\
CSO of the Week: OVD-Info

OVD-Info, which counts detentions at protests, was fined over the “foreign agent” label.

The Moscow Times, 19 October 2021: A Moscow court fined the rights group OVD-Info 300,000 \
rubles on Tuesday.

RFE/RL, 20 October 2021: At least 47 people were detained, according to OVD-Info. […]
"""


MT = "https://www.themoscowtimes.com"
RFERL = "https://www.rferl.org"

AGENCY_PARAGRAPHS = [
    "A Moscow court on Tuesday fined the human rights group OVD-Info 300,000 rubles for "
    "failing to mark its publications with the foreign agent label, the group said.",
    "“We will keep counting every detention, whatever the fines,” OVD-Info co-founder "
    "Grigory Okhotin said after the hearing.",
    "The Justice Ministry added the project to its list of foreign agents in September, "
    "along with several independent journalists and media outlets.",
]


def _article(key: str, outlet: str, url: str, day: int, hour: int, **fields: object) -> Article:
    return Article(
        url=url,
        canonical_url=url,
        outlet=outlet,
        article_id=key,
        published=datetime(2021, 10, day, hour, 0, tzinfo=UTC),
        language="en",
        **fields,  # type: ignore[arg-type]
    )


def week_articles() -> list[Article]:
    a = _article(
        "a1", "moscowtimes", f"{MT}/2021/10/19/court-fines-ovd-info-a75301", 19, 9,
        title="Court Fines OVD-Info Over Foreign Agent Label",
        lead="A Moscow court fined the rights group OVD-Info 300,000 rubles on Tuesday.",
        paragraphs=AGENCY_PARAGRAPHS,
    )  # fmt: skip
    b = _article(
        "31520001", "rferl", f"{RFERL}/a/russia-ovd-info-fined/31520001.html", 20, 7,
        title="Moscow Court Fines Rights Group OVD-Info",
        lead="",
        paragraphs=AGENCY_PARAGRAPHS,
    )  # fmt: skip
    c = _article(
        "31520002", "rferl", f"{RFERL}/a/russia-detentions-protest/31520002.html", 20, 15,
        title="Dozens Detained At Moscow Protest Against Election Results",
        lead="Police in Moscow detained dozens of people protesting against the results of "
        "the parliamentary elections.",
        paragraphs=[
            "The protesters gathered on Pushkin Square on Wednesday evening.",
            "At least 47 people were detained, according to OVD-Info. Most were released "
            "by midnight.",
        ],
    )  # fmt: skip
    d = _article(
        "a75288", "moscowtimes", f"{MT}/2021/10/18/ovd-info-report-a75288", 18, 12,
        title=SCRIPT_TITLE,
        lead="OVD-Info published a report on police violence <b>at rallies</b>.",
        paragraphs=["The report lists 120 cases from the past year."],
    )  # fmt: skip
    e = _article(
        "31520003", "rferl", f"{RFERL}/a/memorial-court-hearing/31520003.html", 21, 10,
        title="Memorial Fights Closure In Supreme Court",
        lead="The Supreme Court began hearing the case against Memorial on Thursday.",
        paragraphs=["Prosecutors want the human rights society closed."],
    )  # fmt: skip
    return [a, b, c, d, e]


def build_store(store: Store) -> None:
    """Outlets, registry, the week's articles and two editors (``EDITORS``, ``PASSWORD``)."""
    registry = registry_from_dicts(REGISTRY)
    fetched = datetime(2021, 10, 22, 12, 0, tzinfo=UTC)
    password_hash = hash_password(PASSWORD)
    with store.transaction() as session:
        queries.upsert_outlet(session, "rferl", "RFE/RL", RFERL, "en", "pangea")
        queries.upsert_outlet(session, "moscowtimes", "The Moscow Times", MT, "en", "moscowtimes")
        queries.replace_registry(session, REGISTRY)
        for article in week_articles():
            article.mentions = find_mentions(article, registry)
            article.quotes = find_quotes(article)
            queries.save_article(
                session,
                article,
                outlet_key=str(article.outlet),
                fetched_at=fetched,
                story=story_print(article),
            )
        for name in EDITORS:
            add_user(session, name, password_hash)


# --- talking to the desk --------------------------------------------------------------------

SECRET = "test-secret-0123456789abcdef"
WEEK_URL = f"/week/{WEEK.isoformat()}"

Client = tuple[TestClient, str]  # a logged-in test client and its CSRF token
COMPOSE_URL = f"{WEEK_URL}/compose/ovd-info"


def client_for(store: Store) -> TestClient:
    return TestClient(create_app(store, secret=SECRET), follow_redirects=False)


def login(client: TestClient, name: str = "anna", password: str = PASSWORD) -> str:
    """Log in through the form; returns the CSRF token for later posts."""
    token = client.get("/login").context["csrftoken"]
    form = {"csrftoken": token, "name": name, "password": password, "next": "/"}
    response = client.post("/login", data=form)
    assert response.status_code == 303, response.text
    return token


def post(client: TestClient, token: str, url: str, **form: Any) -> Any:
    """An htmx form post with the CSRF token."""
    return client.post(url, data={"csrftoken": token, **form}, headers={"HX-Request": "true"})


def clipping_ids(store: Store) -> dict[str, int]:
    """OVD-Info's clipping ids by article external id (a1, 31520001, ...), and "memorial"."""
    query = select(Clipping.id, Clipping.cso_id, ArticleRow.external_id).join(
        ArticleRow, ArticleRow.id == Clipping.article_id
    )
    with store.read_session() as session:
        rows = session.execute(query).all()
    return {(ext if cso == "ovd-info" else cso): cid for cid, cso, ext in rows}
