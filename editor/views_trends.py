"""The desk's trends page: mentions of a CSO per week or month, as a chart and a table."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.charts import trend_svg
from editor.views_common import render, store_of, week_ends
from store.models import CSO
from store.trends import Point, trend


@dataclass
class TrendsPage:
    csos: list[tuple[str, str]]  # (id, name)
    cso: str
    by: str
    points: list[Point] = field(default_factory=list)
    chart: Markup = Markup("")


async def trends(request: Request) -> Response:
    cso = request.query_params.get("cso", "")
    by = "month" if request.query_params.get("by") == "month" else "week"
    with store_of(request).read_session() as session:
        csos = [(i, n) for i, n in session.query(CSO.id, CSO.name).order_by(CSO.name)]
        page = TrendsPage(csos, cso if cso in dict(csos) else "", by)
        if page.cso:
            page.points = trend(session, page.cso, by=by, week_ends=week_ends(request))  # type: ignore[arg-type]
    if page.points:
        name = dict(csos)[page.cso]
        # trend_svg escapes every label it draws; the SVG itself is our own markup
        page.chart = Markup(trend_svg(page.points, f"{name}: articles per {by}"))  # noqa: S704
    return render(request, "trends.html", page)


def routes() -> list[Route]:
    return [Route("/trends", trends, methods=["GET"], name="trends")]
