"""What the synthetic nation is made of: the scales, the central directives and their
task templates, the contents, products and people tasks are drawn from."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: tuple[str, ...] | None  # province codes; None = all 34
    central_share: float  # share of the central directives' per-province tasks
    ministry_share: float
    dept_tasks: float  # mean own tasks per department in the provincial plan
    commune_tasks: float  # mean tasks per commune in the provincial plan
    commune_own: float  # mean tasks per commune in its own plan


def multiplied(scale: Scale, times: int) -> Scale:
    """The scale with `times` as many tasks of every kind on the same units and directives
    (`steerco gen --multiply 10`: a nation's history ten years on, say), named e.g.
    "nationalx10"."""
    if times == 1:
        return scale
    if times < 1:
        raise ValueError("--multiply takes a whole number of at least 1")
    return dataclasses.replace(
        scale,
        name=f"{scale.name}x{times}",
        central_share=scale.central_share * times,
        ministry_share=scale.ministry_share * times,
        dept_tasks=scale.dept_tasks * times,
        commune_tasks=scale.commune_tasks * times,
        commune_own=scale.commune_own * times,
    )


SCALES = {
    "small": Scale("small", None, 0.15, 0.2, 0.6, 0.25, 0.25),
    "province": Scale("province", ("08",), 1.0, 1.0, 40, 22, 30),
    "national": Scale("national", None, 1.0, 1.0, 40, 22, 30),
}

# symbol, kind, issuer code, issued on, title, implements, requires acceptance,
# tasks per province, ministry tasks, fields
CENTRAL = (
    (
        "57-NQ/TW",
        "resolution",
        "TW-BCT",
        date(2024, 12, 22),
        "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        None,
        False,
        0,
        12,
        ("science_technology", "innovation", "digital_transformation"),
    ),
    (
        "03/NQ-CP",
        "resolution",
        "CP",
        date(2025, 1, 9),
        "Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW",
        "57-NQ/TW",
        False,
        8,
        30,
        ("science_technology", "innovation", "digital_transformation"),
    ),
    (
        "02-KH/BCĐTW",
        "plan",
        "TW-BCD",
        date(2025, 6, 19),
        "Kế hoạch thực hiện mục tiêu của Nghị quyết số 57-NQ/TW về chuyển đổi số",
        "57-NQ/TW",
        True,
        20,
        20,
        ("digital_transformation",),
    ),
    (
        "81-KL/TW",
        "conclusion",
        "TW-BCT",
        date(2024, 6, 4),
        "Kết luận về chủ động ứng phó với biến đổi khí hậu, quản lý tài nguyên và bảo vệ môi trường",
        None,
        False,
        5,
        8,
        ("environment", "climate"),
    ),
    (
        "45-TB/BCĐTW",
        "notice",
        "TW-BCD",
        date(2025, 9, 15),
        "Thông báo kết luận của Ban Chỉ đạo Trung ương tại phiên họp thứ ba",
        "57-NQ/TW",
        True,
        4,
        6,
        ("digital_transformation", "innovation"),
    ),
)

CONTENTS = {
    "digital_transformation": (
        "Xây dựng cơ sở dữ liệu chuyên ngành và kết nối với nền tảng dùng chung",
        "Cung cấp dịch vụ công trực tuyến toàn trình",
        "Triển khai nền tảng số dùng chung cho cấp xã",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Phát triển tổ công nghệ số cộng đồng",
        "Phủ sóng di động và cáp quang đến các thôn",
    ),
    "science_technology": (
        "Rà soát, sắp xếp các tổ chức khoa học và công nghệ công lập",
        "Xây dựng chương trình nghiên cứu ứng dụng khoa học và công nghệ",
        "Bố trí kinh phí chi cho khoa học, công nghệ",
    ),
    "innovation": (
        "Hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo",
        "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức",
    ),
    "environment": (
        "Kiểm kê khí nhà kính cấp cơ sở",
        "Xây dựng cơ sở dữ liệu đất đai",
        "Trồng rừng và nâng tỷ lệ che phủ rừng",
    ),
    "climate": ("Lập kế hoạch hành động ứng phó với biến đổi khí hậu",),
}
PRODUCTS = (
    "Quyết định của Ủy ban nhân dân",
    "Báo cáo kết quả thực hiện",
    "Cơ sở dữ liệu được đưa vào vận hành",
    "Kế hoạch được ban hành",
    "Hệ thống được nghiệm thu",
)
PEOPLE = (
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đặng Văn Hùng",
    "Bùi Thị Lan",
    "Đỗ Văn Minh",
    "Ngô Thị Nga",
)
ROMAN = ("I", "II", "III", "IV")
FIELD_DEPARTMENT = {
    "digital_transformation": "SKHCN",
    "science_technology": "SKHCN",
    "innovation": "SKHCN",
    "environment": "SNNMT",
    "climate": "SNNMT",
}
