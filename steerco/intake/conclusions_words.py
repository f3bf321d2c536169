"""The words of a notice's sentence, and where its deadline is written.

`Sentence` keeps each word with its place in the text, folded for matching (đ -> d, no
diacritics), so that any run of words can be shown as written. `find_deadline` tries the
runs of words a deadline can start with ("trong", "trước ngày", "chậm nhất", a clause's
"Quý …", "hằng tháng", "thường xuyên") through `parse_deadline`, the one deadline parser:
it decides what a deadline is, this module only where one may be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from steerco.lib.vietnamese import fold

from .deadlines import Deadline, DeadlineError, parse_deadline
from .messages import deadline_message

_TOKEN = re.compile(r"[^\W_](?:[\w&]|[/.\-](?=[^\W_]))*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    folded: str


class Sentence:
    def __init__(self, text: str):
        self.text = text
        self.tokens = [Token(m.start(), m.end(), m[0], fold(m[0])) for m in _TOKEN.finditer(text)]

    def __len__(self) -> int:
        return len(self.tokens)

    def span(self, i: int, j: int) -> str:
        """Words i..j (inclusive) as written."""
        return self.text[self.tokens[i].start : self.tokens[j].end]

    def word(self, i: int) -> str:
        """Word i folded ("" outside the sentence)."""
        return self.tokens[i].folded if 0 <= i < len(self.tokens) else ""

    def capitalised(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i].text[:1].isupper()

    def at(self, i: int, words: tuple[str, ...]) -> bool:
        return all(self.word(i + k) == w for k, w in enumerate(words))

    def find(self, words: tuple[str, ...], start: int = 0) -> int | None:
        for i in range(max(start, 0), len(self) - len(words) + 1):
            if self.at(i, words):
                return i
        return None


PUNCT = {".", ";", ":", "(", ")", "!", "?"}
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


_VERBS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _verb in _VERBS:
    _VERBS_BY_FIRST.setdefault(_verb[0], []).append(_verb)


def verb_at(s: Sentence, i: int) -> bool:
    """Whether a verb phrase ("xây dựng", "tham mưu", …) starts at word i: the end of a
    name that is not a unit of the tree."""
    return any(s.at(i, verb) for verb in _VERBS_BY_FIRST.get(s.word(i), ()))


# --- deadlines ------------------------------------------------------------------

MAX_DEADLINE_WORDS = 10
_DATED = {"trong", "truoc", "cham", "muon", "den", "cuoi", "thoi", "han"}
_PERIODS = {"quy", "thang", "nam", "ngay"}  # a deadline only where a clause starts
_RECURRING = {"thuong", "hang", "moi", "dinh", "lien"}
_BOUNDS = {",", ";", ".", "(", ")", "!", "?"}

Found = tuple[int, int, Deadline]  # first word, last word, what parse_deadline read


@dataclass
class DeadlineReading:
    deadline: Deadline | None
    problems: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # where deadlines are written


def _parse(s: Sentence, i: int, j: int, year: int | None) -> Deadline | DeadlineError:
    try:
        return parse_deadline(s.span(i, j), year=year)
    except DeadlineError as exc:
        return exc


def _bound(s: Sentence, i: int) -> int:
    """Where the clause from word i ends, looking no further than a deadline can run."""
    stop = min(len(s), i + MAX_DEADLINE_WORDS)
    return next((k for k in range(i, stop) if s.word(k) in _BOUNDS), stop)


def _strong(s: Sentence, i: int) -> bool:
    """A cue that only opens a deadline ("trước ngày", "chậm nhất", "hoàn thành trước")."""
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


def _after_label(s: Sentence, found: Found, year: int | None) -> Found:
    """ "Quý II/2026" rather than "thời hạn: Quý II/2026" when both read the same."""
    i, j, parsed = found
    colons = [k for k in range(i, j) if s.word(k) == ":"]
    if colons:
        bare = _parse(s, colons[-1] + 1, j, year)
        if isinstance(bare, Deadline) and bare.due_on == parsed.due_on:
            return colons[-1] + 1, j, bare
    return found


def _dated(s: Sentence, i: int, year: int | None) -> Found | DeadlineError | None:
    """The longest dated deadline from word i; for a strong cue read by no run, the error."""
    bound = _bound(s, i)
    for j in range(bound - 1, i - 1, -1):
        parsed = _parse(s, i, j, year)
        if isinstance(parsed, Deadline) and not parsed.recurring:
            return _after_label(s, (i, j, parsed), year)
    if _strong(s, i) and bound > i:
        error = _parse(s, i, bound - 1, year)
        if isinstance(error, DeadlineError):
            return error
    return None


def _recurring(s: Sentence, i: int, year: int | None) -> Found | None:
    """The shortest recurring deadline from word i, or the first that names its cadence
    ("định kỳ hằng quý" rather than "định kỳ")."""
    shortest = None
    for j in range(i + 1, min(_bound(s, i), i + 4)):
        parsed = _parse(s, i, j, year)
        if isinstance(parsed, Deadline) and parsed.recurring:
            if parsed.cadence:
                return i, j, parsed
            shortest = shortest or (i, j, parsed)
    return shortest


def deadlines_in(
    s: Sentence, year: int | None
) -> tuple[list[Found], list[tuple[int, DeadlineError]]]:
    """Every deadline written in the sentence (none inside another), and the strong cues
    no run of words after them reads, as (where, the error)."""
    found: list[Found] = []
    unread: list[tuple[int, DeadlineError]] = []
    for i in range(len(s)):
        word = s.word(i)
        opens = i == 0 or s.word(i - 1) in _BOUNDS | {":"}
        if word in _DATED or (word in _PERIODS and opens):
            dated = _dated(s, i, year)
            if isinstance(dated, DeadlineError):
                unread.append((i, dated))
            elif dated is not None:
                found.append(dated)
        if word in _RECURRING and (recurring := _recurring(s, i, year)) is not None:
            found.append(recurring)
    found = list({(i, j): (i, j, d) for i, j, d in found}.values())
    found = [
        f for f in found if not any(o is not f and o[0] <= f[0] and f[1] <= o[1] for o in found)
    ]
    unread = [u for u in unread if not any(i <= u[0] <= j for i, j, _d in found)]
    return found, unread


def find_deadline(s: Sentence, year: int | None) -> DeadlineReading:
    """The sentence's one deadline, or None and the problem: none named, one that cannot
    be read, or several ("thường xuyên" beside "hằng quý" is one: the cadence says more)."""
    found, unread = deadlines_in(s, year)
    reading = DeadlineReading(None, starts=[f[0] for f in found] + [u[0] for u in unread])
    reading.problems = [deadline_message(error) for _i, error in unread]
    cadences = {d.cadence for _i, _j, d in found if d.recurring and d.cadence}
    distinct: list[Deadline] = []
    for _i, _j, d in found:
        if d.recurring and d.cadence is None and cadences:
            continue
        if (d.due_on, d.recurring, d.cadence) not in {
            (x.due_on, x.recurring, x.cadence) for x in distinct
        }:
            distinct.append(d)
    if len(distinct) > 1:
        reading.problems.append(
            _("several deadlines are named (%(deadlines)s); none is proposed")
            % {"deadlines": ", ".join(f"“{d.text}”" for d in distinct)}
        )
    elif not distinct and not unread:
        reading.problems.append(_("no deadline is named"))
    elif distinct and not unread:
        reading.deadline = distinct[0]
    return reading
