"""Chart data for the dashboard, passed to the page as JSON (json_script) and drawn
by static/web/charts.js with ECharts. Numbers on a chart are written as on the page's
tiles: the separators come from the one number rule (`lib.vietnamese.format_number`),
read by static/web/numbers.js (86,7%; 6.165 in Vietnamese, 86.7%; 6,165 in English)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from steerco.budget.selectors import MoneyOverview
from steerco.indicators.sentences import number_text
from steerco.lib.money import format_vnd_billions
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


@dataclass(frozen=True)
class ChartTable:
    """A chart's text alternative: the table in a <details> right below it (web/_chart.html),
    built from the chart's own JSON so it holds exactly the numbers the chart draws, written
    as the page writes numbers. The first cell of each row names what the row is."""

    head: list[str]
    rows: list[list[str]]


def dashboard_tables(charts: dict) -> dict[str, ChartTable]:
    """The overview's three charts as tables, from `dashboard_charts`' data."""
    lang = lang_of(get_language())
    directives = charts["directives"]
    series = directives["series"]
    trend = charts["trend"]
    return {
        "status": ChartTable(
            head=[_("Class"), _("Tasks")],
            rows=[[s["name"], format_number(s["value"], lang)] for s in charts["status"]],
        ),
        "directives": ChartTable(
            head=[_("Directive"), *(s["name"] for s in series)],
            rows=[
                [symbol, *(format_number(s["values"][i], lang) for s in series)]
                for i, symbol in enumerate(directives["symbols"])
            ],
        ),
        "trend": ChartTable(
            head=[_("Reporting period"), _("green rate")],
            rows=[
                [label, text] for label, text in zip(trend["labels"], trend["texts"], strict=True)
            ],
        ),
    }


def _value_text(value: float | None, lang: str) -> str:
    return "—" if value is None else number_text(Decimal(str(value)), lang)


def indicator_table(chart: dict) -> ChartTable:
    """An indicator page's history chart as a table: each period's value and the value
    expected on the trajectory, as the page's tiles write them."""
    lang = lang_of(get_language())
    unit = f" ({chart['unit']})" if chart.get("unit") else ""
    return ChartTable(
        head=[_("Period"), f"{chart['value_name']}{unit}", f"{chart['expected_name']}{unit}"],
        rows=[
            [label, _value_text(value, lang), _value_text(expected, lang)]
            for label, value, expected in zip(
                chart["labels"], chart["values"], chart["expected"], strict=True
            )
        ],
    )


def money_chart(money: MoneyOverview) -> dict:
    """The overview's allocated vs disbursed (and planned) amounts, cumulative by month of
    the budget year: integers in đồng (below 2^53, exact in JSON and in the script), with
    the texts the tooltips show written as the tiles write them ("3.312 tỷ đồng")."""
    lang = lang_of(get_language())
    s = money.series

    def texts(values: list[int]) -> list[str]:
        return [format_vnd_billions(v, lang) for v in values]

    return {
        "labels": [f"{m:%m/%Y}" for m in s.months],
        "unit": _("billion đồng"),
        "series": [
            {
                "key": "allocated",
                "name": _("allocated"),
                "colour": "#0d6efd",
                "values": s.allocated,
                "texts": texts(s.allocated),
            },
            {
                "key": "disbursed",
                "name": _("disbursed"),
                "colour": "#198754",
                "values": s.disbursed,
                "texts": texts(s.disbursed),
            },
            {
                "key": "planned",
                "name": _("planned disbursement"),
                "colour": "#6c757d",
                "values": s.planned,
                "texts": texts(s.planned),
            },
        ],
    }


def money_table(chart: dict) -> ChartTable:
    """The money chart as a table, from its own JSON."""
    series = chart["series"]
    return ChartTable(
        head=[_("Month"), *(s["name"] for s in series)],
        rows=[[label, *(s["texts"][i] for s in series)] for i, label in enumerate(chart["labels"])],
    )
