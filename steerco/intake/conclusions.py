"""Concluding notices (thông báo kết luận) read into task drafts, one per assignment.

`read_conclusions(text, directory, year=)` splits a notice into its numbered conclusions
("1.", "a)", "-" bullets; a paragraph may hold several sentences) and reads each sentence
that assigns something: the lead unit after "giao", "đề nghị", "yêu cầu" or before "chủ
trì" (or the unit heading a list of bullets, "Sở Tài chính:"), the coordinating units after
"phối hợp (với)", the deadline ("trong tháng 11/2025", "trước ngày 15/12/2025", "Quý
I/2026", "hằng tháng", "thường xuyên") and the product ("Kế hoạch …", "báo cáo …", "đề án
…"). Units are read by intake's `UnitDirectory` and deadlines by `parse_deadline`: this
module only finds where they are written. What it cannot read — no unit or several where
one lead is needed, a name of no unit, a deadline it cannot read or several deadlines —
is named in the draft's `problems`, never guessed. Sentences that assign nothing
(assessments, the heading, "Nơi nhận") are left out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from steerco.lib.vietnamese import fold
from steerco.units.models import Unit, UnitKind

from .deadlines import Deadline, DeadlineError, parse_deadline
from .messages import deadline_message
from .readers import IntakeFileError, file_kind
from .unitnames import UnitDirectory, UnitNameError

MAX_NAME_WORDS = 16  # the longest unit name read, in words ("Ban Chỉ đạo … chuyển đổi số")
MAX_DEADLINE_WORDS = 10


@dataclass(frozen=True)
class UnitRef:
    code: str
    name: str

    @classmethod
    def of(cls, unit: Unit) -> UnitRef:
        return cls(unit.code, unit.name)

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name}


@dataclass
class Draft:
    """One assignment of a notice, as read: what `steerco conclusions read --json` prints."""

    text: str
    lead: UnitRef | None = None
    coordinating: list[UnitRef] = field(default_factory=list)
    deadline: Deadline | None = None
    product: str | None = None
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "lead": self.lead.as_dict() if self.lead else None,
            "coordinating": [u.as_dict() for u in self.coordinating],
            "deadline": self.deadline.as_dict() if self.deadline else None,
            "product": self.product,
            "problems": list(self.problems),
        }


# --- the notice's text --------------------------------------------------------


def notice_text(name: str, data: bytes) -> str:
    """The text of a notice file: a .docx's paragraphs (numbered items marked by their
    level), anything else UTF-8 text. Raises IntakeFileError for what cannot be read."""
    if name.lower().endswith(".docx"):
        file_kind(name, data, ("docx",), sheets=False)  # size, zip and XML checks
        return _docx_text(name, data)
    if b"\x00" in data[:4096] or data.startswith(b"PK\x03\x04"):
        raise IntakeFileError(
            _("%(name)s: this is not a text file; give a .txt or .docx notice") % {"name": name}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IntakeFileError(
            _("%(name)s: the text is not UTF-8; save it as UTF-8 or .docx") % {"name": name}
        ) from None


_LEVEL_MARKERS = ("1.", "a)", "-")


def _docx_text(name: str, data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise IntakeFileError(
            _("%(name)s: the file cannot be read (%(error)s)")
            % {"name": name, "error": f"{exc.__class__.__name__}: {exc}"}
        ) from None
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        numbered = paragraph._p.xpath("./w:pPr/w:numPr")
        style = paragraph.style.name if paragraph.style is not None else ""
        if text and (numbered or style.startswith("List")) and not _MARKER.match(text):
            levels = paragraph._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            level = int(levels[0]) if levels and str(levels[0]).isdigit() else 0
            marker = "-" if "Bullet" in style else _LEVEL_MARKERS[min(level, 2)]
            text = f"{marker} {text}"
        lines.append(text)
    return "\n".join(lines)


# --- paragraphs and sentences -------------------------------------------------

_MARKER = re.compile(
    r"^\s*(?:(?P<roman>[IVX]{1,5})\.|(?P<number>\d{1,2}(?:\.\d{1,2})*)[.)]"
    r"|(?P<letter>[a-zđ])\)|(?P<bullet>[-–•+*]))\s+"
)
_RANKS = {"roman": 0, "number": 1, "letter": 2, "bullet": 3}
_END = re.compile(r"^\s*n[oơ]i nh[aậ]n\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Paragraph:
    rank: int | None  # None: no item marker
    text: str


def _paragraphs(text: str) -> list[_Paragraph]:
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _END.match(line):
            break  # "Nơi nhận:" and the signature: recipients, not conclusions
        if not line.strip():
            continue
        m = _MARKER.match(line)
        rank = None
        if m:
            kind = next(k for k, v in m.groupdict().items() if v is not None)
            rank = _RANKS[kind] + (m["number"].count(".") if kind == "number" else 0)
            line = line[m.end() :]
        out.append(_Paragraph(rank, " ".join(line.split())))
    return out


_TOKEN = re.compile(r"[^\W_](?:[\w&]|[/.\-](?=[^\W_]))*|[^\w\s]")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    folded: str


class _Sentence:
    """A sentence's words with their places in the text, so that any run of words can be
    shown as written."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = [_Token(m.start(), m.end(), m[0], fold(m[0])) for m in _TOKEN.finditer(text)]

    def __len__(self) -> int:
        return len(self.tokens)

    def span(self, i: int, j: int) -> str:
        """Words i..j (inclusive) as written."""
        return self.text[self.tokens[i].start : self.tokens[j].end]

    def word(self, i: int) -> str:
        return self.tokens[i].folded if 0 <= i < len(self.tokens) else ""

    def at(self, i: int, words: tuple[str, ...]) -> bool:
        return all(self.word(i + k) == w for k, w in enumerate(words))

    def find(self, words: tuple[str, ...], start: int = 0, end: int | None = None) -> int | None:
        for i in range(start, (len(self) if end is None else end) - len(words) + 1):
            if self.at(i, words):
                return i
        return None


def _sentences(text: str) -> list[str]:
    """A paragraph's sentences: split after "." or ";" followed by a capital letter."""
    sentences, start = [], 0
    for m in re.finditer(r"(?<=[.;!?])\s+(?=\S)", text):
        if text[m.end()].isupper():
            sentences.append(text[start : m.start()])
            start = m.end()
    sentences.append(text[start:])
    return [p.strip() for p in sentences if p.strip()]


# --- units --------------------------------------------------------------------

_PUNCT = {".", ";", ":", "(", ")", "!", "?"}
_SEPARATORS = {",", "va", ";"}
_VERBS = {
    tuple(v.split())
    for v in (
        "ra soat|xay dung|trien khai|tham muu|to chuc|thuc hien|hoan thanh|hoan thien|"
        "nghien cuu|de xuat|ban hanh|bao cao|tong hop|huong dan|kiem tra|don doc|theo doi|"
        "day manh|tang cuong|bo tri|can doi|chi dao|cap nhat|so hoa|dau tu|nang cap|ket noi|"
        "van hanh|phat trien|khan truong|tiep tuc|chuan bi|sua doi|dao tao|tuyen truyen|"
        "quan triet|giai quyet|xu ly|tap trung|khac phuc|bao dam|dam bao|danh gia|"
        "thuong xuyen|dinh ky|phu song|cung cap|ho tro|xem xet|trinh|lap|trong|truoc"
    ).split("|")
}


def _verb_at(s: _Sentence, i: int) -> bool:
    return any(s.at(i, verb) for verb in _VERBS)


@dataclass
class _Names:
    """A run of unit names in a sentence: the names of the tree and the outside bodies."""

    start: int
    end: int  # the word after the run
    names: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, directory: UnitDirectory, year: int | None):
        self.directory = directory
        self.year = year

    # a run of names ----------------------------------------------------------

    def _name_at(self, s: _Sentence, i: int) -> int | None:
        """The last word of the longest unit name starting at word i."""
        stop = len(s)
        for k in range(i, min(len(s), i + MAX_NAME_WORDS)):
            if s.word(k) in _PUNCT:
                stop = k
                break
        else:
            stop = min(len(s), i + MAX_NAME_WORDS)
        for j in range(stop - 1, i - 1, -1):
            if s.word(j) not in _SEPARATORS and self.directory.known(s.span(i, j)):
                return j
        return None

    def _outside_at(self, s: _Sentence, i: int) -> int | None:
        """The last word of a body outside the tree named from word i ("VNPT Tuyên Quang")."""
        j = i
        while j < len(s) and s.word(j) not in _PUNCT | {",", "va"} and not _verb_at(s, j):
            j += 1
        if j > i and UnitDirectory.outside(s.span(i, j - 1)):
            return j - 1
        return None

    def names(self, s: _Sentence, i: int, *, outside: bool) -> _Names:
        run = _Names(i, i)
        pos = i
        while pos < len(s):
            j = self._name_at(s, pos)
            if j is not None:
                run.names.append(s.span(pos, j))
            elif outside and (j := self._outside_at(s, pos)) is not None:
                run.outside.append(s.span(pos, j))
            else:
                break
            pos = run.end = j + 1
            if s.word(pos) == "(":  # "(cơ quan thường trực)" after a name
                close = s.find((")",), pos)
                if close is not None:
                    pos = run.end = close + 1
            while s.word(pos) in _SEPARATORS:
                pos += 1
        return run

    # the lead ----------------------------------------------------------------

    _TRIGGERS = (("giao",), ("de", "nghi"), ("yeu", "cau"))

    def _trigger_places(self, s: _Sentence, end: int) -> list[tuple[int, int]]:
        """(where, the word just after) each "giao (cho)", "đề nghị", "yêu cầu" before word `end`."""
        found = []
        for i in range(end):
            for trigger in self._TRIGGERS:
                if s.at(i, trigger):
                    after = i + len(trigger)
                    found.append((i, after + 1 if s.word(after) == "cho" else after))
        return found

    def _triggers(self, s: _Sentence, end: int) -> list[int]:
        return [after for _i, after in self._trigger_places(s, end)]

    def _whole(self, s: _Sentence, start: int, end: int) -> _Names | None:
        """The names of words start..end-1 if they are nothing but names of the tree."""
        while end > start and s.word(end - 1) in {",", ":"}:
            end -= 1
        if end <= start:
            return None
        run = self.names(s, start, outside=False)
        return run if run.names and run.end == end else None

    def lead(self, s: _Sentence) -> tuple[_Names | None, str | None, int]:
        """(the lead's names, or None; the phrase of an unread lead; the word after the lead).
        (None, None, -1): the sentence names no lead."""
        chu_tri = s.find(("chu", "tri"))
        if chu_tri is not None:
            for start in [*self._triggers(s, chu_tri), 0]:
                if (run := self._whole(s, start, chu_tri)) is not None:
                    return run, None, chu_tri + 2
        triggers = self._triggers(s, len(s))
        for start in triggers:
            run = self.names(s, start, outside=False)
            if run.names:  # "Giao Sở Tài chính tham mưu …", "Giao Sở KH&CN là đầu mối, chủ trì …"
                return run, None, run.end
        if chu_tri is not None:
            before = self._triggers(s, chu_tri)
            if before and chu_tri - before[0] <= MAX_NAME_WORDS:
                return None, s.span(before[0], chu_tri - 1).strip(" ,:"), chu_tri + 2
            if chu_tri == 0:
                return None, None, 2  # "Chủ trì …" under a unit's heading
        for where, start in self._trigger_places(s, len(s)):
            opens = where == 0 or s.word(where - 1) in {",", ";", ":"}
            if opens and start < len(s) and s.tokens[start].text[:1].isupper():
                end = start
                while end < min(len(s), start + 8) and not (
                    s.word(end) in _PUNCT | {","} or _verb_at(s, end)
                ):
                    end += 1
                return None, s.span(start, max(start, end - 1)), end
        colon = s.find((":",))
        if colon is not None and (run := self._whole(s, 0, colon)) is not None:
            return run, None, colon + 1  # "Sở Tài chính: bố trí kinh phí …"
        return None, None, -1

    def resolve_lead(self, run: _Names | None, unread: str | None) -> tuple[UnitRef | None, str]:
        """The one lead unit, or None and the problem that says why not."""
        if run is None:
            if unread:
                return None, self._unknown(unread)
            return None, _("no lead unit is named")
        written = ", ".join(run.names)
        try:
            found = self.directory.match(written, role="lead")
        except UnitNameError as exc:
            return None, str(exc)
        if len(found.units) == 1 and not found.collective:
            return UnitRef.of(found.units[0]), ""
        shown = ", ".join(u.name for u in found.units[:5]) + (" …" if len(found.units) > 5 else "")
        return None, _(
            "“%(name)s” names %(n)s units (%(names)s); a task has one lead unit: name one"
        ) % {"name": written, "n": len(found.units), "names": shown}

    def _unknown(self, phrase: str) -> str:
        try:
            self.directory.match(phrase, role="lead")
        except UnitNameError as exc:
            if exc.candidates:
                return _("no unit is named “%(name)s”; it could be: %(candidates)s") % {
                    "name": phrase,
                    "candidates": ", ".join(exc.candidates),
                }
            return str(exc)
        return _("“%(name)s” is not read as one lead unit") % {"name": phrase}

    # coordinating units --------------------------------------------------------

    def coordinating(
        self, s: _Sentence, after: int, lead: UnitRef | None
    ) -> tuple[list[UnitRef], list[str], int]:
        """The units after "phối hợp (chặt chẽ) (với)", the problems, the word after them."""
        start = s.find(("phoi", "hop"), max(after, 0))
        if start is None:
            return [], [], -1
        pos = start + 2
        if s.at(pos, ("chat", "che")):
            pos += 2
        if s.word(pos) in {"voi", "cung"}:
            pos += 1
        run = self.names(s, pos, outside=True)
        units: list[UnitRef] = []
        problems: list[str] = []
        for name in run.names:
            found = self.directory.match(name, role="coordinating")
            units += [UnitRef.of(u) for u in found.units]
            problems += found.warnings
        for name in run.outside:
            problems.append(
                _(
                    "“%(name)s” is outside the organisation tree; add it as an external partner if it takes part"
                )
                % {"name": name}
            )
        if not run.names and not run.outside:
            problems.append(_("no unit is read after “phối hợp”"))
        seen = {lead} if lead else set()
        unique = []
        for unit in units:
            if unit not in seen:
                seen.add(unit)
                unique.append(unit)
        return unique, problems, run.end

    # deadlines ---------------------------------------------------------------

    _DATED = {"trong", "truoc", "cham", "muon", "den", "cuoi", "thoi", "han"}
    _PERIODS = {"quy", "thang", "nam", "ngay"}
    _RECURRING = {"thuong", "hang", "moi", "dinh", "lien"}
    _BOUNDS = {",", ";", ".", "(", ")", "!", "?"}

    def _parse(self, s: _Sentence, i: int, j: int) -> Deadline | DeadlineError:
        try:
            return parse_deadline(s.span(i, j), year=self.year)
        except DeadlineError as exc:
            return exc

    def _bound(self, s: _Sentence, i: int) -> int:
        for k in range(i, len(s)):
            if s.word(k) in self._BOUNDS:
                return k
        return len(s)

    def _strong(self, s: _Sentence, i: int) -> bool:
        """A cue that can only open a deadline ("trước ngày", "chậm nhất", "hoàn thành trước")."""
        word, following = s.word(i), s.word(i + 1)
        return (
            (word in {"truoc", "den"} and following in {"ngay", "thang", "quy", "nam", "het"})
            or (word in {"cham", "muon"} and following == "nhat")
            or (word == "thoi" and following == "han")
            or (word == "trong" and following in {"thang", "quy"})
            or (
                word in {"truoc", "trong"}
                and (s.at(i - 2, ("hoan", "thanh")) or s.word(i - 1) == "xong")
            )
        )

    def _after_label(
        self, s: _Sentence, i: int, j: int, parsed: Deadline
    ) -> tuple[int, int, Deadline]:
        """ "Quý II/2026" rather than "thời hạn: Quý II/2026" when both read the same."""
        colons = [k for k in range(i, j) if s.word(k) == ":"]
        if colons:
            bare = self._parse(s, colons[-1] + 1, j)
            if isinstance(bare, Deadline) and bare.due_on == parsed.due_on:
                return colons[-1] + 1, j, bare
        return i, j, parsed

    def deadlines(
        self, s: _Sentence
    ) -> tuple[list[tuple[int, int, Deadline]], list[tuple[int, int, DeadlineError]]]:
        found: list[tuple[int, int, Deadline]] = []
        unread: list[tuple[int, int, DeadlineError]] = []
        for i in range(len(s)):
            word = s.word(i)
            bound = min(self._bound(s, i), i + MAX_DEADLINE_WORDS)
            opens = i == 0 or s.word(i - 1) in self._BOUNDS | {":"}
            if word in self._DATED or (word in self._PERIODS and opens):
                for j in range(bound - 1, i - 1, -1):
                    parsed = self._parse(s, i, j)
                    if isinstance(parsed, Deadline) and not parsed.recurring:
                        found.append(self._after_label(s, i, j, parsed))
                        break
                else:
                    if self._strong(s, i) and bound > i:
                        error = self._parse(s, i, bound - 1)
                        if isinstance(error, DeadlineError):
                            unread.append((i, bound - 1, error))
            if word in self._RECURRING:
                shortest = None
                for j in range(i + 1, min(bound, i + 4)):
                    parsed = self._parse(s, i, j)
                    if isinstance(parsed, Deadline) and parsed.recurring:
                        shortest = shortest or (i, j, parsed)
                        if parsed.cadence:
                            shortest = (i, j, parsed)
                            break
                if shortest:
                    found.append(shortest)
        found = list({(i, j): (i, j, d) for i, j, d in found}.values())
        found = [
            f for f in found if not any(o is not f and o[0] <= f[0] and f[1] <= o[1] for o in found)
        ]
        covered = [(i, j) for i, j, _d in found]
        unread = [u for u in unread if not any(i <= u[0] <= j for i, j in covered)]
        return found, unread

    def deadline(self, s: _Sentence) -> tuple[Deadline | None, list[str], list[int]]:
        """The one deadline, the problems, and where deadlines start (a product ends there)."""
        found, unread = self.deadlines(s)
        starts = [f[0] for f in found] + [u[0] for u in unread]
        problems = [deadline_message(error) for _i, _j, error in unread]
        cadences = {d.cadence for _i, _j, d in found if d.recurring and d.cadence}
        distinct: list[Deadline] = []
        for _i, _j, d in found:
            key = (d.due_on, d.recurring, d.cadence)
            if d.recurring and d.cadence is None and cadences:
                continue  # "thường xuyên" with "hằng quý": the cadence says more
            if key not in {(x.due_on, x.recurring, x.cadence) for x in distinct}:
                distinct.append(d)
        if len(distinct) > 1:
            problems.append(
                _("several deadlines are named (%(deadlines)s); none is proposed")
                % {"deadlines": ", ".join(f"“{d.text}”" for d in distinct)}
            )
            return None, problems, starts
        if not distinct:
            if not unread:
                problems.append(_("no deadline is named"))
            return None, problems, starts
        if unread:
            return None, problems, starts
        return distinct[0], problems, starts

    # the product ---------------------------------------------------------------

    _PRODUCTS = tuple(
        tuple(p.split())
        for p in (
            "co so du lieu|ke hoach|bao cao|de an|chuong trinh|quyet dinh|van ban|du thao|"
            "to trinh|nghi quyet|quy che|quy dinh|huong dan|phuong an|lo trinh|danh muc|"
            "bo tieu chi|bo chi so|de cuong"
        ).split("|")
    )
    _OPENERS = {
        tuple(o.split())
        for o in (
            "trinh|gui|bao cao|hoan thanh|xong|bao dam|dam bao|de|lam co so|to chuc|trien khai|"
            "dinh ky|thuong xuyen|thoi han|thoi gian"
        ).split("|")
    }
    _ADDRESSEES = (("ban", "chi", "dao"), ("thuong", "truc"), ("tinh", "uy"), ("chu", "tich"))

    def product(self, s: _Sentence, start: int, stops: list[int]) -> str | None:
        for i in range(max(start, 0), len(s)):
            word = next((p for p in self._PRODUCTS if s.at(i, p)), None)
            if word is None:
                continue
            after = i + len(word)
            if (
                (s.word(after) == "so" and any(c.isdigit() for c in s.word(after + 1)))
                # "Nghị quyết số 57-NQ/TW": a document that exists
                or s.word(i - 1) in {"theo", "tai", "cua"}
                or any(s.at(after, a) for a in self._ADDRESSEES)
                or (  # "báo cáo UBND tỉnh": a verb
                    after < len(s)
                    and s.tokens[after].text[:1].isupper()
                    and self._name_at(s, after) is not None
                )
                or s.at(i - 2, ("dinh", "ky"))
            ):
                continue
            end = len(s)
            for k in range(after, len(s)):
                if (
                    k in stops
                    or s.word(k) in {".", ";", "("}
                    or s.at(k, ("phoi", "hop"))
                    or (s.word(k) == "va" and _verb_at(s, k + 1))
                    or (s.word(k) == "," and any(s.at(k + 1, o) for o in self._OPENERS))
                ):
                    end = k
                    break
            text = s.span(i, end - 1).strip(" ,:") if end > i else ""
            text = re.sub(r"\s+(?:và|va)$", "", text)
            return text or None
        return None

    # a sentence ----------------------------------------------------------------

    def draft(self, text: str, inherited: tuple[UnitRef | None, str] | None) -> Draft | None:
        s = _Sentence(text)
        run, unread, after = self.lead(s)
        if run is None and unread is None:
            if inherited is None:
                return None
            lead, lead_problem = inherited
            after = max(after, 0)
        else:
            lead, lead_problem = self.resolve_lead(run, unread)
        draft = Draft(text=text, lead=lead)
        if lead_problem:
            draft.problems.append(lead_problem)
        draft.coordinating, problems, coordinated_to = self.coordinating(s, after, lead)
        draft.problems += problems
        draft.deadline, problems, starts = self.deadline(s)
        draft.problems += problems
        draft.product = self.product(s, max(after, coordinated_to), starts)
        if draft.product is None:
            draft.problems.append(_("no product is named (a plan, report, scheme …)"))
        return draft

    def heading(self, text: str) -> tuple[UnitRef | None, str] | None:
        """The lead of the items under a heading "Sở Tài chính:" or "Giao Sở Tài chính:"."""
        s = _Sentence(text.rstrip(" :"))
        triggers = self._triggers(s, min(len(s), 3))
        for start in [*triggers, 0]:
            if (run := self._whole(s, start, len(s))) is not None:
                return self.resolve_lead(run, None)
        return None


def read_conclusions(
    text: str, directory: UnitDirectory, *, year: int | None = None
) -> list[Draft]:
    """One draft per sentence of the notice that assigns something, in the notice's order."""
    reader = _Reader(directory, year)
    drafts: list[Draft] = []
    inherited: tuple[UnitRef | None, str] | None = None
    heading_rank: int | None = None
    for paragraph in _paragraphs(text):
        rank = 1 if paragraph.rank is None else paragraph.rank
        under = inherited is not None and heading_rank is not None and rank > heading_rank
        if not under:
            inherited = heading_rank = None
        if paragraph.text.endswith(":"):
            lead = reader.heading(paragraph.text)
            if lead is not None:
                inherited, heading_rank = lead, rank
            continue
        for sentence in _sentences(paragraph.text):
            draft = reader.draft(sentence, inherited if under else None)
            if draft is not None:
                drafts.append(draft)
    return drafts


def notice_directory(scope: Unit) -> UnitDirectory:
    """The units a notice within `scope` may name: those under it and the central bodies
    and ministries ("Bộ Khoa học và Công nghệ")."""
    central = Unit.objects.filter(
        parent__parent__isnull=True,
        parent__isnull=False,
        kind__in=[UnitKind.CENTRAL, UnitKind.MINISTRY],
    ).order_by("path")
    return UnitDirectory(scope, also=central)


def drafts_as_dicts(drafts: Iterable[Draft]) -> list[dict[str, object]]:
    return [d.as_dict() for d in drafts]
