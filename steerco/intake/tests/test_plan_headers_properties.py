"""Properties of plan-header detection (hypothesis): a header row whose titles are any of the
synonyms a plan uses — in any column order, any case, with or without diacritics — is found
below any title rows, and each column is mapped to what its title means."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from steerco.intake.plans import HEADER_SCAN_ROWS, REQUIRED, find_header
from steerco.intake.readers import Sheet

examples = hypothesis_settings(max_examples=80, deadline=None)

# Titles seen in plans for each column, Vietnamese and English.
SYNONYMS = {
    "number": ["STT", "TT", "Số TT", "Số thứ tự", "No.", "#", "Ref"],
    "content": [
        "Nội dung nhiệm vụ",
        "Nhiệm vụ",
        "Nội dung",
        "Nội dung công việc",
        "Giải pháp",
        "Task",
        "Description",
        "Activities",
    ],
    "lead": [
        "Cơ quan chủ trì",
        "Đơn vị chủ trì",
        "Chủ trì",
        "Cơ quan thực hiện",
        "Đơn vị thực hiện",
        "Lead unit",
        "Implementing agency",
    ],
    "coordinating": ["Cơ quan phối hợp", "Đơn vị phối hợp", "Phối hợp", "Coordinating units"],
    "deadline": [
        "Thời gian hoàn thành",
        "Thời hạn",
        "Thời hạn hoàn thành",
        "Tiến độ",
        "Thời gian thực hiện",
        "Deadline",
        "Due date",
    ],
    "product": [
        "Sản phẩm",
        "Sản phẩm dự kiến",
        "Kết quả",
        "Kết quả dự kiến",
        "Expected output",
        "Deliverable",
    ],
    "person": [
        "Người phụ trách",
        "Cán bộ phụ trách",
        "Lãnh đạo phụ trách",
        "Đầu mối",
        "Responsible person",
    ],
    "field": ["Lĩnh vực", "Field", "Sector"],
    "authority": ["Thẩm quyền", "Authority"],
    "note": ["Ghi chú", "Note", "Remarks"],
}
OPTIONAL = sorted(set(SYNONYMS) - set(REQUIRED))
MAX_JUNK = HEADER_SCAN_ROWS - 3  # the header must start within the rows scanned


def without_diacritics(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@st.composite
def title(draw, key: str) -> str:
    text = draw(st.sampled_from(SYNONYMS[key]))
    if draw(st.booleans()):
        text = without_diacritics(text)
    return draw(st.sampled_from([text, text.upper(), text.lower()]))


@st.composite
def header(draw, *, without: tuple[str, ...] = ()) -> list[str]:
    """The keys of a header (both required ones and at least one more) in any order."""
    optional = [k for k in OPTIONAL if k not in without]
    extra = draw(st.lists(st.sampled_from(optional), min_size=1, max_size=5, unique=True))
    return draw(st.permutations([*REQUIRED, *extra]))


def junk_rows(width: int):
    """Rows above the table: empty rows and title rows with one filled cell, whatever it says
    ("PHỤ LỤC", "DANH MỤC NHIỆM VỤ ...", a date)."""
    filled = st.tuples(st.integers(0, width - 1), st.text(min_size=1, max_size=60)).map(
        lambda cell: ["" if i != cell[0] else cell[1] for i in range(width)]
    )
    return st.lists(st.just([""] * width) | filled, max_size=MAX_JUNK)


@examples
@given(data=st.data())
def test_a_header_of_any_synonyms_in_any_order_is_found_below_any_title_rows(data):
    keys = data.draw(header(), label="keys")
    titles = [data.draw(title(k), label=k) for k in keys]
    width = len(keys)
    above = data.draw(junk_rows(width), label="above")
    numbered = data.draw(st.booleans(), label="numbering row")
    numbering = [[f"({i + 1})" for i in range(width)]] if numbered else []
    task = [["x"] * width]

    start, mapping = find_header(Sheet("Phụ lục", [*above, titles, *numbering, *task]))

    assert start == len(above) + 1 + len(numbering)  # the first task row
    assert mapping == {key: column for column, key in enumerate(keys)}


@examples
@given(data=st.data())
def test_a_header_spanning_two_rows_maps_lead_and_coordinating_under_their_group_title(data):
    keys = data.draw(header(without=("coordinating",)), label="keys")
    lead = keys.index("lead")
    others = [k for k in keys if k != "lead"]
    group = data.draw(st.sampled_from(["Cơ quan thực hiện", "Đơn vị thực hiện"]), label="group")
    top = [data.draw(title(k), label=k) for k in others]
    # Merged cells are filled: the group title stands over both of its columns, and a title
    # merged down two rows stands in both rows (or the second row is left empty).
    merged_down = data.draw(st.booleans(), label="merged down")
    top[lead:lead] = [group, group]
    below = [t if merged_down else "" for t in top]
    below[lead : lead + 2] = ["Chủ trì", "Phối hợp"]
    above = data.draw(junk_rows(len(top)), label="above")

    start, mapping = find_header(Sheet("Phụ lục", [*above, top, below, ["x"] * len(top)]))

    assert start == len(above) + 2
    columns = [*others[:lead], "lead", "coordinating", *others[lead:]]
    assert mapping == {key: column for column, key in enumerate(columns)}


@examples
@given(data=st.data())
def test_a_table_without_a_lead_column_has_no_header(data):
    keys = [k for k in data.draw(header(), label="keys") if k != "lead"]
    titles = [data.draw(title(k), label=k) for k in keys]
    above = data.draw(junk_rows(len(keys)), label="above")
    assert find_header(Sheet("Phụ lục", [*above, titles, ["x"] * len(keys)])) is None
