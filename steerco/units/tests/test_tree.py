from steerco.units.models import Unit


def test_a_subtree_is_the_unit_and_everything_under_it(tree):
    codes = set(Unit.objects.in_subtree(tree.tuyen_quang).values_list("code", flat=True))
    assert codes == {"08", "08-SKHCN", "08-STC", "02233", "02236"}


def test_a_subtree_query_is_one_range_condition_on_the_path(tree):
    sql = str(Unit.objects.in_subtree(tree.tuyen_quang).query)
    assert "path" in sql and "JOIN" not in sql.upper()


def test_ancestors_run_from_the_root_down(tree):
    assert [u.code for u in tree.lam_binh.ancestors()] == ["TW", "08"]
