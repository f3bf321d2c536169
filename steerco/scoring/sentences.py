"""The summary sentence officials write, in Vietnamese or English, from a scorecard."""

from __future__ import annotations

from steerco.lib.vietnamese import format_number, format_percent

from .scorecard import ClassCounts


def _delta_vi(delta: int) -> str:
    if delta > 0:
        return f"tăng {format_number(delta)} nhiệm vụ so với kỳ báo cáo trước"
    if delta < 0:
        return f"giảm {format_number(-delta)} nhiệm vụ so với kỳ báo cáo trước"
    return "không thay đổi so với kỳ báo cáo trước"


def _delta_en(delta: int) -> str:
    n = abs(delta)
    task = "task" if n == 1 else "tasks"
    if delta > 0:
        return f"{n:,} more {task} than in the previous reporting period"
    if delta < 0:
        return f"{n:,} fewer {task} than in the previous reporting period"
    return "the same number as in the previous reporting period"


def summary_sentence(
    counts: ClassCounts,
    *,
    subject: str = "",
    lang: str = "vi",
    previous: ClassCounts | None = None,
) -> str:
    """E.g. "Of the 102 tasks under TB 45-TB/BCĐTW (24 more tasks than in the previous
    reporting period), 41 are completed and 61 are in progress within the deadline."."""
    return (_vi if lang == "vi" else _en)(counts, subject, previous)


def _vi(c: ClassCounts, subject: str, previous: ClassCounts | None) -> str:
    n = format_number
    head = f"Tổng số {n(c.total)} nhiệm vụ" + (f" theo {subject}" if subject else "")
    if previous is not None:
        head += f" ({_delta_vi(c.total - previous.total)})"
    parts = [f"đã hoàn thành {n(c.completed)} nhiệm vụ"]
    if c.completed:
        parts[0] += f" ({n(c.done_on_time)} đúng hạn, {n(c.done_late)} quá hạn)"
    if previous is not None and c.completed != previous.completed:
        diff = c.completed - previous.completed
        parts[0] += f", {'tăng' if diff > 0 else 'giảm'} {n(abs(diff))} so với kỳ trước"
    parts.append(f"đang thực hiện trong hạn {n(c.on_track)} nhiệm vụ")
    parts.append(f"quá hạn chưa hoàn thành {n(c.overdue)} nhiệm vụ")
    if c.regular:
        parts.append(f"{n(c.regular)} nhiệm vụ thường xuyên")
    tail = f"Tỷ lệ hoàn thành {format_percent(c.completion_rate)}"
    if c.green_rate is not None:
        tail += f"; tỷ lệ đạt tiêu chí XANH {format_percent(c.green_rate)}"
    return f"{head}: {', '.join(parts)}. {tail}."


def _en(c: ClassCounts, subject: str, previous: ClassCounts | None) -> str:
    def n(v: int) -> str:
        return f"{v:,}"

    head = f"Of the {n(c.total)} tasks" + (f" under {subject}" if subject else "")
    if previous is not None:
        head += f" ({_delta_en(c.total - previous.total)})"
    first = f"{n(c.completed)} {'is' if c.completed == 1 else 'are'} completed"
    if c.completed:
        first += f" ({n(c.done_on_time)} on time, {n(c.done_late)} late)"
    if previous is not None and c.completed != previous.completed:
        diff = c.completed - previous.completed
        first += f", {n(abs(diff))} {'more' if diff > 0 else 'fewer'} than in the previous period"
    parts = [
        first,
        f"{n(c.on_track)} {'is' if c.on_track == 1 else 'are'} in progress within the deadline",
        f"{n(c.overdue)} {'is' if c.overdue == 1 else 'are'} overdue",
    ]
    if c.regular:
        parts.append(f"{n(c.regular)} {'is' if c.regular == 1 else 'are'} regular (recurring)")
    body = ", ".join(parts[:-1]) + " and " + parts[-1]
    tail = f"Completion rate {format_percent(c.completion_rate, 'en')}"
    if c.green_rate is not None:
        tail += f"; green rate {format_percent(c.green_rate, 'en')}"
    return f"{head}, {body}. {tail}."


# --- Sentences of a meeting report (steerco.reports) -------------------------------

DIRECTIVE_KIND_WORDS = {
    "vi": {
        "resolution": "Nghị quyết",
        "conclusion": "Kết luận",
        "plan": "Kế hoạch",
        "programme": "Chương trình hành động",
        "notice": "Thông báo kết luận",
        "decision": "Quyết định",
        "directive": "Chỉ thị",
        "other": "Văn bản",
    },
    "en": {
        "resolution": "Resolution",
        "conclusion": "Conclusion",
        "plan": "Plan",
        "programme": "Programme of action",
        "notice": "Concluding notice",
        "decision": "Decision",
        "directive": "Directive",
        "other": "Document",
    },
}


def directive_name(kind: str, symbol: str, lang: str = "vi") -> str:
    """ "Kế hoạch số 02-KH/BCĐTW" (vi) or "Plan 02-KH/BCĐTW" (en)."""
    word = DIRECTIVE_KIND_WORDS["vi" if lang == "vi" else "en"].get(kind, "")
    if lang == "vi":
        return f"{word} số {symbol}" if word else symbol
    return f"{word} {symbol}" if word else symbol


def report_sentence(
    counts: ClassCounts,
    *,
    subject: str = "",
    lang: str = "vi",
    previous: ClassCounts | None = None,
) -> str:
    """The sentence a meeting report opens a directive with, leaving out empty classes:

    "Đối với 102 nhiệm vụ theo Thông báo kết luận số 45-TB/BCĐTW (tăng 24 nhiệm vụ so
    với kỳ báo cáo trước): đã hoàn thành 41 nhiệm vụ (tăng 3 nhiệm vụ so với kỳ báo cáo
    trước), đang thực hiện trong hạn 61 nhiệm vụ." / "Of the 102 tasks under Concluding
    notice 45-TB/BCĐTW (24 more tasks than the previous reporting period), 41 are
    completed (3 more completed) and 61 are in progress within the deadline."."""
    return (_report_vi if lang == "vi" else _report_en)(counts, subject, previous)


def _report_vi(c: ClassCounts, subject: str, previous: ClassCounts | None) -> str:
    n = format_number
    head = f"Đối với {n(c.total)} nhiệm vụ" + (f" theo {subject}" if subject else "")
    if previous is not None:
        delta = c.total - previous.total
        if delta > 0:
            head += f" (tăng {n(delta)} nhiệm vụ so với kỳ báo cáo trước)"
        elif delta < 0:
            head += f" (giảm {n(-delta)} nhiệm vụ so với kỳ báo cáo trước)"
    if c.total == 0:
        return f"Chưa có nhiệm vụ nào{' theo ' + subject if subject else ''} được giao."
    done = f"đã hoàn thành {n(c.completed)} nhiệm vụ"
    details = []
    if c.done_late:
        details.append(f"{n(c.done_on_time)} đúng hạn, {n(c.done_late)} chậm so với thời hạn")
    if previous is not None and c.completed != previous.completed:
        diff = c.completed - previous.completed
        details.append(
            f"{'tăng' if diff > 0 else 'giảm'} {n(abs(diff))} nhiệm vụ so với kỳ báo cáo trước"
        )
    if details:
        done += f" ({'; '.join(details)})"
    parts = [done]
    if c.on_track:
        parts.append(f"đang thực hiện trong hạn {n(c.on_track)} nhiệm vụ")
    if c.overdue:
        parts.append(f"quá hạn chưa hoàn thành {n(c.overdue)} nhiệm vụ")
    if c.regular:
        parts.append(f"{n(c.regular)} nhiệm vụ thường xuyên")
    return f"{head}: {', '.join(parts)}."


def _report_en(c: ClassCounts, subject: str, previous: ClassCounts | None) -> str:
    def n(v: int) -> str:
        return f"{v:,}"

    def are(v: int) -> str:
        return "is" if v == 1 else "are"

    head = f"Of the {n(c.total)} {'task' if c.total == 1 else 'tasks'}" + (
        f" under {subject}" if subject else ""
    )
    if previous is not None and c.total != previous.total:
        delta = c.total - previous.total
        word = "more" if delta > 0 else "fewer"
        head += f" ({n(abs(delta))} {word} {'task' if abs(delta) == 1 else 'tasks'} than the previous reporting period)"
    if c.total == 0:
        return f"No tasks{' under ' + subject if subject else ''} have been assigned."
    done = f"{n(c.completed)} {are(c.completed)} completed"
    details = []
    if c.done_late:
        details.append(f"{n(c.done_on_time)} on time, {n(c.done_late)} late")
    if previous is not None and c.completed != previous.completed:
        diff = c.completed - previous.completed
        details.append(f"{n(abs(diff))} {'more' if diff > 0 else 'fewer'} completed")
    if details:
        done += f" ({'; '.join(details)})"
    parts = [done]
    if c.on_track:
        parts.append(f"{n(c.on_track)} {are(c.on_track)} in progress within the deadline")
    if c.overdue:
        parts.append(f"{n(c.overdue)} {are(c.overdue)} overdue")
    if c.regular:
        parts.append(f"{n(c.regular)} {are(c.regular)} regular (recurring)")
    body = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{head}, {body}."


def rank_sentence(
    subject: str,
    *,
    rank: int,
    peers: int,
    value: float | None,
    change: int | None,
    metric_label: str,
    lang: str = "vi",
) -> str:
    """ "Tuyên Quang xếp thứ 15/34 theo tỷ lệ đạt tiêu chí XANH (58,5%), tăng 3 bậc so với
    kỳ báo cáo trước." / "Tuyên Quang ranks 15th of 34 by green rate (58.5%), up 3 places
    since the previous reporting period."."""
    if lang == "vi":
        text = f"{subject} xếp thứ {rank}/{peers} theo {metric_label}"
        if value is not None:
            text += f" ({format_percent(value)})"
        if change is not None:
            if change > 0:
                text += f", tăng {change} bậc so với kỳ báo cáo trước"
            elif change < 0:
                text += f", giảm {-change} bậc so với kỳ báo cáo trước"
            else:
                text += ", giữ nguyên thứ hạng so với kỳ báo cáo trước"
        return text + "."
    text = f"{subject} ranks {_ordinal(rank)} of {peers} by {metric_label}"
    if value is not None:
        text += f" ({format_percent(value, 'en')})"
    if change is not None:
        if change > 0:
            text += f", up {change} {'place' if change == 1 else 'places'} since the previous reporting period"
        elif change < 0:
            text += f", down {-change} {'place' if change == -1 else 'places'} since the previous reporting period"
        else:
            text += ", unchanged since the previous reporting period"
    return text + "."


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
