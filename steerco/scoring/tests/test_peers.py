"""Which units a ranking compares."""

import pytest

from steerco.scoring.peers import (
    PeerSetError,
    peer_set,
    peers_of,
    province_of,
    resolve_peers,
)


def test_the_command_lines_peer_sets(tree):
    assert peer_set("provinces") == ("provinces", [tree.tuyen_quang, tree.cao_bang])
    assert peer_set("departments-of:08") == ("departments-of:08", [tree.tq_skhcn, tree.tq_stc])
    with pytest.raises(PeerSetError, match="unknown unit 'Hà Giang'"):
        peer_set("communes-of:Hà Giang")
    with pytest.raises(PeerSetError, match="unknown peer set"):
        peer_set("wards")


def test_a_page_ranks_what_the_users_home_unit_ranks_among_by_default(tree):
    assert resolve_peers(tree.root) == (None, "provinces", [tree.tuyen_quang, tree.cao_bang])
    assert resolve_peers(tree.tq_skhcn) == (
        tree.tuyen_quang,
        "departments",
        [tree.tq_skhcn, tree.tq_stc],
    )
    assert resolve_peers(tree.lam_binh) == (
        tree.tuyen_quang,
        "communes",
        [tree.lam_binh, tree.thuong_lam],
    )


def test_a_page_may_name_the_kind_and_the_province(tree):
    parent, kind, peers = resolve_peers(tree.tq_skhcn, "departments", tree.cao_bang)
    assert (parent, kind, peers) == (tree.cao_bang, "departments", [tree.cb_skhcn])
    assert resolve_peers(tree.tuyen_quang, "communes")[2] == [tree.lam_binh, tree.thuong_lam]
    assert resolve_peers(tree.root, "communes") == (None, "communes", [])
    assert resolve_peers(None, "departments") == (None, "departments", [])


def test_province_of_and_peers_of(tree):
    assert province_of(tree.lam_binh) == province_of(tree.tuyen_quang) == tree.tuyen_quang
    assert province_of(tree.root) is None
    assert peers_of(tree.tq_skhcn) == [tree.tq_skhcn, tree.tq_stc]
    assert peers_of(tree.root) == [tree.root]
