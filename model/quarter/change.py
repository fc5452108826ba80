"""What a user's action changed, as data: the screens that show that area refresh, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from model.base.period import Period

AREAS = ("plan", "center", "esia", "indicator", "control_point", "profile", "period", "service")


@dataclass(frozen=True)
class Change:
    """The area that changed (one of AREAS), the quarter it was done in, and which things (item numbers, ids)."""

    area: str
    period: Period
    keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.area not in AREAS:
            raise ValueError(f"unknown area {self.area!r}")
