from steerco.scoring.scorecard import ClassCounts


def test_government_office_rate_counts_only_tasks_that_have_fallen_due():
    counts = ClassCounts(done_on_time=16_000, done_late=51, overdue=223, on_track=5_000)
    assert counts.due_completion_rate == round(16_051 / (16_051 + 223), 4)
    assert counts.completion_rate == round(16_051 / 21_274, 4)


def test_cancelled_tasks_are_out_of_every_denominator():
    counts = ClassCounts(done_on_time=1, on_track=1, cancelled=5)
    assert counts.total == 2
    assert counts.completion_rate == 0.5


def test_green_rate_leaves_out_regular_and_cancelled_tasks():
    counts = ClassCounts(
        done_on_time=3, done_late=1, on_track=1, overdue=1, regular=10, cancelled=4
    )
    assert counts.green_rate == 0.5


def test_rates_without_any_task_are_empty_not_zero():
    assert ClassCounts().completion_rate is None
    assert ClassCounts().green_rate is None


def test_green_colours_are_configuration(settings):
    settings.STEERCO_COLOURS = {
        "done_on_time": "green",
        "done_late": "green",
        "on_track": "yellow",
        "overdue": "red",
    }
    assert ClassCounts(done_on_time=1, done_late=1, overdue=2).green_rate == 0.5
