"""`steerco audit verify`: prove the history has not been rewritten.

Three checks, each naming what it finds:

1. every hash chain (`steerco.lib.hashchain`: each model with `chain_key` — a task's
   progress updates, extension requests and decisions, an update's evidence files, a
   day's audit events) is walked in the order of the primary key; the first row whose
   previous hash or own hash does not hold is named (table, chain, row, reason): a row
   changed, removed or slipped in, by raw SQL with the triggers dropped;
2. every append-only table still has its triggers (`steerco.lib.append_only`; a SQLite
   table rebuild in a later migration drops them, and so can someone with DDL rights);
3. every stored file a chained row names with its SHA-256 (evidence files) is still on
   disk with that content;
4. every closed period's recorded chain heads (`steerco.scoring.chain_heads`) are
   recomputed from the stored rows up to the recorded ids: a row appended before the
   close and removed since (even the last of its chain, which no later link names) is
   found there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import FileField

from steerco.lib import append_only
from steerco.lib.hashchain import ChainedRow, chained_models, chained_rows, first_break
from steerco.scoring.chain_heads import table_heads
from steerco.scoring.models import ReportingPeriod


@dataclass(frozen=True)
class Problem:
    kind: str  # "broken link" | "missing trigger" | "changed file" | "closed period"
    table: str
    detail: str
    chain: str = ""
    row_id: str = ""

    def __str__(self) -> str:
        if self.kind == "broken link":
            return (
                f"broken link: {self.table}, chain {self.chain}, row {self.row_id}: {self.detail}"
            )
        return f"{self.kind}: {self.table}: {self.detail}"


@dataclass
class Verification:
    rows: int = 0
    chains: int = 0
    triggers: int = 0
    files: int = 0
    periods: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return (
                f"ok: {self.rows} rows in {self.chains} chains, {self.triggers} triggers, "
                f"{self.files} files, {self.periods} closed periods' chain heads"
            )
        return "\n".join(str(p) for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "chains": self.chains,
            "triggers": self.triggers,
            "files": self.files,
            "periods": self.periods,
            "problems": [
                {
                    "kind": p.kind,
                    "table": p.table,
                    "chain": p.chain,
                    "row_id": p.row_id,
                    "detail": p.detail,
                }
                for p in self.problems
            ],
        }


def _rows(model: Any) -> Iterator[ChainedRow]:
    if model._meta.label_lower == "audit.auditevent":
        from .chain import chained_rows as audit_rows  # its JSON values, as its writer hashes

        return audit_rows()
    return chained_rows(model)


def _counted(rows: Iterable[ChainedRow], tally: Verification) -> Iterator[ChainedRow]:
    chain: object = object()
    for row in rows:
        tally.rows += 1
        if row.chain != chain:
            tally.chains += 1
            chain = row.chain
        yield row


def verify_chains(tally: Verification) -> None:
    for model in sorted(chained_models(), key=lambda m: m._meta.db_table):
        broken = first_break(_counted(_rows(model), tally))
        if broken is not None:
            tally.problems.append(
                Problem(
                    "broken link",
                    model._meta.db_table,
                    broken.reason,
                    chain=f"{model.chain_key}={broken.chain}",
                    row_id=str(broken.row_id),
                )
            )
            for _ in _counted(_rows(model), Verification()):  # the rest, for the counts
                pass


def verify_triggers(tally: Verification) -> None:
    missing = append_only.missing_triggers()
    wanted = len(append_only.guarded_models()) * len(append_only.actions(_vendor()))
    tally.triggers = wanted - len(missing)
    for name in missing:
        table = name.rsplit("_no_", 1)[0]
        tally.problems.append(Problem("missing trigger", table, f"{name} does not exist"))


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _file_field(model: Any) -> Any:
    names = {f.name for f in model._meta.concrete_fields}
    files = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
    return files[0] if files and "sha256" in names else None


def verify_files(tally: Verification) -> None:
    for model in sorted(chained_models(), key=lambda m: m._meta.db_table):
        field = _file_field(model)
        if field is None:
            continue
        rows = model._default_manager.order_by("pk").values_list("pk", field.attname, "sha256")
        for pk, name, digest in rows.iterator(chunk_size=2000):
            tally.files += 1
            if not field.storage.exists(name):
                found = "is missing"
            elif _sha256(field.storage, name) != digest:
                found = "does not match its SHA-256 (changed)"
            else:
                continue
            tally.problems.append(
                Problem("changed file", model._meta.db_table, f"row {pk}: the file {name} {found}")
            )


def _sha256(storage: Any, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_periods(tally: Verification) -> None:
    by_label = {m._meta.label_lower: m for m in chained_models()}
    for period in ReportingPeriod.objects.exclude(closed_at=None).order_by("ends_on", "pk"):
        tally.periods += 1
        for label, recorded in sorted((period.chain_heads or {}).items()):
            model = by_label.get(label)
            if model is None:
                continue  # a table no longer chained: nothing to compare
            now = table_heads(model, recorded.get("last_id"))
            if now != recorded:
                tally.problems.append(
                    Problem(
                        "closed period",
                        model._meta.db_table,
                        f"{period} closed at {period.closed_at:%Y-%m-%d %H:%M}: its recorded "
                        f"chain heads ({recorded.get('chains')} chains up to row "
                        f"{recorded.get('last_id')}) are not those of the stored rows "
                        f"({now['chains']} chains): a row was changed, removed or inserted "
                        "since the close",
                    )
                )


def verify() -> Verification:
    tally = Verification()
    verify_chains(tally)
    verify_triggers(tally)
    verify_files(tally)
    verify_periods(tally)
    return tally
