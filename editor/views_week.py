"""The week pages: the list of weeks, and a week's CSO ranking with one CSO's review queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from editor.views_common import back, parse_day, render, store_of, week_ends, week_of
from editor.views_data import Card, load_week
from editor.week import Coverage
from store.desk import week_counts
from store.weeks import week_end


@dataclass(frozen=True)
class WeekLink:
    week_end: date
    clippings: int
    csos: int
    approved: int

    @property
    def week_start(self) -> date:
        return self.week_end - timedelta(days=6)


@dataclass(frozen=True)
class IndexPage:
    current_week: date
    weeks: list[WeekLink]


@dataclass
class WeekPage:
    week_end: date
    week_start: date
    prev_week: date
    next_week: date
    ranking: list[Coverage]
    cso: Coverage | None
    cards: list[Card] = field(default_factory=list)
    # the stories whose mentions of the CSO are weaker evidence only, shown apart below
    doubtful: list[Card] = field(default_factory=list)


async def index(request: Request) -> Response:
    today = datetime.now(UTC).date()
    with store_of(request).read_session() as session:
        weeks = [WeekLink(*row) for row in week_counts(session, limit=52)]
    page = IndexPage(current_week=week_end(today, week_ends(request)), weeks=weeks)
    return render(request, "index.html", page)


async def pick_week(request: Request) -> Response:
    """``/week?date=YYYY-MM-DD`` (any day) -> the week page of the week holding that day."""
    raw = request.query_params.get("date") or datetime.now(UTC).date().isoformat()
    return back(f"/week/{week_end(parse_day(raw), week_ends(request)).isoformat()}")


async def week(request: Request) -> Response:
    raw = request.path_params["day"]
    day = parse_day(raw)
    end = week_end(day, week_ends(request))
    if end != day:
        return back(f"/week/{end.isoformat()}")
    end = week_of(request, raw)
    with store_of(request).read_session() as session:
        data = load_week(session, end)
    chosen = request.query_params.get("cso") or (data.ranking[0].cso_id if data.ranking else "")
    coverage = data.coverage(chosen)
    cards = data.cards.get(chosen, []) if coverage else []
    page = WeekPage(
        week_end=end,
        week_start=end - timedelta(days=6),
        prev_week=end - timedelta(days=7),
        next_week=end + timedelta(days=7),
        ranking=data.ranking,
        cso=coverage,
        cards=[c for c in cards if not c.view.doubtful],
        doubtful=[c for c in cards if c.view.doubtful],
    )
    return render(request, "week.html", page)


def routes() -> list[Route]:
    return [
        Route("/", index, methods=["GET"], name="index"),
        Route("/week", pick_week, methods=["GET"], name="pick_week"),
        Route("/week/{day}", week, methods=["GET"], name="week"),
    ]
