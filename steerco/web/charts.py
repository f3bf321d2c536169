"""Chart data for the dashboard, passed to the page as JSON (json_script) and drawn
by static/web/charts.js with ECharts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from steerco.scoring.scorecard import ClassCounts

from .labels import CLASS_HEX, CLASS_LABELS
from .overview import CLASS_ORDER, Dashboard

TOP_DIRECTIVES = 10


def _top_directives(board: Dashboard) -> list[tuple[str, ClassCounts]]:
    """The directives with most tasks (in symbol order), the rest folded into one bar."""
    rows = sorted(board.by_directive, key=lambda r: (-r.counts.total, r.symbol))
    top = sorted(rows[:TOP_DIRECTIVES], key=lambda r: r.symbol)
    result = [(r.symbol, r.counts) for r in top]
    rest = rows[TOP_DIRECTIVES:]
    if rest:
        folded = sum((r.counts for r in rest), ClassCounts())
        result.append((_("%(n)s other directives") % {"n": len(rest)}, folded))
    return result


def dashboard_charts(board: Dashboard) -> dict:
    c = board.counts
    directives = _top_directives(board)
    classes = [cls.value for cls in CLASS_ORDER if cls.value != "cancelled"]
    return {
        "status": [
            {"name": str(CLASS_LABELS[k]), "value": getattr(c, k), "colour": CLASS_HEX[k]}
            for k in classes
        ],
        "directives": {
            "symbols": [symbol for symbol, _counts in directives],
            "series": [
                {
                    "name": str(CLASS_LABELS[k]),
                    "colour": CLASS_HEX[k],
                    "values": [getattr(counts, k) for _symbol, counts in directives],
                }
                for k in classes
            ],
        },
        "trend": {
            "labels": [p.label for p in board.trend],
            "values": [
                round(p.green_rate * 100, 1) if p.green_rate is not None else None
                for p in board.trend
            ],
            "name": _("green rate (%)"),
        },
        "empty": _("No tasks"),
    }
