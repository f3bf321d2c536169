"""Chart data for the dashboard, passed to the page as JSON (json_script) and drawn
by static/web/charts.js with ECharts. Numbers on a chart are written as on the page's
tiles: the separators come from the one number rule (`lib.vietnamese.format_number`),
read by static/web/numbers.js (86,7%; 6.165 in Vietnamese, 86.7%; 6,165 in English)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from steerco.lib.vietnamese import format_number, format_percent, lang_of
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


def number_format(lang: str | None = None) -> dict[str, str]:
    """The decimal mark and the thousands separator of `lang` (the page's language by
    default), as `format_number` writes them, for the charts' script (numbers.js)."""
    lang = lang or lang_of(get_language())
    return {"decimal": format_number(0.5, lang, 1)[1], "group": format_number(1000, lang)[1]}


def dashboard_charts(board: Dashboard) -> dict:
    c = board.counts
    lang = lang_of(get_language())
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
            # The same figures as text, as the tiles write them (tooltips and labels).
            "texts": [format_percent(p.green_rate, lang) for p in board.trend],
            "name": _("green rate (%)"),
        },
        "format": number_format(lang),
        "empty": _("No tasks"),
    }
