"""The Vietnamese catalogues are complete and the pages speak them.

Django ignores an empty msgstr and a `#, fuzzy` entry alike: the user sees the English.
So every entry of both catalogues (the project's, and intake's for its domain messages)
is translated and not fuzzy, keeps the msgid's placeholders, and the committed .mo files
say what the .po files say (`steerco compilemessages` was run). A tiny reader: the .po
files are what makemessages writes, and polib is not a dependency.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from steerco.indicators.imports import catalogue_load
from steerco.indicators.tests.conftest import SEED

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [
    ROOT / "locale/vi/LC_MESSAGES/django.po",
    ROOT / "intake/locale/vi/LC_MESSAGES/django.po",
]
# %(name)s, a bare %s or %d (positional: their count and order matter too) and {name}.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0\-+]*\d*(?:\.\d+)?[sdifrxXeEgGc]|\{\w*\}")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid[:70]!r}"


def read_po(path: Path) -> list[Entry]:
    """The live entries (obsolete `#~` ones left out), header included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    obsolete = False

    def close() -> None:
        if entry is not None and not obsolete and target is not None:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            close()
            entry, target, obsolete = None, None, False
            continue
        if entry is None:
            entry = Entry(line=number)
        if line.startswith("#~"):
            obsolete = True
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"{path.name}:{number}: a string continues nothing"
            text = ast.literal_eval(line)
            kind, index = target
            if kind == "msgstr":
                entry.msgstr[index] += text
            elif kind == "msgid":
                entry.msgid += text
            elif kind == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + text
            elif kind == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + text
        else:
            keyword, _sep, rest = line.partition(" ")
            text = ast.literal_eval(rest)
            if keyword == "msgid":
                entry.msgid, target = text, ("msgid", 0)
            elif keyword == "msgid_plural":
                entry.msgid_plural, target = text, ("msgid_plural", 0)
            elif keyword == "msgstr":
                entry.msgstr[0], target = text, ("msgstr", 0)
            elif keyword.startswith("msgstr["):
                index = int(keyword[len("msgstr[") : -1])
                entry.msgstr[index], target = text, ("msgstr", index)
            elif keyword == "msgctxt":
                entry.msgctxt, target = text, ("msgctxt", 0)
            else:
                raise AssertionError(f"{path.name}:{number}: unexpected {keyword!r}")
    close()
    return entries


def placeholders(text: str) -> list[str]:
    """The placeholders of `text`: the named ones as a set (a translation may reorder or
    repeat them), then the positional ones (%s, %d) in their order and number."""
    found = PLACEHOLDER.findall(text.replace("%%", ""))
    named = sorted({p for p in found if p.startswith(("%(", "{"))})
    return named + [p for p in found if not p.startswith(("%(", "{"))]


@pytest.fixture(params=CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def catalogue(request) -> tuple[Path, list[Entry]]:  # type: ignore[no-untyped-def]
    return request.param, read_po(request.param)


def test_the_reader_reads_the_catalogue(catalogue):
    path, entries = catalogue
    assert entries[0].msgid == "" and "Plural-Forms: nplurals=1; plural=0;" in entries[0].msgstr[0]
    assert len(entries) > 50, path


def test_every_entry_is_translated(catalogue):
    path, entries = catalogue
    empty = [str(e) for e in entries[1:] if not e.msgstr or not all(e.msgstr.values())]
    assert empty == [], f"untranslated in {path.relative_to(ROOT)}: translate them"


def test_no_entry_is_fuzzy(catalogue):
    """A fuzzy entry is msgmerge's guess from a similar msgid, and Django never uses it:
    check the translation, then remove the flag (and the `#|` previous msgid)."""
    path, entries = catalogue
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    assert fuzzy == [], f"fuzzy in {path.relative_to(ROOT)}"


def test_translations_keep_the_placeholders(catalogue):
    """The same %(name)s, %s and {name} as the msgid — a translation with a placeholder its
    source lacks shows "%(s)s và ..." on a page or fails with a KeyError —; a plural's
    one Vietnamese form takes the plural msgid's."""
    _path, entries = catalogue
    wrong = [
        f"{e}: {sorted(placeholders(text))}"
        for e in entries[1:]
        if "no-python-format" not in e.flags
        for text in e.msgstr.values()
        if placeholders(text) != placeholders(e.msgid_plural or e.msgid)
    ]
    assert wrong == []


def test_vietnamese_has_one_plural_form(catalogue):
    _path, entries = catalogue
    assert [str(e) for e in entries if e.msgid_plural and set(e.msgstr) != {0}] == []


def test_the_compiled_catalogue_is_up_to_date(catalogue):
    """The .mo files are committed: run `steerco compilemessages -l vi --ignore=.venv`."""
    path, entries = catalogue
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        str(e)
        for e in entries[1:]
        if (
            compiled.ngettext(e.msgid, e.msgid_plural, 1)
            if e.msgid_plural
            else compiled.pgettext(e.msgctxt, e.msgid)
            if e.msgctxt is not None
            else compiled.gettext(e.msgid)
        )
        != e.msgstr[0]
    ]
    assert stale == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_msgfmt_checks_the_catalogue(catalogue):
    path, _entries = catalogue
    run = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


def test_intakes_own_catalogue_is_loaded():
    # Through a variable: a literal in a gettext call here would be extracted by
    # makemessages into the project's catalogue.
    msgid = "task %(ref)s is completed or cancelled; it is not on the unit's sheet"
    with translation.override("vi"):
        assert translation.gettext(msgid) == (
            "nhiệm vụ %(ref)s đã hoàn thành hoặc đã dừng thực hiện; không có trong bảng của đơn vị"
        )


# --- pages -----------------------------------------------------------------------------


@pytest.fixture
def indicators(db):
    assert catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True).rejected == []


def test_the_indicator_pages_speak_vietnamese(client, tree, people, indicators):
    client.force_login(people.tq_manager)
    page = client.get("/indicators/").content.decode()
    assert "<title>Chỉ tiêu · steerco</title>" in page
    assert "Nhập số liệu" in page and "Đơn vị tính" in page and "Chiều đánh giá" in page
    assert "càng cao càng tốt" in page and "higher is better" not in page
    entry = client.get("/indicators/entry/?unit=08").content.decode()
    assert "Nhập số liệu chỉ tiêu" in entry and "Lưu tất cả" in entry
    detail = client.get("/indicators/GRDP/?unit=08&period=2025").content.decode()
    assert "tỷ lệ đạt kế hoạch" in detail and "Nguồn số liệu và các lần điều chỉnh" in detail


def test_the_400_page_and_its_message_speak_vietnamese(client, tree, people, indicators):
    client.force_login(people.tq_manager)
    response = client.get("/indicators/GRDP/?unit=08&period=2025-13")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Yêu cầu không hợp lệ · steerco</title>" in page
    assert "Địa chỉ này có tham số mà trang không đọc được" in page
    assert "Kỳ không hợp lệ; hãy ghi theo dạng 2025, 2025-H1, 2025-Q3 hoặc 2025-09." in page


def test_an_english_user_reads_english(client, tree, people, indicators):
    client.force_login(people.tq_manager)
    client.post(reverse("web:language"), {"language": "en", "next": "/"})
    page = client.get("/indicators/").content.decode()
    assert "<title>Indicators · steerco</title>" in page and "higher is better" in page


def test_a_placeholder_the_source_lacks_is_a_mismatch():
    assert placeholders("%(s)s và các văn bản triển khai") != placeholders(
        "with the documents implementing it"
    )
    assert placeholders("%s của %s") != placeholders("%s of the plan")
    assert placeholders("{n} nhiệm vụ") != placeholders("{count} tasks")
    assert placeholders("%(b)s rồi %(a)s, %(a)s") == placeholders("%(a)s then %(b)s")
    assert placeholders("đạt 100% kế hoạch") == placeholders("100% of the plan")
