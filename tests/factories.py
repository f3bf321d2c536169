"""factory-boy factories and a small organisation tree with named personas.

The tree (built by `small_tree()`):
    TW  Trung ương
      BCD   Ban Chỉ đạo Trung ương ...            (central)
      08    Tuyên Quang                            (province)
        08-SKHCN  Sở Khoa học và Công nghệ        (department)
        08-STC    Sở Tài chính                     (department)
        02233     Xã Lâm Bình                      (commune)
        02236     Xã Thượng Lâm                    (commune)
      04    Cao Bằng                               (province)
        04-SKHCN  Sở Khoa học và Công nghệ         (department)
        01234     Phường Thục Phán                 (commune)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import factory
from django.contrib.auth import get_user_model

from steerco.directives.models import Directive, DirectiveKind, Task
from steerco.directives.services import directive_create, task_create
from steerco.units.models import Unit, UnitKind
from steerco.units.services import membership_grant, unit_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


@dataclass
class Tree:
    root: Unit
    committee: Unit
    tuyen_quang: Unit
    tq_skhcn: Unit
    tq_stc: Unit
    lam_binh: Unit
    thuong_lam: Unit
    cao_bang: Unit
    cb_skhcn: Unit
    thuc_phan: Unit


def small_tree() -> Tree:
    root = unit_create(code="TW", name="Trung ương", kind=UnitKind.CENTRAL, parent=None)
    committee = unit_create(
        code="TW-BCD",
        name="Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        kind=UnitKind.CENTRAL,
        parent=root,
    )
    tq = unit_create(
        code="08", name="Tuyên Quang", kind=UnitKind.PROVINCE, parent=root, subkind="tỉnh"
    )
    cb = unit_create(
        code="04", name="Cao Bằng", kind=UnitKind.PROVINCE, parent=root, subkind="tỉnh"
    )
    return Tree(
        root=root,
        committee=committee,
        tuyen_quang=tq,
        tq_skhcn=unit_create(
            code="08-SKHCN",
            name="Sở Khoa học và Công nghệ",
            short_name="SKHCN",
            kind=UnitKind.DEPARTMENT,
            parent=tq,
        ),
        tq_stc=unit_create(
            code="08-STC",
            name="Sở Tài chính",
            short_name="STC",
            kind=UnitKind.DEPARTMENT,
            parent=tq,
        ),
        lam_binh=unit_create(
            code="02233", name="Xã Lâm Bình", kind=UnitKind.COMMUNE, parent=tq, subkind="xã"
        ),
        thuong_lam=unit_create(
            code="02236", name="Xã Thượng Lâm", kind=UnitKind.COMMUNE, parent=tq, subkind="xã"
        ),
        cao_bang=cb,
        cb_skhcn=unit_create(
            code="04-SKHCN",
            name="Sở Khoa học và Công nghệ",
            short_name="SKHCN",
            kind=UnitKind.DEPARTMENT,
            parent=cb,
        ),
        thuc_phan=unit_create(
            code="01234",
            name="Phường Thục Phán",
            kind=UnitKind.COMMUNE,
            parent=cb,
            subkind="phường",
        ),
    )


@dataclass
class Personas:
    central_analyst: object
    tq_manager: object
    tq_dept_reporter: object
    commune_reporter: object
    cb_manager: object
    outsider: object


def personas(tree: Tree) -> Personas:
    def person(username: str, unit: Unit | None, role: str | None):
        user = UserFactory(username=username)
        if unit is not None and role is not None:
            membership_grant(user=user, unit=unit, role=role)
        return user

    return Personas(
        central_analyst=person("central", tree.root, "viewer"),
        tq_manager=person("tq-manager", tree.tuyen_quang, "manager"),
        tq_dept_reporter=person("tq-skhcn", tree.tq_skhcn, "reporter"),
        commune_reporter=person("tq-lambinh", tree.lam_binh, "reporter"),
        cb_manager=person("cb-manager", tree.cao_bang, "manager"),
        outsider=person("outsider", None, None),
    )


_symbols = iter(range(1, 10**9))


def make_directive(
    issuer: Unit,
    *,
    symbol: str | None = None,
    kind: str = DirectiveKind.PLAN,
    issued_on: date = date(2025, 1, 15),
    implements: Directive | None = None,
    requires_acceptance: bool = False,
) -> Directive:
    return directive_create(
        symbol=symbol or f"{next(_symbols)}-KH/TEST",
        kind=kind,
        issuer=issuer,
        issued_on=issued_on,
        title="Kế hoạch thực hiện Nghị quyết số 57-NQ/TW",
        implements=implements,
        requires_acceptance=requires_acceptance,
    )


def make_task(
    directive: Directive,
    lead: Unit,
    *,
    due_on: date | None = date(2025, 6, 30),
    assigned_on: date = date(2025, 1, 15),
    recurring: bool = False,
    cadence: str = "",
    **fields,
) -> Task:
    defaults = {
        "content": "Xây dựng cơ sở dữ liệu chuyên ngành và kết nối với nền tảng dùng chung của tỉnh",
        "responsible_person": "Nguyễn Văn An",
        "expected_product": "Cơ sở dữ liệu được đưa vào vận hành",
        "deadline_text": "" if recurring else (f"{due_on:%d/%m/%Y}" if due_on else ""),
    }
    defaults.update(fields)
    return task_create(
        directive=directive,
        lead_unit=lead,
        assigned_on=assigned_on,
        due_on=None if recurring else due_on,
        recurring=recurring,
        cadence=cadence,
        **defaults,
    )
