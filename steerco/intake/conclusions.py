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

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from steerco.units.models import Unit, UnitKind

from .conclusions_text import notice_text, paragraphs, sentences
from .conclusions_words import PUNCT, Sentence, find_deadline, verb_at
from .deadlines import Deadline
from .unitnames import UnitDirectory, UnitNameError

__all__ = ["Draft", "UnitRef", "notice_directory", "notice_text", "read_conclusions"]

MAX_NAME_WORDS = 16  # the longest unit name read, in words
_SEPARATORS = {",", "va", ";"}


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

    def _name_at(self, s: Sentence, i: int) -> int | None:
        """The last word of the longest unit name starting at word i."""
        stop = min(len(s), i + MAX_NAME_WORDS)
        stop = next((k for k in range(i, stop) if s.word(k) in PUNCT), stop)
        for j in range(stop - 1, i - 1, -1):
            if s.word(j) not in _SEPARATORS and self.directory.known(s.span(i, j)):
                return j
        return None

    def _outside_at(self, s: Sentence, i: int) -> int | None:
        """The last word of a body outside the tree named from word i ("VNPT Tuyên Quang")."""
        j, stop = i, min(len(s), i + MAX_NAME_WORDS)
        while j < stop and s.word(j) not in PUNCT | {",", "va"} and not verb_at(s, j):
            j += 1
        if j > i and UnitDirectory.outside(s.span(i, j - 1)):
            return j - 1
        return None

    def names(self, s: Sentence, i: int, *, outside: bool) -> _Names:
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

    def _trigger_places(self, s: Sentence, end: int) -> list[tuple[int, int]]:
        """(where, the word just after) each "giao (cho)", "đề nghị", "yêu cầu" before word `end`."""
        found = []
        for i in range(end):
            for trigger in self._TRIGGERS:
                if s.at(i, trigger):
                    after = i + len(trigger)
                    found.append((i, after + 1 if s.word(after) == "cho" else after))
        return found

    def _triggers(self, s: Sentence, end: int) -> list[int]:
        return [after for _i, after in self._trigger_places(s, end)]

    def _whole(self, s: Sentence, start: int, end: int) -> _Names | None:
        """The names of words start..end-1 if they are nothing but names of the tree."""
        while end > start and s.word(end - 1) in {",", ":"}:
            end -= 1
        if end <= start:
            return None
        run = self.names(s, start, outside=False)
        return run if run.names and run.end == end else None

    def lead(self, s: Sentence) -> tuple[_Names | None, str | None, int]:
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
            if opens and s.capitalised(start):
                end = start
                while end < min(len(s), start + 8) and not (
                    s.word(end) in PUNCT | {","} or verb_at(s, end)
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

    def _before(self, s: Sentence, after: int, end: int) -> _Names | None:
        """The names written just before word `end` ("…, Sở Y tế phối hợp"), from word
        `after` on: the earliest run that ends there."""
        for start in range(max(after, 0, end - 4 * MAX_NAME_WORDS), end):
            if s.word(start) in _SEPARATORS:
                continue
            run = self.names(s, start, outside=True)
            if (run.names or run.outside) and run.end == end:
                return run
        return None

    def coordinating(
        self, s: Sentence, after: int, lead: UnitRef | None
    ) -> tuple[list[UnitRef], list[str], int]:
        """The units after "phối hợp (chặt chẽ) (với)", or before it ("Sở Y tế phối hợp"),
        the problems, and the word after them."""
        start = s.find(("phoi", "hop"), after)
        if start is None:
            return [], [], -1
        pos = start + 2
        if s.at(pos, ("chat", "che")):
            pos += 2
        if s.word(pos) in {"voi", "cung"}:
            pos += 1
        run = self.names(s, pos, outside=True)
        if not run.names and not run.outside:
            run = self._before(s, after, start) or run
            run.end = max(run.end, start + 2)
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
            problems.append(_("no unit is read with “phối hợp”"))
        seen = {lead} if lead else set()
        unique = []
        for unit in units:
            if unit not in seen:
                seen.add(unit)
                unique.append(unit)
        return unique, problems, run.end

    def joining(self, text: str) -> tuple[list[UnitRef], list[str]] | None:
        """The units of a sentence that only says who coordinates ("Sở Y tế, Công an tỉnh
        phối hợp."), to join the assignment before it; None for any other sentence."""
        s = Sentence(text)
        start = s.find(("phoi", "hop"))
        if start is None or self._before(s, 0, start) is None:
            return None
        rest = [s.word(k) for k in range(start + 2, len(s)) if s.word(k) not in PUNCT]
        if rest not in ([], ["thuc", "hien"]):
            return None
        units, problems, _end = self.coordinating(s, 0, None)
        return units, problems

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

    def product(self, s: Sentence, start: int, stops: list[int]) -> str | None:
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
                    s.capitalised(after) and self._name_at(s, after) is not None
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
                    or (s.word(k) == "va" and verb_at(s, k + 1))
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
        s = Sentence(text)
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
        reading = find_deadline(s, self.year)
        draft.deadline = reading.deadline
        draft.problems += reading.problems
        draft.product = self.product(s, max(after, coordinated_to), reading.starts)
        if draft.product is None:
            draft.problems.append(_("no product is named (a plan, report, scheme …)"))
        return draft

    def heading(self, text: str) -> tuple[UnitRef | None, str] | None:
        """The lead of the items under a heading: "Sở Tài chính:", "Giao Sở Tài chính:",
        "Giao Sở Tài chính chủ trì thực hiện các nhiệm vụ sau:"; None if it names no lead."""
        s = Sentence(text.rstrip(" :"))
        for start in [*self._triggers(s, min(len(s), 3)), 0]:
            if (run := self._whole(s, start, len(s))) is not None:
                return self.resolve_lead(run, None)
        run, unread, _after = self.lead(s)
        if run is None and unread is None:
            return None
        return self.resolve_lead(run, unread)


def read_conclusions(
    text: str, directory: UnitDirectory, *, year: int | None = None
) -> list[Draft]:
    """One draft per sentence of the notice that assigns something, in the notice's order.
    The items under a heading that names a lead ("8. Sở Tài chính:" then "- …" items) are
    that lead's unless they name their own."""
    reader = _Reader(directory, year)
    drafts: list[Draft] = []
    inherited: tuple[UnitRef | None, str] | None = None
    heading_rank = -1
    for paragraph in paragraphs(text):
        if inherited is not None and paragraph.rank <= heading_rank:
            inherited = None
        found = sentences(paragraph.text)
        heading = found.pop() if found and found[-1].endswith(":") else None
        previous = None
        for sentence in found:
            if (draft := reader.draft(sentence, inherited)) is not None:
                drafts.append(previous := draft)
            elif previous is not None and (joined := reader.joining(sentence)) is not None:
                previous.text += " " + sentence  # "…; Sở Y tế phối hợp."
                units, problems = joined
                previous.coordinating += [u for u in units if u not in previous.coordinating]
                previous.problems += problems
        if heading is not None and (lead := reader.heading(heading)) is not None:
            inherited, heading_rank = lead, paragraph.rank
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
