"""Chart data for the dashboard, passed to the page as JSON (json_script) and drawn
by static/web/charts.js with ECharts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .labels import CLASS_HEX, CLASS_LABELS
from .selectors import CLASS_ORDER, Dashboard


def dashboard_charts(board: Dashboard) -> dict:
    c = board.counts
    classes = [cls.value for cls in CLASS_ORDER if cls.value != "cancelled"]
    return {
        "status": [
            {"name": str(CLASS_LABELS[k]), "value": getattr(c, k), "colour": CLASS_HEX[k]}
            for k in classes
        ],
        "directives": {
            "symbols": [row.symbol for row in board.by_directive],
            "series": [
                {
                    "name": str(CLASS_LABELS[k]),
                    "colour": CLASS_HEX[k],
                    "values": [getattr(row.counts, k) for row in board.by_directive],
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
