"""The task page's wording, as the screenshot pass of issue 15 read it."""

from __future__ import annotations

import pytest

from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db


def _coordinating(page: str) -> str:
    return page.split('data-testid="coordinating">', 1)[1].split("</dd>", 1)[0]


@pytest.mark.parametrize("in_tree", [False, True])
def test_coordinating_units_show_a_dash_only_when_there_are_none(client, tree, people, in_tree):  # type: ignore[no-untyped-def]
    # A task coordinated only by partners outside the tree (Viettel, VNPT) read
    # "— Tập đoàn … (Viettel)": a dash for "none" above the partners.
    directive = make_directive(tree.tuyen_quang)
    task = make_task(directive, tree.lam_binh, external_partners="Viettel\nVNPT")
    if in_tree:
        task.coordinating_units.add(tree.tq_skhcn)
    client.force_login(people.tq_manager)
    dd = _coordinating(client.get(f"/tasks/{task.pk}/").content.decode())
    assert "Viettel" in dd and "VNPT" in dd
    assert "—" not in dd
    assert (tree.tq_skhcn.name in dd) is in_tree
    bare = make_task(directive, tree.lam_binh)
    assert "—" in _coordinating(client.get(f"/tasks/{bare.pk}/").content.decode())
