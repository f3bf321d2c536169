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
