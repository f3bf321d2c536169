"""Text catalogues of the demo dataset: directives, task contents, products, names,
progress sentences. Plain data, in Vietnamese as the documents write it.

A task text is (content, product key, field, lead department suffix or "" for the
province itself, coordinating department suffixes).
"""

from __future__ import annotations

from typing import NamedTuple

# Fields (lĩnh vực), as plans write them.
SCIENCE = "Khoa học, công nghệ"
DIGITAL = "Chuyển đổi số"
INNOVATION = "Đổi mới sáng tạo"
ENVIRONMENT = "Môi trường"
RESOURCES = "Tài nguyên"
CLIMATE = "Biến đổi khí hậu"
INSTITUTIONS = "Thể chế, chính sách"
FIELDS = (SCIENCE, DIGITAL, INNOVATION, ENVIRONMENT, RESOURCES, CLIMATE, INSTITUTIONS)


class TaskText(NamedTuple):
    content: str
    product: str
    field: str
    lead: str = ""  # department suffix, "" = the province itself
    coordinating: tuple[str, ...] = ()


# --- products: what the task delivers, and how its evidence document is numbered ---

PRODUCTS: dict[str, tuple[str, str]] = {
    # key: (expected product as written, evidence symbol pattern)
    "qd": ("Quyết định của UBND tỉnh", "{n}/QĐ-UBND"),
    "kh": ("Kế hoạch của UBND tỉnh", "{n}/KH-UBND"),
    "bc": ("Báo cáo", "{n}/BC-{org}"),
    "nq": ("Nghị quyết của HĐND tỉnh", "{n}/NQ-HĐND"),
    "csdl": ("Cơ sở dữ liệu được đưa vào vận hành", "{n}/QĐ-UBND"),
    "ht": ("Hệ thống được đưa vào vận hành", "{n}/QĐ-UBND"),
    "da": ("Đề án được UBND tỉnh phê duyệt", "{n}/QĐ-UBND"),
    "hd": ("Văn bản hướng dẫn", "{n}/HD-{org}"),
    "ctr": ("Chương trình, kế hoạch của Ban Thường vụ Tỉnh ủy", "{n}-KH/TU"),
    "bctu": ("Báo cáo của Ban Thường vụ Tỉnh ủy", "{n}-BC/TU"),
    "ht_xa": ("Hạ tầng được nghiệm thu, đưa vào sử dụng", "{n}/BB-{org}"),
    "qd_xa": ("Quyết định của UBND xã", "{n}/QĐ-UBND"),
    "bc_xa": ("Báo cáo của UBND xã", "{n}/BC-UBND"),
    "tb": ("Thông báo kết luận", "{n}-TB/TU"),
}

# --- Resolution 57-NQ/TW: tasks of the central level (lead unit code) ---

CENTRAL_57: list[tuple[str, str, str, str]] = [
    # (content, product key, field, lead unit code)
    (
        "Hoàn thiện thể chế, pháp luật về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "bc",
        INSTITUTIONS,
        "CP",
    ),
    (
        "Xây dựng Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW",
        "qd",
        INSTITUTIONS,
        "CP",
    ),
    ("Ban hành Luật Khoa học, công nghệ và đổi mới sáng tạo", "bc", SCIENCE, "BKHCN"),
    (
        "Xây dựng Nền tảng số quốc gia phục vụ quản lý nhiệm vụ khoa học và công nghệ",
        "ht",
        SCIENCE,
        "BKHCN",
    ),
    (
        "Hoàn thành xây dựng Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức",
        "csdl",
        DIGITAL,
        "BNV",
    ),
    (
        "Bố trí tối thiểu 3% tổng chi ngân sách nhà nước cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "bc",
        INSTITUTIONS,
        "BTC",
    ),
    (
        "Hoàn thiện Cơ sở dữ liệu quốc gia về dân cư, kết nối với các cơ sở dữ liệu chuyên ngành",
        "csdl",
        DIGITAL,
        "BCA",
    ),
    ("Triển khai phong trào Bình dân học vụ số trên phạm vi toàn quốc", "kh", DIGITAL, "BGDDT"),
    (
        "Xây dựng hệ thống theo dõi, đánh giá việc thực hiện Nghị quyết số 57-NQ/TW",
        "ht",
        DIGITAL,
        "TW-BCD",
    ),
    ("Hoàn thành xây dựng Cơ sở dữ liệu quốc gia về đất đai", "csdl", RESOURCES, "BNNMT"),
    ("Xây dựng hồ sơ sức khỏe điện tử cho người dân trên toàn quốc", "csdl", DIGITAL, "BYT"),
    ("Phát triển hạ tầng số, phủ sóng di động 5G trên cả nước", "bc", DIGITAL, "BKHCN"),
]

# --- Conclusion 81-KL/TW: central tasks and each province's tasks ---

CENTRAL_81: list[tuple[str, str, str, str]] = [
    (
        "Tổng kết việc thực hiện Nghị quyết số 24-NQ/TW về chủ động ứng phó với biến đổi khí hậu",
        "bc",
        CLIMATE,
        "BNNMT",
    ),
    ("Xây dựng hệ thống quan trắc tài nguyên và môi trường quốc gia", "ht", ENVIRONMENT, "BNNMT"),
    (
        "Hoàn thiện cơ chế định giá tài nguyên, phát triển thị trường các-bon",
        "bc",
        RESOURCES,
        "BTC",
    ),
    ("Kiểm kê khí nhà kính cấp quốc gia", "bc", CLIMATE, "BNNMT"),
]

PROVINCE_81: list[TaskText] = [
    TaskText(
        "Xây dựng cơ sở dữ liệu đất đai, kết nối với Cơ sở dữ liệu quốc gia về đất đai",
        "csdl",
        RESOURCES,
        "SNNMT",
        ("STC",),
    ),
    TaskText(
        "Nâng tỷ lệ che phủ rừng, trồng mới và bảo vệ rừng phòng hộ đầu nguồn",
        "bc",
        ENVIRONMENT,
        "SNNMT",
    ),
    TaskText(
        "Thực hiện kiểm kê khí nhà kính cấp cơ sở trên địa bàn tỉnh",
        "bc",
        CLIMATE,
        "SNNMT",
        ("SCT",),
    ),
    TaskText(
        "Xây dựng phương án thu gom, xử lý chất thải rắn sinh hoạt tại các xã sau sắp xếp",
        "da",
        ENVIRONMENT,
        "SNNMT",
        ("SXD",),
    ),
    TaskText(
        "Lắp đặt trạm quan trắc môi trường tự động, kết nối dữ liệu về Bộ Nông nghiệp và Môi trường",
        "ht",
        ENVIRONMENT,
        "SNNMT",
        ("SKHCN",),
    ),
    TaskText(
        "Cập nhật kế hoạch phòng, chống thiên tai và ứng phó với biến đổi khí hậu của tỉnh",
        "kh",
        CLIMATE,
        "SNNMT",
        ("CA",),
    ),
    TaskText(
        "Rà soát, xử lý các cơ sở gây ô nhiễm môi trường nghiêm trọng",
        "bc",
        ENVIRONMENT,
        "SNNMT",
        ("CA", "TTR"),
    ),
]
RECURRING_81 = TaskText(
    "Thường xuyên theo dõi, cảnh báo sạt lở đất, lũ quét tại các xã vùng núi",
    "bc",
    CLIMATE,
    "SNNMT",
    ("CA",),
)

# --- Plan 02-KH/BCĐTW (digital transformation for the two-level local government) ---

PLAN_02: list[TaskText] = [
    TaskText("Hoàn thiện hạ tầng cáp quang băng rộng đến 100% xã", "bc", DIGITAL, "SKHCN"),
    TaskText("Phủ sóng di động 4G/5G tại các thôn, bản còn vùng lõm sóng", "bc", DIGITAL, "SKHCN"),
    TaskText(
        "Rà soát, chuẩn hóa Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh sau sắp xếp đơn vị hành chính",
        "ht",
        DIGITAL,
        "VPUBND",
        ("SKHCN",),
    ),
    TaskText(
        "Bảo đảm hạ tầng mạng, thiết bị đầu cuối cho Trung tâm phục vụ hành chính công các xã, phường mới",
        "ht_xa",
        DIGITAL,
        "STC",
        ("SKHCN", "TTPVHCC"),
    ),
    TaskText(
        "Cập nhật, làm sạch dữ liệu dân cư, hộ tịch theo địa giới hành chính mới",
        "csdl",
        DIGITAL,
        "CA",
        ("STP",),
    ),
    TaskText(
        "Chuyển đổi dịch vụ công trực tuyến toàn trình cho các thủ tục hành chính đủ điều kiện",
        "qd",
        DIGITAL,
        "VPUBND",
        ("TTPVHCC",),
    ),
    TaskText(
        "Kết nối Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh với Cổng Dịch vụ công quốc gia",
        "ht",
        DIGITAL,
        "VPUBND",
    ),
    TaskText(
        "Triển khai hệ thống quản lý văn bản và điều hành thống nhất từ tỉnh đến xã",
        "ht",
        DIGITAL,
        "VPUBND",
        ("SKHCN",),
    ),
    TaskText("Cấp chữ ký số cho 100% cán bộ, công chức cấp xã", "bc", DIGITAL, "SKHCN", ("SNV",)),
    TaskText(
        "Bảo đảm an toàn thông tin theo cấp độ cho các hệ thống thông tin của tỉnh",
        "bc",
        DIGITAL,
        "SKHCN",
        ("CA",),
    ),
    TaskText(
        "Cập nhật mã định danh điện tử của các cơ quan, đơn vị sau sắp xếp",
        "qd",
        DIGITAL,
        "SKHCN",
        ("SNV",),
    ),
    TaskText(
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực", "bc", DIGITAL, "TTPVHCC"
    ),
    TaskText(
        "Triển khai hệ thống họp trực tuyến đến 100% xã, phường",
        "ht",
        DIGITAL,
        "VPUBND",
        ("SKHCN",),
    ),
    TaskText(
        "Triển khai phong trào Bình dân học vụ số", "kh", DIGITAL, "SGDDT", ("SKHCN", "BTGDV")
    ),
    TaskText("Thành lập Tổ công nghệ số cộng đồng ở 100% thôn, tổ dân phố", "bc", DIGITAL, "SKHCN"),
    TaskText(
        "Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã",
        "kh",
        DIGITAL,
        "SNV",
        ("SKHCN",),
    ),
    TaskText("Bố trí kinh phí chuyển đổi số năm 2025 cho các xã, phường", "qd", DIGITAL, "STC"),
    TaskText(
        "Triển khai thanh toán không dùng tiền mặt trong giải quyết thủ tục hành chính",
        "bc",
        DIGITAL,
        "TTPVHCC",
        ("STC",),
    ),
    TaskText(
        "Triển khai ứng dụng định danh điện tử VNeID trong giải quyết thủ tục hành chính",
        "bc",
        DIGITAL,
        "CA",
        ("TTPVHCC",),
    ),
    TaskText(
        "Cập nhật Kho quản lý dữ liệu điện tử của tổ chức, cá nhân trên Cổng Dịch vụ công",
        "bc",
        DIGITAL,
        "TTPVHCC",
    ),
    TaskText(
        "Vận hành Trung tâm giám sát, điều hành thông minh (IOC) cấp tỉnh",
        "ht",
        DIGITAL,
        "SKHCN",
        ("VPUBND",),
    ),
    TaskText(
        "Cấu hình lại quy trình điện tử giải quyết thủ tục hành chính theo thẩm quyền mới của cấp xã",
        "qd",
        DIGITAL,
        "VPUBND",
        ("TTPVHCC",),
    ),
    TaskText("Bảo đảm hộp thư công vụ cho 100% cán bộ, công chức cấp xã", "bc", DIGITAL, "SKHCN"),
    TaskText(
        "Kết nối Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh với Nền tảng tích hợp, chia sẻ dữ liệu quốc gia",
        "ht",
        DIGITAL,
        "SKHCN",
    ),
    TaskText("Ban hành danh mục cơ sở dữ liệu dùng chung của tỉnh", "qd", DIGITAL, "SKHCN"),
    TaskText("Cập nhật Kiến trúc chính quyền số tỉnh phiên bản 4.0", "qd", DIGITAL, "SKHCN"),
    TaskText(
        "Thống kê, đánh giá nhu cầu thiết bị công nghệ thông tin của cấp xã",
        "bc",
        DIGITAL,
        "SKHCN",
        ("STC",),
    ),
    TaskText(
        "Báo cáo kết quả chuyển đổi số phục vụ vận hành chính quyền địa phương hai cấp",
        "bc",
        DIGITAL,
        "",
    ),
    TaskText(
        "Triển khai camera giám sát an ninh, trật tự tại các xã trọng điểm",
        "bc",
        DIGITAL,
        "CA",
        ("SKHCN",),
    ),
    TaskText(
        "Bố trí cán bộ chuyên trách công nghệ thông tin tại các xã, phường", "bc", DIGITAL, "SNV"
    ),
]

# --- Government Resolution 71/NQ-CP (the Government's programme of action for 57) ---

RESOLUTION_71: list[TaskText] = [
    TaskText(
        "Trình HĐND tỉnh ban hành Nghị quyết về cơ chế, chính sách hỗ trợ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "nq",
        INSTITUTIONS,
        "SKHCN",
        ("STC", "STP"),
    ),
    TaskText(
        "Bố trí tối thiểu 3% tổng chi ngân sách địa phương cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "bc",
        INSTITUTIONS,
        "STC",
    ),
    TaskText(
        "Kiện toàn Quỹ phát triển khoa học và công nghệ của tỉnh", "qd", SCIENCE, "SKHCN", ("STC",)
    ),
    TaskText(
        "Xây dựng Đề án phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo của tỉnh",
        "da",
        INNOVATION,
        "SKHCN",
    ),
    TaskText(
        "Ban hành chính sách thu hút chuyên gia, nhà khoa học, nhân lực công nghệ số chất lượng cao",
        "nq",
        INSTITUTIONS,
        "SNV",
        ("SKHCN",),
    ),
    TaskText("Xây dựng Trung tâm dữ liệu của tỉnh", "ht", DIGITAL, "SKHCN", ("STC",)),
    TaskText("Đưa sản phẩm OCOP của tỉnh lên sàn thương mại điện tử", "bc", DIGITAL, "SCT"),
    TaskText("Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số", "kh", DIGITAL, "SCT", ("SKHCN",)),
    TaskText(
        "Đặt hàng nhiệm vụ khoa học và công nghệ giải quyết các vấn đề cấp bách của địa phương",
        "qd",
        SCIENCE,
        "SKHCN",
    ),
    TaskText(
        "Sắp xếp, kiện toàn các tổ chức khoa học và công nghệ công lập của tỉnh",
        "qd",
        SCIENCE,
        "SKHCN",
        ("SNV",),
    ),
    TaskText(
        "Triển khai hồ sơ sức khỏe điện tử, bệnh án điện tử tại các bệnh viện tuyến tỉnh",
        "ht",
        DIGITAL,
        "SYT",
    ),
    TaskText(
        "Triển khai sổ điểm điện tử, học bạ số tại các cơ sở giáo dục", "ht", DIGITAL, "SGDDT"
    ),
    TaskText("Xây dựng hệ thống du lịch thông minh của tỉnh", "ht", DIGITAL, "SVHTTDL", ("SKHCN",)),
    TaskText(
        "Triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử",
        "bc",
        DIGITAL,
        "CA",
    ),
    TaskText(
        "Phổ cập điện thoại thông minh cho người dân vùng sâu, vùng xa",
        "kh",
        DIGITAL,
        "SKHCN",
        ("SCT",),
    ),
    TaskText("Nâng cao Chỉ số chuyển đổi số cấp tỉnh (DTI)", "kh", DIGITAL, "SKHCN"),
    TaskText(
        "Ứng dụng trí tuệ nhân tạo trong hỗ trợ giải quyết thủ tục hành chính",
        "ht",
        INNOVATION,
        "TTPVHCC",
        ("SKHCN",),
    ),
    TaskText(
        "Đánh giá, xếp hạng mức độ chuyển đổi số của các sở, ngành, xã, phường",
        "qd",
        DIGITAL,
        "SKHCN",
    ),
    TaskText(
        "Đăng ký bảo hộ chỉ dẫn địa lý cho các sản phẩm đặc sản của tỉnh",
        "bc",
        INNOVATION,
        "SKHCN",
        ("SNNMT",),
    ),
    TaskText(
        "Ứng dụng công nghệ cao trong sản xuất nông nghiệp", "da", SCIENCE, "SNNMT", ("SKHCN",)
    ),
    TaskText(
        "Thành lập vườn ươm doanh nghiệp khởi nghiệp đổi mới sáng tạo",
        "qd",
        INNOVATION,
        "SKHCN",
        ("BQLKCN",),
    ),
    TaskText("Thu hút đầu tư vào khu công nghệ thông tin tập trung", "bc", INNOVATION, "BQLKCN"),
    TaskText("Phát triển nền tảng học tập trực tuyến mở cho người dân", "ht", DIGITAL, "SGDDT"),
    TaskText(
        "Xây dựng Kho dữ liệu dùng chung về kết quả nghiên cứu khoa học của tỉnh",
        "csdl",
        SCIENCE,
        "SKHCN",
    ),
]

# --- the central steering committee's concluding notice, broken down by department ---

# Each department's sector, for the per-department templates below.
SECTORS: dict[str, str] = {
    "VPUBND": "kiểm soát thủ tục hành chính",
    "SKHCN": "khoa học, công nghệ và viễn thông",
    "STC": "tài chính, đầu tư công",
    "SNV": "nội vụ, cán bộ, công chức",
    "SNNMT": "đất đai, nông nghiệp và môi trường",
    "SXD": "xây dựng, quy hoạch",
    "SCT": "công thương",
    "SYT": "y tế",
    "SGDDT": "giáo dục và đào tạo",
    "SVHTTDL": "văn hóa, thể thao và du lịch",
    "STP": "tư pháp, hộ tịch",
    "SDTTG": "dân tộc, tôn giáo",
    "TTR": "thanh tra, tiếp công dân",
    "CA": "an ninh, trật tự",
    "BTGDV": "tuyên giáo và dân vận",
    "VPTU": "công tác văn phòng cấp ủy",
    "BQLKCN": "quản lý khu công nghiệp",
    "DPTTH": "phát thanh, truyền hình",
    "BHXH": "bảo hiểm xã hội",
    "TTPVHCC": "phục vụ hành chính công",
}

NOTICE_TEMPLATES: list[tuple[str, str, str]] = [
    # (content with {sector}, product key, field)
    (
        'Làm sạch, chuẩn hóa dữ liệu ngành {sector} theo tiêu chí "đúng, đủ, sạch, sống"',
        "csdl",
        DIGITAL,
    ),
    (
        "Kết nối, chia sẻ dữ liệu ngành {sector} với Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh",
        "ht",
        DIGITAL,
    ),
    (
        "Rà soát, đề xuất cắt giảm, đơn giản hóa thủ tục hành chính lĩnh vực {sector}",
        "bc",
        INSTITUTIONS,
    ),
    ("Xây dựng kế hoạch chuyển đổi số ngành {sector} năm 2026", "kh", DIGITAL),
    ("Số hóa hồ sơ lưu trữ ngành {sector}", "bc", DIGITAL),
    ("Đăng ký nhiệm vụ khoa học và công nghệ phục vụ quản lý ngành {sector}", "bc", SCIENCE),
]

NOTICE_GENERAL: list[TaskText] = [
    TaskText(
        "Kiện toàn Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh",
        "qd",
        INSTITUTIONS,
        "VPTU",
    ),
    TaskText(
        "Rà soát toàn bộ nhiệm vụ được giao, xây dựng kế hoạch xử lý dứt điểm nhiệm vụ chậm tiến độ",
        "bc",
        INSTITUTIONS,
        "",
    ),
    TaskText(
        'Giao nhiệm vụ theo nguyên tắc "5 rõ" cho từng cơ quan, đơn vị, cán bộ',
        "hd",
        INSTITUTIONS,
        "VPTU",
    ),
    TaskText(
        "Cập nhật đầy đủ tiến độ nhiệm vụ lên Hệ thống theo dõi, đánh giá thực hiện Nghị quyết số 57-NQ/TW",
        "bc",
        DIGITAL,
        "VPUBND",
    ),
    TaskText(
        "Xử lý dứt điểm tình trạng nền tảng, cơ sở dữ liệu chưa thống nhất, đồng bộ sau sắp xếp",
        "bc",
        DIGITAL,
        "SKHCN",
    ),
    TaskText(
        "Khắc phục vùng lõm sóng di động tại các xã vùng sâu, vùng xa", "bc", DIGITAL, "SKHCN"
    ),
    TaskText(
        "Bố trí đủ cán bộ có chuyên môn công nghệ thông tin cho các xã, phường",
        "bc",
        DIGITAL,
        "SNV",
    ),
    TaskText(
        "Đánh giá cán bộ, công chức theo kết quả thực hiện Nghị quyết số 57-NQ/TW",
        "hd",
        INSTITUTIONS,
        "SNV",
        ("VPTU",),
    ),
    TaskText("Nâng tỷ lệ tái sử dụng dữ liệu đã số hóa lên 60%", "bc", DIGITAL, "TTPVHCC"),
    TaskText(
        "Nâng tỷ lệ giải quyết thủ tục hành chính đúng hạn lên trên 99%",
        "bc",
        DIGITAL,
        "TTPVHCC",
        ("VPUBND",),
    ),
    TaskText(
        "Đẩy nhanh giải ngân vốn đầu tư công cho các dự án chuyển đổi số", "bc", DIGITAL, "STC"
    ),
    TaskText(
        "Tổ chức tập huấn kỹ năng số cho 3.000 cán bộ, công chức", "bc", DIGITAL, "SNV", ("SKHCN",)
    ),
    TaskText(
        "Phát triển mạng lưới Tổ công nghệ số cộng đồng với 10.000 thành viên",
        "bc",
        DIGITAL,
        "SKHCN",
    ),
    TaskText(
        "Chấn chỉnh tình trạng hình thức, làm cho có trong chuyển đổi số",
        "hd",
        INSTITUTIONS,
        "VPTU",
    ),
    TaskText("Sơ kết 9 tháng thực hiện Nghị quyết số 57-NQ/TW", "bctu", INSTITUTIONS, "VPTU"),
    TaskText(
        "Tuyên truyền kết quả thực hiện Nghị quyết số 57-NQ/TW trên báo chí của tỉnh",
        "bc",
        INSTITUTIONS,
        "DPTTH",
        ("BTGDV",),
    ),
    TaskText(
        "Triển khai bảo hiểm xã hội điện tử, chi trả không dùng tiền mặt", "bc", DIGITAL, "BHXH"
    ),
    TaskText(
        "Hoàn thành số hóa sổ hộ tịch, chuyển đổi dữ liệu lên hệ thống hộ tịch điện tử",
        "csdl",
        DIGITAL,
        "STP",
    ),
    TaskText(
        "Triển khai dịch vụ công trực tuyến cấp giấy chứng nhận quyền sử dụng đất",
        "ht",
        DIGITAL,
        "SNNMT",
        ("TTPVHCC",),
    ),
    TaskText("Xây dựng hệ thống thông tin quy hoạch tỉnh trên nền tảng số", "ht", DIGITAL, "SXD"),
]

# --- each province's programme of action implementing 57 (with cascades) ---


class Cascade(NamedTuple):
    """A top task of the programme with what departments and communes take from it."""

    top: TaskText
    departments: tuple[tuple[str, str, str], ...]  # (dept suffix, content, product key)
    commune: tuple[str, str] | None  # (content, product key) for the chosen communes


PROGRAMME: list[Cascade] = [
    Cascade(
        TaskText(
            "Hoàn thiện hạ tầng cáp quang băng rộng đến 100% xã", "bc", DIGITAL, "", ("SKHCN",)
        ),
        (
            (
                "SKHCN",
                "Phối hợp các doanh nghiệp viễn thông kéo cáp quang đến trung tâm các xã còn thiếu",
                "bc",
            ),
        ),
        (
            "Phối hợp doanh nghiệp viễn thông hoàn thiện cáp quang đến các thôn trên địa bàn xã",
            "ht_xa",
        ),
    ),
    Cascade(
        TaskText("Triển khai phong trào Bình dân học vụ số", "kh", DIGITAL, "", ("SGDDT", "BTGDV")),
        (("SGDDT", "Xây dựng tài liệu phổ cập kỹ năng số cơ bản cho người dân", "hd"),),
        ("Tổ chức phổ cập kỹ năng số cho người dân trên địa bàn xã", "bc_xa"),
    ),
    Cascade(
        TaskText("Thành lập Tổ công nghệ số cộng đồng", "qd", DIGITAL, "", ("SKHCN",)),
        (("SKHCN", "Hướng dẫn thành lập và hoạt động của Tổ công nghệ số cộng đồng", "hd"),),
        ("Thành lập Tổ công nghệ số cộng đồng tại 100% thôn, tổ dân phố", "qd_xa"),
    ),
    Cascade(
        TaskText("Xây dựng cơ sở dữ liệu đất đai", "csdl", RESOURCES, "", ("SNNMT",)),
        (
            ("SNNMT", "Số hóa hồ sơ địa chính, xây dựng cơ sở dữ liệu đất đai của tỉnh", "csdl"),
            ("STC", "Bố trí kinh phí xây dựng cơ sở dữ liệu đất đai", "qd"),
        ),
        ("Rà soát, cập nhật biến động đất đai vào cơ sở dữ liệu đất đai", "bc_xa"),
    ),
    Cascade(
        TaskText(
            "Chuyển đổi dịch vụ công trực tuyến toàn trình",
            "qd",
            DIGITAL,
            "",
            ("VPUBND", "TTPVHCC"),
        ),
        (
            (
                "VPUBND",
                "Công bố danh mục thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
                "qd",
            ),
            (
                "TTPVHCC",
                "Hỗ trợ người dân nộp hồ sơ trực tuyến tại Trung tâm phục vụ hành chính công",
                "bc",
            ),
        ),
        ("Tiếp nhận, giải quyết 100% hồ sơ thủ tục hành chính trên môi trường điện tử", "bc_xa"),
    ),
    Cascade(
        TaskText("Xây dựng Trung tâm dữ liệu của tỉnh", "ht", DIGITAL, "", ("SKHCN", "STC")),
        (("SKHCN", "Lập dự án đầu tư Trung tâm dữ liệu của tỉnh", "da"),),
        None,
    ),
    Cascade(
        TaskText("Đào tạo nguồn nhân lực số cho cơ quan nhà nước", "kh", DIGITAL, "", ("SNV",)),
        (("SNV", "Tổ chức đào tạo kỹ năng số cho cán bộ, công chức, viên chức", "bc"),),
        ("Cử cán bộ, công chức tham gia đào tạo kỹ năng số", "bc_xa"),
    ),
    Cascade(
        TaskText(
            "Ban hành chính sách hỗ trợ khởi nghiệp đổi mới sáng tạo",
            "nq",
            INNOVATION,
            "",
            ("SKHCN",),
        ),
        (
            (
                "SKHCN",
                "Dự thảo Nghị quyết của HĐND tỉnh về hỗ trợ khởi nghiệp đổi mới sáng tạo",
                "nq",
            ),
        ),
        None,
    ),
    Cascade(
        TaskText(
            "Ứng dụng khoa học, công nghệ trong sản xuất nông nghiệp",
            "da",
            SCIENCE,
            "",
            ("SNNMT", "SKHCN"),
        ),
        (("SNNMT", "Xây dựng mô hình nông nghiệp ứng dụng công nghệ cao", "bc"),),
        None,
    ),
    Cascade(
        TaskText("Phát triển y tế số", "ht", DIGITAL, "", ("SYT",)),
        (("SYT", "Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh", "ht"),),
        None,
    ),
    Cascade(
        TaskText("Phát triển giáo dục số", "ht", DIGITAL, "", ("SGDDT",)),
        (("SGDDT", "Triển khai học bạ số tại các trường phổ thông", "ht"),),
        None,
    ),
    Cascade(
        TaskText(
            "Phát triển thương mại điện tử, đưa sản phẩm OCOP lên sàn", "bc", DIGITAL, "", ("SCT",)
        ),
        (("SCT", "Hỗ trợ các chủ thể OCOP mở gian hàng trên sàn thương mại điện tử", "bc"),),
        None,
    ),
    Cascade(
        TaskText(
            "Bố trí ngân sách cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            "qd",
            INSTITUTIONS,
            "",
            ("STC",),
        ),
        (
            (
                "STC",
                "Tham mưu bố trí dự toán chi khoa học, công nghệ và chuyển đổi số năm 2026",
                "qd",
            ),
        ),
        None,
    ),
]

# Tasks the provinces added to their programmes in 2026 (assigned after 2025-10-20).
PROGRAMME_2026: list[TaskText] = [
    TaskText(
        "Triển khai trợ lý ảo hỗ trợ người dân, doanh nghiệp tra cứu thủ tục hành chính",
        "ht",
        INNOVATION,
        "TTPVHCC",
        ("SKHCN",),
    ),
    TaskText(
        "Kết nối các cơ sở dữ liệu chuyên ngành của tỉnh với Trung tâm dữ liệu quốc gia",
        "ht",
        DIGITAL,
        "SKHCN",
        ("CA",),
    ),
    TaskText(
        "Nâng tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến toàn trình lên 80%",
        "bc",
        DIGITAL,
        "TTPVHCC",
    ),
    TaskText(
        "Phổ cập kỹ năng số cho 80% người dân trong độ tuổi lao động",
        "bc",
        DIGITAL,
        "SGDDT",
        ("SKHCN",),
    ),
    TaskText("Phủ sóng 5G tại trung tâm 100% xã, phường", "bc", DIGITAL, "SKHCN"),
    TaskText("Đánh giá Chỉ số chuyển đổi số cấp xã năm 2025", "qd", DIGITAL, "SKHCN", ("SNV",)),
    TaskText("Tổng kết 2 năm thực hiện Nghị quyết số 57-NQ/TW", "bctu", INSTITUTIONS, "VPTU"),
    TaskText(
        "Ứng dụng trí tuệ nhân tạo trong chỉ đạo, điều hành của UBND tỉnh",
        "ht",
        INNOVATION,
        "VPUBND",
        ("SKHCN",),
    ),
    TaskText(
        "Xây dựng bản đồ số nông nghiệp, đất đai của tỉnh", "csdl", RESOURCES, "SNNMT", ("SKHCN",)
    ),
    TaskText(
        "Thành lập Trung tâm đổi mới sáng tạo của tỉnh", "qd", INNOVATION, "SKHCN", ("SNV", "STC")
    ),
]

# What the programme added in 2026 for Xã Lâm Bình (the demo's commune reporter).
COMMUNE_2026: list[TaskText] = [
    TaskText(
        "Hướng dẫn người dân cài đặt, kích hoạt tài khoản định danh điện tử mức độ 2 tại các thôn",
        "bc",
        DIGITAL,
    ),
    TaskText(
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính của UBND xã năm 2026",
        "bc",
        DIGITAL,
    ),
    TaskText(
        "Duy trì hoạt động Tổ công nghệ số cộng đồng tại các thôn, bản năm 2026",
        "bc",
        DIGITAL,
    ),
]

PROGRAMME_RECURRING: list[tuple[TaskText, str, str]] = [
    # (task, deadline text, cadence)
    (
        TaskText(
            "Tuyên truyền, phổ biến Nghị quyết số 57-NQ/TW trên các phương tiện thông tin đại chúng",
            "bc",
            INSTITUTIONS,
            "BTGDV",
            ("DPTTH",),
        ),
        "Thường xuyên, báo cáo hằng quý",
        "quarter",
    ),
    (
        TaskText(
            "Báo cáo tiến độ thực hiện Chương trình hành động về Ban Chỉ đạo của tỉnh",
            "bc",
            INSTITUTIONS,
            "VPUBND",
        ),
        "Thường xuyên, hằng tháng",
        "month",
    ),
    (
        TaskText(
            "Theo dõi, đôn đốc các xã, phường thực hiện nhiệm vụ chuyển đổi số",
            "bc",
            DIGITAL,
            "SKHCN",
        ),
        "Thường xuyên",
        "month",
    ),
]

TELECOM_OPERATORS = (
    "Tập đoàn Công nghiệp - Viễn thông Quân đội (Viettel)",
    "Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)",
)

# --- people ---

SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Ma",
    "Nông",
    "Hà",
    "Triệu",
    "Lò",
    "Đinh",
    "Lương",
)
MALE_MIDDLE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Mạnh", "Tiến", "Công")
MALE_GIVEN = (
    "Hùng",
    "Sơn",
    "Tuấn",
    "Dũng",
    "Thắng",
    "Hải",
    "Bình",
    "Cường",
    "Nam",
    "Trung",
    "Quyết",
    "Vinh",
    "Phúc",
    "Long",
    "Hiếu",
    "Khánh",
    "Thành",
    "Toàn",
    "Kiên",
    "Đạt",
)
FEMALE_MIDDLE = ("Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Thúy", "Phương")
FEMALE_GIVEN = (
    "Hà",
    "Lan",
    "Hương",
    "Mai",
    "Linh",
    "Thảo",
    "Hòa",
    "Nga",
    "Huyền",
    "Yến",
    "Trang",
    "Hạnh",
)

PROVINCE_TITLES = ("Phó Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh", "Phó Bí thư Tỉnh ủy")
DEPARTMENT_TITLES = ("Giám đốc", "Phó Giám đốc", "Trưởng ban", "Phó Trưởng ban")
COMMUNE_TITLES = ("Chủ tịch UBND", "Phó Chủ tịch UBND")
CENTRAL_TITLES = {
    "CP": "Phó Thủ tướng Chính phủ",
    "TW-BCD": "Phó Trưởng Ban Chỉ đạo Trung ương",
    "NHNN": "Phó Thống đốc Ngân hàng Nhà nước Việt Nam",
}

# --- progress sentences ---

DONE_STARTED = (
    "Đã xây dựng dự thảo, đang lấy ý kiến các sở, ngành",
    "Đã giao cơ quan chuyên môn chủ trì triển khai",
    "Đang khảo sát hiện trạng, xây dựng kế hoạch chi tiết",
    "Đã phân công cán bộ theo dõi, thực hiện",
    "Đang tổng hợp số liệu từ các xã, phường",
    "Đã tổ chức hội nghị triển khai",
    "Đang hoàn thiện hồ sơ trình UBND tỉnh",
    "Đang triển khai theo kế hoạch",
)
DONE_COMPLETED = {
    # by what the product is: something put into operation, a report, or a document issued
    "operate": (
        "Đã hoàn thành, đưa vào vận hành theo văn bản số {symbol} ngày {day}",
        "Hoàn thành; hệ thống được nghiệm thu, đưa vào sử dụng theo văn bản số {symbol} ngày {day}",
    ),
    "report": (
        "Đã hoàn thành, gửi Báo cáo số {symbol} ngày {day}",
        "Hoàn thành theo kế hoạch; kết quả tại Báo cáo số {symbol} ngày {day}",
    ),
    "issue": (
        "Đã hoàn thành, ban hành văn bản số {symbol} ngày {day}",
        "Hoàn thành theo kế hoạch; sản phẩm: văn bản số {symbol} ngày {day}",
    ),
}
PRODUCT_KIND = {
    "csdl": "operate",
    "ht": "operate",
    "ht_xa": "operate",
    "bc": "report",
    "bc_xa": "report",
    "bctu": "report",
}
DONE_RECURRING = (
    "Đã thực hiện đầy đủ nội dung trong kỳ",
    "Đã đăng tải tin, bài và tổ chức các hoạt động trong kỳ",
    "Đã tổng hợp, báo cáo đúng quy định",
    "Đã kiểm tra, đôn đốc các xã, phường trong kỳ",
)
OBSTACLES = (
    "Thiếu nhân lực công nghệ thông tin ở cấp xã",
    "Kinh phí thực hiện chưa được bố trí kịp thời",
    "Sóng di động yếu tại một số thôn vùng sâu, vùng xa",
    "Các nền tảng, cơ sở dữ liệu chưa được đồng bộ sau sắp xếp",
    "Thiết bị đầu cuối tại các xã mới còn thiếu, cũ",
    "Hướng dẫn của bộ, ngành trung ương chưa đầy đủ",
)
PROPOSALS = (
    "Đề nghị Sở Tài chính bố trí kinh phí thực hiện",
    "Đề nghị Sở Khoa học và Công nghệ hỗ trợ kỹ thuật",
    "Đề nghị các doanh nghiệp viễn thông đẩy nhanh tiến độ",
    "Đề nghị bộ, ngành trung ương sớm ban hành hướng dẫn",
    "Đề nghị bổ sung biên chế cán bộ công nghệ thông tin cho cấp xã",
)
# Why a request reaches the assigning unit after the deadline (recorded by its manager).
LATE_REQUEST_REASONS = (
    "Đơn vị chủ trì gửi công văn đề nghị trước thời hạn nhưng văn bản đến sau thời hạn",
    "Đơn vị chủ trì chờ ý kiến của các đơn vị phối hợp trước khi đề nghị",
    "Thay đổi cán bộ phụ trách sau sắp xếp tổ chức bộ máy",
)
EXTENSION_REASONS = (
    "Chờ hướng dẫn của bộ, ngành trung ương",
    "Khối lượng dữ liệu cần chuẩn hóa lớn hơn dự kiến sau sắp xếp đơn vị hành chính",
    "Kinh phí thực hiện được bố trí muộn",
    "Doanh nghiệp viễn thông chậm bàn giao hạ tầng",
)
RETURN_REASONS = (
    "Sản phẩm chưa đáp ứng yêu cầu; đề nghị bổ sung số liệu của các xã, phường",
    "Chưa có văn bản chứng minh kết quả; đề nghị bổ sung minh chứng",
)
CANCEL_REASONS = (
    "Nhiệm vụ được lồng ghép vào Kế hoạch số 02-KH/BCĐTW, không theo dõi riêng",
    "Nhiệm vụ không còn phù hợp sau sắp xếp đơn vị hành chính",
)
