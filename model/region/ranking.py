"""The region's ranking: places by score, equal scores sharing a place. consolidate() (model/region/consolidate.py)
hands the places to the districts, by P and by the ESIA plan's completion; model/region/tables.py `ranking` is the
table «Рейтинг муниципальных образований» the summary prints."""

from __future__ import annotations

TIE = 1e-9  # scores this close share a place


def rank(values: list[float | None]) -> list[int | None]:
    """Competition places, best first: values within TIE share a place and the next place skips (1, 2, 2, 4)."""
    order = sorted((i for i, v in enumerate(values) if v is not None), key=lambda i: -values[i])  # type: ignore
    places: list[int | None] = [None] * len(values)
    leader: float | None = None
    for position, i in enumerate(order, start=1):
        value = values[i]
        assert value is not None
        if leader is None or leader - value > TIE:
            leader, place = value, position
        places[i] = place
    return places
