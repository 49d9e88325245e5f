"""Trend charts: a hand-written SVG (the desk's inline chart, ``--plot FILE.svg``) and a PNG
through matplotlib's Agg backend (``--plot FILE.png``)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from store.trends import Period, Point, trend

WIDTH, HEIGHT, PAD_L, PAD_B, PAD_T, PAD_R = 720, 260, 44, 36, 28, 12


def trend_svg(series: list[Point], title: str = "", *, field: str = "articles") -> str:
    """A bar chart of ``series`` (articles per period, or ``field="mentions"``) as SVG text."""
    values = [getattr(p, field) for p in series]
    top = max(values, default=0) or 1
    plot_w, plot_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    step = plot_w / max(len(series), 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11" role="img">',
        f"<title>{escape(title or 'trend')}</title>",
        f'<text x="{PAD_L}" y="16" font-size="13">{escape(title)}</text>',
        f'<line x1="{PAD_L}" y1="{PAD_T + plot_h}" x2="{WIDTH - PAD_R}" y2="{PAD_T + plot_h}" '
        'stroke="#444"/>',
        f'<text x="{PAD_L - 6}" y="{PAD_T + 4}" text-anchor="end">{top}</text>',
        f'<text x="{PAD_L - 6}" y="{PAD_T + plot_h}" text-anchor="end">0</text>',
    ]
    label_every = max(1, len(series) // 8)
    for i, (point, value) in enumerate(zip(series, values, strict=True)):
        h = plot_h * value / top
        x = PAD_L + i * step
        out.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{PAD_T + plot_h - h:.1f}" '
            f'width="{max(step * 0.8, 1):.1f}" height="{h:.1f}" fill="#3569a8">'
            f"<title>{point.period.isoformat()}: {value}</title></rect>"
        )
        if i % label_every == 0:
            out.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - PAD_B + 14}" text-anchor="middle">'
                f"{point.period.isoformat()}</text>"
            )
    out.append("</svg>")
    return "\n".join(out)


def write_plot(series: list[Point], path: str | Path, title: str = "") -> None:
    """Write the chart to ``path``: ``.svg`` (hand-written) or ``.png`` (matplotlib)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(trend_svg(series, title), encoding="utf-8")
        return
    if suffix != ".png":
        raise ValueError(f"--plot: expected a .png or .svg file name, got {path.name!r}")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.2), dpi=100)
    try:
        periods: Any = [p.period for p in series]  # matplotlib plots dates
        ax.bar(periods, [p.articles for p in series], width=5, color="#3569a8")
        ax.set_title(title)
        ax.set_ylabel("articles")
        fig.autofmt_xdate()
        fig.tight_layout()
        fig.savefig(path, format="png")
    finally:
        plt.close(fig)


def trends_html(session: Session, cso: str, *, by: Period = "week", week_ends: str = "friday",
                **filters: Any) -> str:  # fmt: skip
    """A small page with the CSO's trend chart (the desk links it as ``/api/trends?cso=``)."""
    from store.models import CSO

    rows = session.query(CSO.id, CSO.name).order_by(CSO.name).all()
    options = "".join(
        f'<option value="{escape(i)}"{" selected" if i == cso else ""}>{escape(n)}</option>'
        for i, n in rows
    )
    chart = ""
    if cso:
        series = trend(session, cso, by=by, week_ends=week_ends, **filters)
        chart = trend_svg(series, f"{cso}: articles per {by}") if series else "<p>No mentions.</p>"
    return (
        "<!doctype html><meta charset=utf-8><title>Trends</title>"
        '<form method="get"><select name="cso">' + options + "</select> "
        '<select name="by"><option>week</option>'
        f"<option{' selected' if by == 'month' else ''}>month</option></select> "
        "<button>Show</button></form>" + chart
    )
