"""The words of a report's sections and tables, in Vietnamese and English (GLOSSARY.md),
and the number and date formats every renderer uses."""

from __future__ import annotations

from datetime import date

from steerco.lib.vietnamese import format_number, format_percent, format_short_date

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "results": "KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
        "overview": "Tổng quan",
        "frozen": "Số liệu tổng hợp theo kỳ báo cáo đã chốt; danh sách nhiệm vụ theo dữ liệu cập nhật đến nay.",
        "by_directive": "Kết quả theo văn bản chỉ đạo",
        "by_unit": "Kết quả theo cơ quan, đơn vị chủ trì",
        "overdue": "NHIỆM VỤ QUÁ HẠN, CHƯA HOÀN THÀNH",
        "no_overdue": "Không có nhiệm vụ quá hạn.",
        "ranking": "XẾP HẠNG",
        "no_ranking": "Không có đơn vị cùng cấp để xếp hạng.",
        "not_five_clear": "NHIỆM VỤ CHƯA BẢO ĐẢM \u201c5 RÕ\u201d",
        "five_clear_rate": "Tỷ lệ nhiệm vụ bảo đảm \u201c5 rõ\u201d",
        "all_five_clear": "Tất cả nhiệm vụ đều bảo đảm \u201c5 rõ\u201d.",
        "feedback": "KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT",
        "feedback_window": "Tổng hợp từ báo cáo tiến độ từ {start} đến {end}.",
        "no_feedback": "Không có khó khăn, vướng mắc, kiến nghị được báo cáo trong kỳ.",
        "obstacles": "Khó khăn, vướng mắc",
        "proposals": "Kiến nghị, đề xuất",
        "recipients": "Nơi nhận:",
        "no": "TT",
        "directive": "Văn bản",
        "unit": "Cơ quan, đơn vị",
        "lead_unit": "Đơn vị chủ trì",
        "task": "Nhiệm vụ",
        "reference": "Mục",
        "responsible": "Người phụ trách",
        "deadline": "Thời hạn",
        "deadline_text": "Thời hạn (theo văn bản)",
        "days_late": "Số ngày quá hạn",
        "latest_obstacles": "Khó khăn, vướng mắc gần nhất",
        "total": "Tổng số",
        "completed": "Đã hoàn thành",
        "done_on_time": "Hoàn thành đúng hạn",
        "done_late": "Hoàn thành quá hạn",
        "on_track": "Đang thực hiện trong hạn",
        "overdue_col": "Quá hạn",
        "regular": "Thường xuyên",
        "cancelled": "Dừng thực hiện",
        "completion_rate": "Tỷ lệ hoàn thành",
        "green_rate": "Tỷ lệ XANH",
        "change": "Thay đổi",
        "rank": "Hạng",
        "previous_rank": "Hạng kỳ trước",
        "class": "Phân loại",
        "colour": "Màu",
        "completed_on": "Ngày hoàn thành",
        "missing": "Còn thiếu",
        "itself": "(trực tiếp chủ trì)",
        "sheet_tasks": "Danh sách nhiệm vụ",
        "sheet_units": "Theo đơn vị",
        "sheet_directives": "Theo văn bản",
        "sheet_ranking": "Xếp hạng",
        "sheet_feedback": "Khó khăn, kiến nghị",
        "appendix": "Phụ lục kèm theo Báo cáo",
        "reported_on": "Ngày báo cáo",
        "total_row": "Tổng cộng",
        "excluding_cancelled": "(không tính {n} nhiệm vụ dừng thực hiện)",
        "clear_person": "rõ người",
        "clear_task": "rõ việc",
        "clear_time": "rõ thời gian",
        "clear_responsibility": "rõ trách nhiệm",
        "clear_product": "rõ sản phẩm",
        "clear_authority": "rõ thẩm quyền",
        "class_done_on_time": "Hoàn thành đúng hạn",
        "class_done_late": "Hoàn thành quá hạn",
        "class_on_track": "Đang thực hiện trong hạn",
        "class_overdue": "Quá hạn, chưa hoàn thành",
        "class_regular": "Thường xuyên",
        "class_cancelled": "Dừng thực hiện",
        "colour_green": "Xanh",
        "colour_yellow": "Vàng",
        "colour_red": "Đỏ",
        "indicators": "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "indicators_frozen": "Số liệu chỉ tiêu như đã ghi nhận khi chốt kỳ báo cáo ({at}); các điều chỉnh sau đó không tính.",
        "indicator": "Chỉ tiêu",
        "measure_unit": "Đơn vị tính",
        "period": "Kỳ",
        "value": "Thực hiện",
        "target": "Kế hoạch",
        "achieved": "% đạt kế hoạch",
        "same_period_change": "So với cùng kỳ",
        "status": "Đánh giá",
        "sheet_indicators": "Chỉ tiêu",
        "pillar": "Trụ cột",
        "weight": "Trọng số",
        "points": "Điểm",
        "points_word": "điểm",
        "source_published": "số liệu công bố",
        "source_computed": "số liệu tính toán",
        "computed_score": "điểm tính toán",
        "sheet_indices": "Chỉ số",
        "index": "Chỉ số",
        "peers": "Số đơn vị",
    },
    "en": {
        "results": "RESULTS",
        "overview": "Overview",
        "frozen": "Counts are those frozen when the reporting period closed; task lists follow the history as recorded since.",
        "by_directive": "By directive",
        "by_unit": "By lead unit",
        "overdue": "OVERDUE TASKS",
        "no_overdue": "No task is overdue.",
        "ranking": "RANKING",
        "no_ranking": "The unit has no peers to be ranked against.",
        "not_five_clear": "TASKS THAT ARE NOT \u201c5-CLEAR\u201d",
        "five_clear_rate": "Share of tasks that are 5-clear",
        "all_five_clear": "Every task is 5-clear.",
        "feedback": "OBSTACLES AND PROPOSALS",
        "feedback_window": "Gathered from progress updates from {start} to {end}.",
        "no_feedback": "No obstacles or proposals were reported in the period.",
        "obstacles": "Obstacles",
        "proposals": "Proposals",
        "recipients": "Recipients:",
        "no": "No.",
        "directive": "Directive",
        "unit": "Unit",
        "lead_unit": "Lead unit",
        "task": "Task",
        "reference": "Ref.",
        "responsible": "Responsible person",
        "deadline": "Deadline",
        "deadline_text": "Deadline (as written)",
        "days_late": "Days late",
        "latest_obstacles": "Latest obstacles",
        "total": "Total",
        "completed": "Completed",
        "done_on_time": "Done on time",
        "done_late": "Done late",
        "on_track": "On track",
        "overdue_col": "Overdue",
        "regular": "Regular",
        "cancelled": "Cancelled",
        "completion_rate": "Completion rate",
        "green_rate": "Green rate",
        "change": "Change",
        "rank": "Rank",
        "previous_rank": "Previous rank",
        "class": "Class",
        "colour": "Colour",
        "completed_on": "Completed on",
        "missing": "Missing",
        "itself": "(leads directly)",
        "sheet_tasks": "Tasks",
        "sheet_units": "By unit",
        "sheet_directives": "By directive",
        "sheet_ranking": "Ranking",
        "sheet_feedback": "Obstacles and proposals",
        "appendix": "Appendix to the report",
        "reported_on": "Reported on",
        "total_row": "Total",
        "excluding_cancelled": "(excluding {n} cancelled)",
        "clear_person": "person",
        "clear_task": "task",
        "clear_time": "time",
        "clear_responsibility": "responsibility",
        "clear_product": "product",
        "clear_authority": "authority",
        "class_done_on_time": "Done on time",
        "class_done_late": "Done late",
        "class_on_track": "On track",
        "class_overdue": "Overdue",
        "class_regular": "Regular",
        "class_cancelled": "Cancelled",
        "colour_green": "Green",
        "colour_yellow": "Yellow",
        "colour_red": "Red",
        "indicators": "INDICATORS AGAINST TARGETS",
        "indicators_frozen": "Indicator values as recorded when the reporting period closed ({at}); later corrections are not counted.",
        "indicator": "Indicator",
        "measure_unit": "Unit of measure",
        "period": "Period",
        "value": "Value",
        "target": "Target",
        "achieved": "% achieved",
        "same_period_change": "Change on the same period",
        "status": "Status",
        "sheet_indicators": "Indicators",
        "pillar": "Pillar",
        "weight": "Weight",
        "points": "Points",
        "points_word": "points",
        "source_published": "published",
        "source_computed": "computed",
        "computed_score": "computed",
        "sheet_indices": "Indices",
        "index": "Index",
        "peers": "Peers",
    },
}

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


class Words:
    """Labels and formatters of one language, for renderers and templates."""

    def __init__(self, lang: str):
        self.lang = lang
        self.labels = LABELS[lang]

    def __getitem__(self, key: str) -> str:
        return self.labels[key]

    def num(self, value: int | float | None) -> str:
        return "—" if value is None else format_number(value, self.lang)

    def pct(self, rate: float | None) -> str:
        return format_percent(rate, self.lang)

    def day(self, value: date | None) -> str:
        return format_short_date(value) if value else ""

    def total_row(self, cancelled: int) -> str:
        """The totals row's label, saying how many cancelled tasks it leaves out (as the
        pages do: cancelled tasks are counted nowhere)."""
        if not cancelled:
            return self.labels["total_row"]
        note = self.labels["excluding_cancelled"].format(n=self.num(cancelled))
        return f"{self.labels['total_row']} {note}"

    def change(self, value: int | None) -> str:
        if value is None:
            return ""
        return f"+{self.num(value)}" if value > 0 else (self.num(value) if value < 0 else "0")

    def task_class(self, value: str) -> str:
        return self.labels.get(f"class_{value}", value)

    def colour(self, value: str) -> str:
        return self.labels.get(f"colour_{value}", "")

    def clears(self, names: list[str]) -> str:
        return ", ".join(self.labels.get(f"clear_{n}", n) for n in names)

    def feedback_window(self, start: date, end: date) -> str:
        return self.labels["feedback_window"].format(start=self.day(start), end=self.day(end))
