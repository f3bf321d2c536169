"""The chain heads a closed period records, so that a meeting's figures can be proven
later: for every history table with a hash chain (`steerco.lib.hashchain`), the last
row id at the close and a digest over the head of every chain as of that row.

`steerco audit verify` recomputes the heads from the stored rows (those with an id up to
the recorded one) and compares the digests: a row appended before the close and
removed since, or one slipped in below the recorded id, changes a head and is found.
The `seal` (a hash of the whole record) is printed by `steerco period close`, to be
written into the meeting's minutes: a record rewritten in the database no longer
matches it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Max

from steerco.lib.hashchain import chained_models


def table_heads(model: Any, last_id: int | None) -> dict[str, object]:
    """The chains of `model` as of row `last_id`: how many, and a digest of their heads."""
    digest = hashlib.sha256()
    chains = 0
    if last_id is not None:
        key = model.chain_key
        rows = model._default_manager.filter(pk__lte=last_id)
        last_ids = rows.values(key).annotate(m=Max("pk")).values("m")
        heads = sorted(
            (str(chain), row_hash)
            for chain, row_hash in model._default_manager.filter(pk__in=last_ids).values_list(
                key, "row_hash"
            )
        )
        for chain, row_hash in heads:
            digest.update(f"{chain}:{row_hash}\n".encode())
        chains = len(heads)
    return {"last_id": last_id, "chains": chains, "digest": digest.hexdigest()}


def current_heads() -> dict[str, dict[str, object]]:
    """Every chained table's heads now (call it in the closing transaction)."""
    out = {}
    for model in sorted(chained_models(), key=lambda m: m._meta.label_lower):
        last_id = model._default_manager.aggregate(m=Max("pk"))["m"]
        out[model._meta.label_lower] = table_heads(model, last_id)
    return out


def seal(heads: dict[str, Any]) -> str:
    """One hash for a recorded set of heads (what the minutes keep)."""
    return hashlib.sha256(json.dumps(heads, sort_keys=True).encode()).hexdigest()
