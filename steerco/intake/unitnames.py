"""Unit names as plans write them: "Sở KH&CN", "SKHCN", "UBND các xã, phường", "VNPT Tuyên Quang".

A `UnitDirectory` knows every unit under a scope unit (a province, say) by its folded
name, its name without the level word ("Công an" for "Công an tỉnh"), its abbreviation
("SKHCN", also written "Sở KH&CN"), its code, and for communes their bare name
("Lâm Bình" for "Xã Lâm Bình"). A cell may list several units separated by commas,
semicolons, new lines or "và"; names that contain those separators themselves ("Sở
Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch") are recognised first, longest
first. Collective phrases ("UBND các xã, phường", "các sở, ban, ngành") expand to every
unit of that kind under the scope. Bodies outside the tree (telecom companies, banks,
mass organisations) are kept as named external partners.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from steerco.lib.vietnamese import fold
from steerco.units.models import Unit, UnitKind


class UnitNameError(ValueError):
    """A name that matches no unit (or several); `candidates` are the closest unit names."""

    def __init__(self, message: str, candidates: list[str] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


@dataclass
class CellMatch:
    units: list[Unit] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    collective: bool = False


_SPLIT = re.compile(r"(\s*[,;/]\s*|\s+va\s+|\s*\+\s*|\s+-\s+)")
_SPLIT_WRITTEN = re.compile(
    r"(\s*[,;/\r\n]+\s*|\s+(?:và|va)\s+|\s*\+\s*|\s+[-–—]\s+)", re.IGNORECASE
)


def _norm_sep(sep: str) -> str:
    sep = sep.strip(" \t")
    if not sep:
        return " "
    if sep[0] in "\r\n":
        return "; "
    if fold(sep) == "va":
        return " va "
    if sep in "-–—":
        return " - "
    return sep[0] + ("" if sep[0] == "/" else " ")


_LEVEL_WORDS = (" tinh", " thanh pho")
_PEOPLES_COMMITTEE = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+")
_COMMUNE_WORDS = {"xa": "xã", "phuong": "phường", "dac khu": "đặc khu", "thi tran": "thị trấn"}
_COMMUNE_LIST = r"(?:xa|phuong|dac khu|thi tran)(?:(?:, |/| va )(?:xa|phuong|dac khu|thi tran))*"
_WHERE = r"(?: (?:tren dia ban|thuoc)(?: (?:tinh|thanh pho|toan tinh))?.*)?"
_COLLECTIVES = [
    (re.compile(r"(?:(?:ubnd|uy ban nhan dan) )?cap xa" + _WHERE), UnitKind.COMMUNE),
    (
        re.compile(
            r"(?:(?:ubnd|uy ban nhan dan) )?(?:tat ca )?cac (" + _COMMUNE_LIST + ")" + _WHERE
        ),
        UnitKind.COMMUNE,
    ),
    (
        re.compile(
            r"(?:cac |tat ca cac )?(?:so(?:, | va |/)(?:ban|nganh)(?:(?:, | va |/)nganh)?|(?<=cac )so|"
            r"co quan chuyen mon(?: thuoc ubnd (?:tinh|thanh pho))?|so, ban, nganh, doan the)"
            r"(?: (?:cap tinh|tinh|thanh pho))?"
        ),
        UnitKind.DEPARTMENT,
    ),
    (
        re.compile(
            r"(?:(?:ubnd|uy ban nhan dan) )?cac tinh(?:, | va |/)thanh pho(?: truc thuoc trung uong)?"
        ),
        UnitKind.PROVINCE,
    ),
    (
        re.compile(
            r"cac bo(?:, | va |/)(?:co quan ngang bo|nganh)(?:, (?:co quan ngang bo|nganh|co quan thuoc chinh phu))*"
        ),
        UnitKind.MINISTRY,
    ),
]
_VAGUE_WORDS = r"(?:co quan|don vi|dia phuong|to chuc|ca nhan)"
_ANY_WORDS = r"(?:so|ban|nganh|co quan|don vi|dia phuong|to chuc|ca nhan)"
_VAGUE = re.compile(
    # "các cơ quan, đơn vị (liên quan)", "các sở, ngành liên quan": no unit named
    rf"(?:cac |va |cac )?(?:{_VAGUE_WORDS}(?:(?:, | va |/){_VAGUE_WORDS})*(?: (?:lien quan|co lien quan|khac))?"
    rf"|{_ANY_WORDS}(?:(?:, | va |/){_ANY_WORDS})* (?:co )?lien quan(?: khac)?)"
)
_EXTERNAL = re.compile(
    r"\b(?:vnpt|viettel|mobifone|fpt|vnpost|buu dien|evn|dien luc|ngan hang|bank|vietcombank|vietinbank|agribank|"
    r"bidv|sacombank|techcombank|cong ty|tong cong ty|tap doan|doanh nghiep|hop tac xa|hiep hoi|hoi |hoi$|"
    r"mttq|mat tran to quoc|doan thanh nien|tinh doan|thanh doan|doan tncs|lien doan lao dong|cong doan|"
    r"truong dai hoc|dai hoc|hoc vien|vien |quy |trung tam|to chuc|chi nhanh|telecom|corporation|company)"
)


def _norm(text: str) -> str:
    text = re.sub(r"\s*[\r\n]+\s*", "; ", text.strip())
    text = fold(text).replace("–", "-").replace("—", "-")
    text = re.sub(r"\s*([,;&/])\s*", r"\1 ", text).replace("& ", "&").replace("/ ", "/")
    return " ".join(text.strip(" .:;,").split())


def _compact(folded: str) -> str:
    """'so kh&cn' -> 'skhcn', 'bo gd&dt' -> 'bgddt', 'vp ubnd tinh' -> 'vpubnd'."""
    text = re.sub(r"^(so|bo)\s+", lambda m: m[1][0], folded)
    for word in _LEVEL_WORDS:
        if text.endswith(word) and len(text) > len(word):
            text = text[: -len(word)]
    return re.sub(r"[^a-z0-9]", "", text)


class UnitDirectory:
    """Every unit under `scope`, findable by the names plans use for it, and the units of
    `also` outside it (the central bodies a provincial notice names, say)."""

    def __init__(self, scope: Unit, also: Iterable[Unit] = ()):
        self.scope = scope
        self.units = list(Unit.objects.in_subtree(scope).order_by("path"))
        inside = {u.pk for u in self.units}
        self.units += [u for u in also if u.pk not in inside]
        self.by_name: dict[str, list[Unit]] = {}
        self.by_abbreviation: dict[str, list[Unit]] = {}
        for unit in self.units:
            for alias in self._aliases(unit):
                self._add(self.by_name, alias, unit)
            for abbreviation in {_compact(_norm(unit.short_name)), _compact(_norm(unit.code))} - {
                ""
            }:
                self._add(self.by_abbreviation, abbreviation, unit)
        self.longest = max((len(_SPLIT.split(k)) for k in self.by_name), default=1)
        self._cache: dict[tuple[str, str], CellMatch] = {}

    @staticmethod
    def _add(index: dict[str, list[Unit]], key: str, unit: Unit) -> None:
        bucket = index.setdefault(key, [])
        if unit not in bucket:
            bucket.append(unit)

    def _aliases(self, unit: Unit) -> set[str]:
        name = _norm(unit.name)
        aliases = {name, name.replace("uy ban nhan dan", "ubnd"), _norm(unit.code)}
        if unit.name_en:
            aliases.add(_norm(unit.name_en))
        for word in _LEVEL_WORDS:
            if name.endswith(word):
                aliases.add(name[: -len(word)])
                aliases.add(name[: -len(word)].replace("uy ban nhan dan", "ubnd"))
        if unit.kind == UnitKind.COMMUNE:
            bare = re.sub(r"^(?:xa|phuong|dac khu|thi tran)\s+", "", name)
            aliases.add(bare)
        if unit.kind == UnitKind.PROVINCE:
            bare = re.sub(r"^(?:tinh|thanh pho)\s+", "", name)
            level = _norm(unit.subkind or "tinh")
            level = "thanh pho" if level.startswith("thanh pho") else "tinh"
            aliases |= {bare, f"{level} {bare}", f"ubnd {level} {bare}"}
            if unit.pk == self.scope.pk:
                aliases |= {level, f"ubnd {level}", f"uy ban nhan dan {level}"}
        return {a for a in aliases if a}

    @cached_property
    def _choices(self) -> dict[str, str]:
        return {alias: units[0].name for alias, units in self.by_name.items() if len(alias) > 3}

    def candidates(self, text: str, limit: int = 3) -> list[str]:
        found = process.extract(
            _norm(text), list(self._choices), scorer=fuzz.WRatio, limit=limit * 4
        )
        names: list[str] = []
        for alias, score, _index in found:
            name = self._choices[alias]
            if score >= 50 and name not in names:
                names.append(name)
        return names[:limit]

    # --- one part of a cell ---------------------------------------------------

    def _collective(self, part: str) -> list[Unit] | None:
        for pattern, kind in _COLLECTIVES:
            m = pattern.fullmatch(part)
            if not m:
                continue
            units = [u for u in self.units if u.kind == kind and u.pk != self.scope.pk]
            if kind == UnitKind.COMMUNE and m.groups() and m[1]:
                words = {_COMMUNE_WORDS[w.strip()] for w in re.split(r", |/| va ", m[1])}
                units = [u for u in units if not u.subkind or u.subkind in words]
            if (
                kind in (UnitKind.DEPARTMENT, UnitKind.COMMUNE)
                and self.scope.kind == UnitKind.PROVINCE
            ):
                units = [u for u in units if u.parent_id == self.scope.pk]
            return units
        return None

    @cached_property
    def _level_suffix(self) -> re.Pattern[str]:
        """ " tỉnh", " tỉnh Tuyên Quang", " Tuyên Quang" after a department's name."""
        province = next(
            (u for u in [self.scope, *self.scope.ancestors()] if u.kind == UnitKind.PROVINCE), None
        )
        name = (
            re.escape(re.sub(r"^(?:tinh|thanh pho)\s+", "", _norm(province.name)))
            if province
            else None
        )
        tail = rf"(?:(?:tinh|thanh pho)(?:\s+{name})?|{name})" if name else r"(?:tinh|thanh pho)"
        return re.compile(rf"\s+{tail}$")

    def _named(self, part: str) -> list[Unit]:
        bare = _PEOPLES_COMMITTEE.sub("", part)
        for key in (part, bare, self._level_suffix.sub("", part), self._level_suffix.sub("", bare)):
            if key and key in self.by_name:
                return self.by_name[key]
        found = self.by_abbreviation.get(_compact(bare), [])
        return found or self.by_abbreviation.get(_compact(self._level_suffix.sub("", bare)), [])

    def _known(self, part: str) -> bool:
        return (
            bool(self._named(part))
            or self._collective(part) is not None
            or bool(_VAGUE.fullmatch(part))
        )

    def known(self, text: str) -> bool:
        """Whether `text`, as written, is one name the directory reads: a unit's, a
        collective phrase ("UBND các xã, phường") or a vague one ("các cơ quan liên quan")."""
        return self._known(_norm(text))

    @staticmethod
    def outside(text: str) -> bool:
        """Whether `text` names a body outside the tree (a company, a bank, an association)."""
        return bool(_EXTERNAL.search(_norm(text)))

    # --- a whole cell ---------------------------------------------------------

    def parts(self, text: str) -> list[tuple[str, str]]:
        """Split a cell into (folded name, name as written), keeping the longest known names whole."""
        text = re.sub(
            r"\([^()]*\)", " ", text.replace("\x00", " ")
        )  # "(chủ trì)", "(đồng chí Giám đốc)"
        pieces = _SPLIT_WRITTEN.split(text.strip())
        written, written_seps = pieces[0::2], pieces[1::2]
        words = [_norm(w) for w in written]
        seps = [_norm_sep(s) for s in written_seps]

        def span(i: int, k: int) -> tuple[str, str]:
            folded = words[i] + "".join(seps[n] + words[n + 1] for n in range(i, k))
            shown = written[i] + "".join(written_seps[n] + written[n + 1] for n in range(i, k))
            return " ".join(folded.split()), " ".join(shown.split()).strip(" .:;,")

        def longest_known(i: int) -> int | None:
            for k in range(min(len(words), i + self.longest + 2) - 1, i - 1, -1):
                if self._known(span(i, k)[0]):
                    return k
            return None

        parts: list[tuple[str, str]] = []
        i = 0
        while i < len(words):
            known = longest_known(i)
            j = i if known is None else known
            if known is None:
                # An unknown name followed by "và" and another unknown name is one unknown
                # name ("Sở Thông tin và Truyền thông"), not two.
                while (
                    not self._known(words[i] if j == i else span(i, j)[0])
                    and j + 1 < len(words)
                    and seps[j].strip() == "va"
                    and longest_known(j + 1) is None
                ):
                    j += 1
            folded, shown = span(i, j)
            if folded:
                parts.append((folded, shown))
            i = j + 1
        return parts

    def match(self, text: str, *, role: str = "lookup") -> CellMatch:
        """Units named in a cell.

        role "lead": anything that is not a unit of the tree is an error (unknown names
        come with the closest candidates). role "coordinating": bodies outside the tree
        and unknown names become external partners, with a warning. role "lookup": unknown
        names are errors, bodies outside the tree external partners."""
        if role not in ("lead", "coordinating", "lookup"):
            raise ValueError(role)
        key = (text, role)
        if key not in self._cache:
            self._cache[key] = self._match(text, lead=role == "lead", strict=role != "coordinating")
        return self._cache[key]

    def _match(self, text: str, *, lead: bool, strict: bool) -> CellMatch:
        result = CellMatch()
        for part, shown in self.parts(text):
            self._match_part(result, part, shown, lead=lead, strict=strict)
        if lead and not result.units:
            raise UnitNameError(_("the lead unit is empty"))
        return result

    def _match_part(
        self, result: CellMatch, part: str, shown: str, *, lead: bool, strict: bool
    ) -> None:
        """One name of a cell into `result`: the units it names (one, or a collective's),
        nothing for a vague phrase, or what `_outside` makes of it."""
        values = {"name": shown, "scope": self.scope.name}
        collective = self._collective(part)
        if collective is not None:
            if not collective:
                raise UnitNameError(_("“%(name)s”: there is no such unit under %(scope)s") % values)
            result.collective = True
            result.units += [u for u in collective if u not in result.units]
            return
        named = self._named(part)
        if len(named) > 1:
            codes = ", ".join(u.code for u in named[:6])
            raise UnitNameError(
                _("“%(name)s” names %(n)s units (%(codes)s); give the unit's code")
                % {**values, "n": len(named), "codes": codes}
            )
        if named:
            if named[0] not in result.units:
                result.units.append(named[0])
            return
        if _VAGUE.fullmatch(part):
            if lead:
                raise UnitNameError(
                    _("“%(name)s” names no unit; a task needs one lead unit") % values
                )
            result.warnings.append(_("“%(name)s” names no unit; left out") % values)
            return
        self._outside(result, part, shown, values, lead=lead, strict=strict)

    def _outside(
        self,
        result: CellMatch,
        part: str,
        shown: str,
        values: dict[str, str],
        *,
        lead: bool,
        strict: bool,
    ) -> None:
        """A name of no unit of the tree: an error for a lead unit, and for an unknown name
        when `strict`; otherwise an external partner, with a warning."""
        external = bool(_EXTERNAL.search(part))
        if lead and external:
            raise UnitNameError(
                _("“%(name)s” is not a unit of %(scope)s; a lead unit must be one") % values
            )
        if strict and not external:
            candidates = self.candidates(part)
            if candidates:
                message = _("unknown unit “%(name)s”; closest: %(candidates)s")
            else:
                message = _("unknown unit “%(name)s”")
            raise UnitNameError(
                message % {**values, "candidates": ", ".join(candidates)}, candidates
            )
        result.external.append(shown)
        if external:
            result.warnings.append(
                _("“%(name)s” is outside the organisation tree; kept as an external partner")
                % values
            )
            return
        candidates = self.candidates(part)
        if candidates:
            message = _(
                "unknown unit “%(name)s” kept as an external partner (closest: %(candidates)s)"
            )
        else:
            message = _("unknown unit “%(name)s” kept as an external partner")
        result.warnings.append(message % {**values, "candidates": ", ".join(candidates)})
