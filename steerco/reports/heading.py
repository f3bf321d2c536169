"""The header blocks of a report: issuing body, motto, number, place and date, title,
recipients and signature — laid out as Decree 30/2020/NĐ-CP (state bodies) or
Guidance 36-HD/VPTW (Party committees) prescribe. Pure apart from reading the
unit's parent."""

from __future__ import annotations

from datetime import date

from steerco.lib.vietnamese import format_date
from steerco.units.models import Unit, UnitKind

from .content import Heading

_PREFIXES = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn ")


def place_name(name: str) -> str:
    """ "Thành phố Hà Nội" -> "Hà Nội"; "Xã Lâm Bình" -> "Lâm Bình"."""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def locality(unit: Unit) -> str:
    """ "Tỉnh Tuyên Quang", "Thành phố Hà Nội", "Xã Lâm Bình"."""
    if unit.kind == UnitKind.PROVINCE and not unit.name.startswith(("Tỉnh ", "Thành phố ")):
        word = "Thành phố" if unit.subkind.startswith("thành phố") else "Tỉnh"
        return f"{word} {unit.name}"
    return unit.name


def _upper(text: str) -> str:
    return text.upper()


def _locality_en(unit: Unit) -> str:
    if unit.name_en:
        return unit.name_en
    name = place_name(unit.name)
    if unit.kind == UnitKind.PROVINCE:
        return f"{name} {'City' if unit.subkind.startswith('thành phố') else 'Province'}"
    if unit.kind == UnitKind.COMMUNE:
        return f"{name} {(unit.subkind or 'commune').replace('xã', 'Commune').replace('phường', 'Ward')}"
    return name


def build_heading(unit: Unit, *, as_of: date, layout: str, lang: str, subject: str) -> Heading:
    """The header, title, recipients and signature blocks of `unit`'s report."""
    parts = _blocks(unit, as_of=as_of, layout=layout, lang=lang)
    issuer_parent, issuer, number, place, place_date, authority, motto, title = parts
    if lang == "vi":
        cutoff = f"(Số liệu tính đến {format_date(as_of, 'vi')})"
        position = "TRƯỞNG BAN" if issuer == "BAN CHỈ ĐẠO" else ""
        recipients = [
            "- Ban Chỉ đạo cấp trên (để báo cáo);",
            "- Các thành viên Ban Chỉ đạo;",
            "- Các cơ quan, đơn vị liên quan;",
            "- Lưu: VT.",
        ]
    else:
        cutoff = f"(Figures as of {format_date(as_of, 'en')})"
        position = "HEAD" if issuer == "STEERING COMMITTEE" else ""
        recipients = [
            "- The steering committee above (for reporting);",
            "- Members of the steering committee;",
            "- Units concerned;",
            "- Archived: Office.",
        ]
    return Heading(
        layout=layout,
        issuer_parent=issuer_parent,
        issuer=issuer,
        motto=motto,
        number=number,
        place=place,
        place_date=place_date,
        title=title,
        subject=subject,
        cutoff=cutoff,
        signature_authority=authority,
        signature_position=position,
        recipients=recipients,
    )


_Blocks = tuple[str, str, str, str, str, str, list[str], str]


def _blocks(unit: Unit, *, as_of: date, layout: str, lang: str) -> _Blocks:
    """(issuer's parent, issuer, number, place, place and date, signing authority, motto,
    title) of `unit`'s report."""
    parent = unit.parent if unit.parent_id else None
    province = (
        unit
        if unit.kind == UnitKind.PROVINCE
        else (parent if parent is not None and parent.kind == UnitKind.PROVINCE else None)
    )
    if unit.kind == UnitKind.COMMUNE:
        place = place_name(unit.name)
    else:
        place = place_name(province.name) if province else "Hà Nội"
    party = layout == "party"
    if lang == "vi":
        return _blocks_vi(unit, province, place, as_of=as_of, party=party)
    return _blocks_en(unit, province, place, as_of=as_of, party=party)


def _blocks_vi(
    unit: Unit, province: Unit | None, place: str, *, as_of: date, party: bool
) -> _Blocks:
    issuer_parent, issuer = _issuers_vi(unit, province, party)
    short = "BCĐ" if issuer == "BAN CHỈ ĐẠO" else (unit.short_name or "BCĐ")
    number = f"Số       -BC/{short}" if party else f"Số:       /BC-{short}"
    motto = (
        ["ĐẢNG CỘNG SẢN VIỆT NAM"]
        if party
        else ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    )
    place_date = f"{place}, {format_date(as_of, 'vi')}"
    authority = "T/M BAN CHỈ ĐẠO" if party else "TM. BAN CHỈ ĐẠO"
    if issuer != "BAN CHỈ ĐẠO":
        authority = (
            "T/M BAN THƯỜNG VỤ"
            if party
            else "GIÁM ĐỐC"
            if unit.kind == UnitKind.DEPARTMENT
            else "TM. BAN CHỈ ĐẠO"
        )
    return issuer_parent, issuer, number, place, place_date, authority, motto, "BÁO CÁO"


def _issuers_vi(unit: Unit, province: Unit | None, party: bool) -> tuple[str, str]:
    """(the issuing body's parent, the issuing body) in Vietnamese."""
    if unit.kind in (UnitKind.PROVINCE, UnitKind.COMMUNE):
        loc = _upper(locality(unit))
        bare = _upper(place_name(locality(unit)))
        issuer_parent = (
            f"{'ĐẢNG ỦY' if unit.kind == UnitKind.COMMUNE else 'TỈNH ỦY'} {bare}"
            if party
            else f"UBND {loc}"
        )
        if party and unit.kind == UnitKind.COMMUNE:
            issuer_parent = f"ĐẢNG ỦY {loc}"
        if party and unit.kind == UnitKind.PROVINCE and unit.name.startswith("Thành phố"):
            issuer_parent = f"THÀNH ỦY {_upper(place_name(unit.name))}"
        return issuer_parent, "BAN CHỈ ĐẠO"
    if unit.kind == UnitKind.DEPARTMENT and province is not None:
        loc = _upper(locality(province))
        issuer_parent = f"ĐẢNG BỘ {loc}" if party else f"UBND {loc}"
        return issuer_parent, f"ĐẢNG ỦY {_upper(unit.name)}" if party else _upper(unit.name)
    if not party and unit.parent_id is None:
        return "BAN CHỈ ĐẠO TRUNG ƯƠNG", ""
    issuer_parent = "BAN CHẤP HÀNH TRUNG ƯƠNG" if party else _upper(unit.name)
    return issuer_parent, "BAN CHỈ ĐẠO" if party or unit.parent_id is None else ""


def _blocks_en(
    unit: Unit, province: Unit | None, place: str, *, as_of: date, party: bool
) -> _Blocks:
    """The same structure with English labels."""
    if unit.kind in (UnitKind.PROVINCE, UnitKind.COMMUNE):
        loc = _locality_en(unit).upper()
        issuer_parent = f"PARTY COMMITTEE OF {loc}" if party else f"PEOPLE'S COMMITTEE OF {loc}"
        issuer = "STEERING COMMITTEE"
    elif unit.kind == UnitKind.DEPARTMENT and province is not None:
        loc = _locality_en(province).upper()
        issuer_parent = f"PARTY ORGANISATION OF {loc}" if party else f"PEOPLE'S COMMITTEE OF {loc}"
        issuer = (unit.name_en or unit.name).upper()
    else:
        issuer_parent = "CENTRAL COMMITTEE" if party else (unit.name_en or unit.name).upper()
        issuer = "STEERING COMMITTEE" if party else ""
    short = "BCĐ" if issuer == "STEERING COMMITTEE" else (unit.short_name or "BCĐ")
    number = f"No.       -BC/{short}" if party else f"No.:       /BC-{short}"
    motto = (
        ["COMMUNIST PARTY OF VIET NAM"]
        if party
        else ["SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"]
    )
    place_date = f"{place}, {format_date(as_of, 'en')}"
    authority = (
        "ON BEHALF OF THE STEERING COMMITTEE" if issuer == "STEERING COMMITTEE" else "DIRECTOR"
    )
    return issuer_parent, issuer, number, place, place_date, authority, motto, "REPORT"
