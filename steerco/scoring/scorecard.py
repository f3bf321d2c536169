"""Scorecard arithmetic: counts by class -> rates. Pure; no database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.conf import settings

from steerco.progress.classification import TaskClass

CLASS_NAMES = tuple(c.value for c in TaskClass)  # ClassCounts' fields, in TaskClass order


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class Timeliness:
    """Whether a unit reported on its open tasks in the last closed reporting period."""

    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    period: str = ""

    @property
    def reporting_rate(self) -> float | None:
        return _rate(self.on_time, self.expected)

    def as_dict(self) -> dict:
        return {**asdict(self), "reporting_rate": self.reporting_rate}


@dataclass
class ClassCounts:
    done_on_time: int = 0
    done_late: int = 0
    on_track: int = 0
    overdue: int = 0
    regular: int = 0
    cancelled: int = 0
    # None unless asked for (`with_evidence`): looking it up costs a probe per completed task.
    completed_without_evidence: int | None = None
    timeliness: Timeliness = field(default_factory=Timeliness)

    def add(self, task_class: str, n: int = 1) -> None:
        if task_class not in CLASS_NAMES:
            raise ValueError(f"{task_class!r} is not a task class")
        setattr(self, task_class, getattr(self, task_class) + n)

    def __add__(self, other: ClassCounts) -> ClassCounts:
        result = ClassCounts()
        for name in CLASS_NAMES:
            setattr(result, name, getattr(self, name) + getattr(other, name))
        if (
            self.completed_without_evidence is not None
            and other.completed_without_evidence is not None
        ):
            result.completed_without_evidence = (
                self.completed_without_evidence + other.completed_without_evidence
            )
        return result

    def __sub__(self, other: ClassCounts) -> ClassCounts:
        """The classes' counts less another's (a unit's own tasks: its subtree less its
        children's); evidence and timeliness are left out."""
        result = ClassCounts()
        for name in CLASS_NAMES:
            setattr(result, name, getattr(self, name) - getattr(other, name))
        return result

    @property
    def total(self) -> int:
        """Every task but the cancelled ones."""
        return self.done_on_time + self.done_late + self.on_track + self.overdue + self.regular

    @property
    def completed(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def dated(self) -> int:
        """Tasks with a deadline (neither recurring nor cancelled)."""
        return self.total - self.regular

    @property
    def completion_rate(self) -> float | None:
        """Share of all (non-cancelled) tasks that are completed."""
        return _rate(self.completed, self.total)

    @property
    def due_completion_rate(self) -> float | None:
        """The Government Office's rate: completed / (completed + overdue)."""
        return _rate(self.completed, self.completed + self.overdue)

    @property
    def on_time_rate(self) -> float | None:
        """Share of completed tasks that were completed on time."""
        return _rate(self.done_on_time, self.completed)

    @property
    def overdue_rate(self) -> float | None:
        return _rate(self.overdue, self.dated)

    def colour_count(self, colour: str) -> int:
        colours = settings.STEERCO_COLOURS
        return sum(getattr(self, cls) for cls, c in colours.items() if c == colour)

    @property
    def green_rate(self) -> float | None:
        """GREEN / every coloured task (by default all but regular and cancelled)."""
        coloured = sum(getattr(self, cls) for cls in settings.STEERCO_COLOURS)
        return _rate(self.colour_count("green"), coloured)

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "done_on_time": self.done_on_time,
            "done_late": self.done_late,
            "on_track": self.on_track,
            "overdue": self.overdue,
            "regular": self.regular,
            "cancelled": self.cancelled,
            "completed": self.completed,
            "completion_rate": self.completion_rate,
            "due_completion_rate": self.due_completion_rate,
            "on_time_rate": self.on_time_rate,
            "overdue_rate": self.overdue_rate,
            "green_rate": self.green_rate,
            "completed_without_evidence": self.completed_without_evidence,
            "timeliness": self.timeliness.as_dict(),
            "reporting_rate": self.timeliness.reporting_rate,
        }


METRICS = (
    "green_rate",
    "completion_rate",
    "due_completion_rate",
    "on_time_rate",
    "overdue_rate",
    "reporting_rate",
    "total",
    "completed",
    "overdue",
)
LOWER_IS_BETTER = frozenset({"overdue_rate", "overdue"})


def metric_value(counts: ClassCounts, metric: str) -> float | int | None:
    if metric == "reporting_rate":
        return counts.timeliness.reporting_rate
    if metric not in METRICS:
        raise ValueError(f"unknown measure {metric!r}; expected one of {', '.join(METRICS)}")
    return getattr(counts, metric)
