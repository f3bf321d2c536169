"""`steerco index define | compute | publish | explain` over a handful of provinces."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from steerco.indicators.indices.models import IndexResult
from steerco.indicators.models import Indicator
from steerco.indicators.services import value_record
from steerco.units.models import UnitKind
from steerco.units.services import unit_create

from .test_index_definitions import document


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def provinces(catalogue, tree):
    """Four provinces: Tuyên Quang, Cao Bằng, Lào Cai, Thái Nguyên, with forest cover and
    data reuse for 2023 and 2024 (data reuse by quarter: the year is their mean)."""
    lao_cai = unit_create(code="15", name="Lào Cai", kind=UnitKind.PROVINCE, parent=tree.root)
    thai = unit_create(code="19", name="Thái Nguyên", kind=UnitKind.PROVINCE, parent=tree.root)
    units = {"08": tree.tuyen_quang, "04": tree.cao_bang, "15": lao_cai, "19": thai}
    forest = Indicator.objects.get(code="FOREST_COVER")
    reuse = Indicator.objects.get(code="DATA_REUSE")
    figures = {  # code: (forest 2023, forest 2024, data reuse each quarter of 2024)
        "08": ("60", "65", "40"),
        "04": ("55", "55", "60"),
        "15": ("50", "60", "40"),
        "19": ("65", "45", "20"),
    }
    for code, (f23, f24, r24) in figures.items():
        value_record(unit=units[code], indicator=forest, period="2023", value=Decimal(f23))
        value_record(unit=units[code], indicator=forest, period="2024", value=Decimal(f24))
        for q in range(1, 5):
            value_record(unit=units[code], indicator=reuse, period=f"2024-Q{q}", value=Decimal(r24))
    return units


@pytest.fixture
def defined(provinces, tmp_path):
    path = tmp_path / "greenx.json"
    path.write_text(json.dumps(document(valid_from="2023")))
    assert "1 create" in run("index", "define", str(path), "--commit")
    return path


def compute(*extra, period="2024"):
    args = ["index", "compute", "--index", "GREENX", "--period", period, "--peers", "provinces"]
    return json.loads(run(*args, *extra, "--json"))


def test_compute_ranks_provinces_with_pillar_ranks_and_the_change_since_the_previous_period(
    defined,
):
    rows = compute()
    # forest 2024: 65, 55, 60, 45 -> minmax x 60; data reuse, the mean of the quarters:
    # 40, 60, 40, 20 -> max x 40. In 2023 (forest only): 60, 55, 50, 65.
    assert [(r["rank"], r["code"], r["unit"], r["score"], r["change"]) for r in rows] == [
        (1, "08", "Tuyên Quang", 86.67, 1),
        (2, "15", "Lào Cai", 71.67, 2),
        (3, "04", "Cao Bằng", 70.0, 0),
        (4, "19", "Thái Nguyên", 13.33, -3),
    ]
    assert rows[0]["pillars"] == {
        "FOREST": {"score": 60.0, "rank": 1},
        "DATA": {"score": 26.67, "rank": 2},
    }
    assert rows[0]["source"] == "computed"


def test_compute_alone_stores_nothing_and_the_version_may_still_be_redefined(defined, tmp_path):
    compute()
    assert not IndexResult.objects.exists()
    changed = document(valid_from="2023")
    changed["pillars"][0]["weight"] = 70
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed))
    assert "1 update" in run("index", "define", str(path), "--commit")


def test_compute_commit_stores_the_results_with_their_version_and_says_so(defined):
    out = run(
        "index",
        "compute",
        "--index",
        "GREENX",
        "--period",
        "2024",
        "--peers",
        "provinces",
        "--commit",
    )
    assert out.splitlines()[-1] == (
        "stored 4 computed result(s) of GREENX v1 for 2024 (provinces), replacing 0"
    )
    stored = IndexResult.objects.filter(period="2024", source="computed")
    assert sorted((r.unit.code, r.score, r.version.version) for r in stored) == [
        ("04", Decimal("70.0000"), "1"),
        ("08", Decimal("86.6667"), "1"),
        ("15", Decimal("71.6667"), "1"),
        ("19", Decimal("13.3333"), "1"),
    ]
    assert stored.get(unit__code="08").pillars == {"FOREST": "60.0000", "DATA": "26.6667"}


def test_a_second_commit_replaces_the_earlier_computed_results(defined):
    err = StringIO()
    args = ["index", "compute", "--index", "GREENX", "--period", "2024", "--peers", "provinces"]
    call_command(*args, "--commit", stdout=StringIO(), stderr=StringIO())
    first = set(IndexResult.objects.values_list("pk", flat=True))
    out = StringIO()
    call_command(*args, "--commit", "--json", stdout=out, stderr=err)
    assert len(json.loads(out.getvalue())) == 4  # the JSON stays a JSON array
    assert err.getvalue().strip().endswith("(provinces), replacing 4")
    assert IndexResult.objects.count() == 4
    assert not first & set(IndexResult.objects.values_list("pk", flat=True))


def test_once_computed_results_are_stored_the_version_cannot_be_redefined(defined, tmp_path):
    run(
        "index",
        "compute",
        "--index",
        "GREENX",
        "--period",
        "2024",
        "--peers",
        "provinces",
        "--commit",
    )
    changed = document(valid_from="2023")
    changed["pillars"][0]["weight"] = 70
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed))
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 problem\(s\); nothing written"):
        call_command("index", "define", str(path), "--commit", stdout=out)
    assert "GREENX version 1 has stored results and cannot be changed; define a new version" in (
        out.getvalue()
    )
    assert IndexResult.objects.count() == 4


def test_the_first_period_of_an_index_has_no_change(defined):
    assert {r["change"] for r in compute(period="2023")} == {None}


def publish(tmp_path, text, *extra):
    path = tmp_path / "published.csv"
    path.write_text(text)
    return run("index", "publish", str(path), *extra)


PUBLISHED = """unit,index,period,score,FOREST,DATA
Tuyên Quang,GREENX,2024,50.5,30,20.5
04,GREENX,2024,80,50,30
15,GREENX,2024,50.5,,
"""


def test_published_scores_rank_beside_the_computed_ones_and_are_the_default(defined, tmp_path):
    assert "3 to create" in publish(tmp_path, PUBLISHED)
    assert "3 create" in publish(tmp_path, PUBLISHED, "--commit")
    rows = compute()
    assert [(r["rank"], r["code"], r["score"], r["source"]) for r in rows] == [
        (1, "04", 80.0, "published"),
        (2, "15", 50.5, "published"),  # a tie, listed by name: Lào Cai before Tuyên Quang
        (2, "08", 50.5, "published"),
        (None, "19", None, "published"),  # nothing published: listed without a rank
    ]
    assert rows[2]["pillars"]["DATA"] == {"score": 20.5, "rank": 2}
    assert rows[1]["pillars"]["DATA"] == {"score": None, "rank": None}
    computed = compute("--source", "computed")
    assert computed[0]["code"] == "08" and computed[0]["source"] == "computed"


def test_commit_refuses_the_published_table_and_stores_the_computed_one_when_asked(
    defined, tmp_path
):
    publish(tmp_path, PUBLISHED, "--commit")
    args = ["index", "compute", "--index", "GREENX", "--period", "2024", "--peers", "provinces"]
    with pytest.raises(CommandError, match="--commit: 2024 has published scores for provinces"):
        run(*args, "--commit")
    assert not IndexResult.objects.filter(source="computed").exists()
    assert "stored 4 computed" in run(*args, "--source", "computed", "--commit")
    assert IndexResult.objects.filter(source="published").count() == 3


def test_a_published_file_with_bad_rows_is_refused_whole_and_located(defined, tmp_path):
    bad = "unit,index,period,score,FOREST\n08,GREENX,2024,101,\n99,GREENX,2024,5,\n04,NOPE,2024,5,\n15,GREENX,2024,5,61\n"
    with pytest.raises(CommandError, match=r"4 problem\(s\); nothing written"):
        publish(tmp_path, bad, "--commit")
    assert not IndexResult.objects.filter(source="published").exists()


def test_a_bad_published_row_says_where_and_why(defined, tmp_path):
    out = StringIO()
    path = tmp_path / "published.csv"
    path.write_text("unit,index,period,score,FOREST\n08,GREENX,2024,101,\n15,GREENX,2024,5,61\n")
    with pytest.raises(CommandError):
        call_command("index", "publish", str(path), stdout=out)
    assert "row 2, score '101': a score lies between 0 and 100" in out.getvalue()
    assert "row 3, forest '61': a score lies between 0 and 60" in out.getvalue()


def test_explain_says_what_it_would_take_to_pass_the_unit_ranked_above(defined):
    why = json.loads(
        run("index", "explain", "--index", "GREENX", "--unit", "04", "--period", "2024", "--json")
    )
    assert (why["rank"], why["of"], why["score"]) == (3, 4, 70.0)
    assert why["lost_to_first"] == 16.67
    forest, data = why["pillars"]
    assert (forest["code"], forest["score"], forest["lost"]) == ("FOREST", 30.0, 30.0)
    assert data["indicators"][0]["lost"] == 0  # the best data reuse of the peers
    step = why["to_pass"]
    assert (step["code"], step["gap"], step["indicator"]) == ("15", 1.67, "FOREST_COVER")
    # 1.68 more points of 60 on forest: a score of 0.528 or more, forest cover of 55.56
    assert step["value_from"] == 55 and step["value_to"] == 55.56


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--index", "NOPE"], "--index: unknown index 'NOPE'"),
        (["--period", "2024-13"], "--period: '2024-13'"),
        (["--peers", "cities"], "--peers: unknown peer set 'cities'"),
        (["--version", "9"], "--version: GREENX has no version '9'"),
    ],
)
def test_a_bad_compute_argument_is_one_line_naming_it(defined, args, message):
    given = {"--index": "GREENX", "--period": "2024", "--peers": "provinces"}
    given.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError, match=message):
        run("index", "compute", *[x for pair in given.items() for x in pair])
