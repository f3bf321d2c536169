"""Finding the official a plan's person cell names.

A cell reads "Nguyễn Văn Đức", "đ/c Nguyễn Văn Đức", "Ông Nguyễn Văn Đức - Giám đốc Sở"
or "Nguyễn Văn Đức (Phó Giám đốc)"; it is matched by folded name (no diacritics, any
case) among the officials of the lead unit and, when none there, of the units above it,
nearest first. Two officials of one name in the unit are both returned as candidates —
never guessed. A cell naming a role ("Giám đốc Sở") matches nobody and is kept as text.

`match_person(unit, text)` answers one cell; `PersonDirectory` answers many (a plan
import) from one query.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from steerco.units.models import SEGMENT, Unit

from .models import Person, folded_name

# Leading forms of address, folded: "đ/c", "đồng chí", "Ông", "Bà", ...
_TITLE = re.compile(r"^(?:(?:d/c|dc|d\.c\.?|dong chi|ong|ba|anh|chi|mr\.?|mrs\.?|ms\.?)\s+)+")
_SPLIT = re.compile(r"\s+[-–—:]\s+|\s*[(),;]\s*|\s*[-–—]\s*(?=[a-z])")


@dataclass(frozen=True)
class PersonMatch:
    """One cell's answer: the official (`person`), several equally named (`candidates`),
    or none (the cell is kept as `text`)."""

    text: str
    person: Person | None = None
    candidates: tuple[Person, ...] = ()

    @property
    def kind(self) -> Literal["person", "ambiguous", "none"]:
        if self.person is not None:
            return "person"
        return "ambiguous" if self.candidates else "none"


def name_keys(text: str) -> list[str]:
    """The folded names a cell may hold, most likely first: the whole cell without its
    title, then each part of "Name - Position" / "Name (Position)"."""
    folded = folded_name(text)
    keys: list[str] = []
    for part in [folded, *_SPLIT.split(folded)]:
        part = part.strip(" .")
        # As written first: "Ông" is also a family name (Ông Văn Tùng).
        for key in (part, _TITLE.sub("", part).strip(" .")):
            if key and key not in keys:
                keys.append(key)
    return keys


@dataclass
class PersonDirectory:
    """The officials of some units by unit path and folded name, for matching many cells
    at once."""

    by_path: dict[str, dict[str, list[Person]]] = field(default_factory=dict)

    @classmethod
    def of_units(cls, units: list[Unit]) -> PersonDirectory:
        """The officials of `units` and of every unit above them (one query)."""
        paths = {u.path[: i * SEGMENT] for u in units for i in range(1, u.depth + 1)}
        directory = cls()
        people = Person.objects.filter(unit__path__in=paths).select_related("unit")
        for person in people.order_by("unit_id", "full_name", "id"):
            names = directory.by_path.setdefault(person.unit.path, defaultdict(list))
            names[person.name_folded].append(person)
        return directory

    def match(self, unit: Unit, text: str, on: date | None = None) -> PersonMatch:
        """The official `text` names in `unit` or, if none, the units above it; with
        `on`, only officials in post that day."""
        text = text.strip()
        if not text:
            return PersonMatch(text)
        keys = name_keys(text)
        for depth in range(unit.depth, 0, -1):
            names = self.by_path.get(unit.path[: depth * SEGMENT], {})
            for key in keys:
                found = [p for p in names.get(key, ()) if on is None or p.active_on(on)]
                if len(found) == 1:
                    return PersonMatch(text, person=found[0])
                if found:
                    return PersonMatch(text, candidates=tuple(found))
        return PersonMatch(text)


def match_person(unit: Unit, text: str, on: date | None = None) -> PersonMatch:
    """The official a person cell names, among `unit`'s officials and then those of the
    units above it. See the module docstring."""
    return PersonDirectory.of_units([unit]).match(unit, text, on)
