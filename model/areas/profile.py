"""The organisation's profile: who reports, who signs, where the report goes."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING

from model.base.ru import control_char, control_problem
from model.errors import InputRefused
from model.store.db import atomic

if TYPE_CHECKING:
    from model.store.db import Database

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"[0-9+()\-\s]{5,25}")

LABELS = {
    "district": "Муниципальный район (городской округ)",
    "oktmo": "Код ОКТМО",
    "head_position": "Должность главы администрации",
    "head_name": "Глава администрации (Ф. И. О.)",
    "executor_name": "Исполнитель (Ф. И. О.)",
    "executor_phone": "Телефон исполнителя",
    "region_email": "Электронная почта для отправки в регион",
    "region": "Регион (субъект РФ)",
}


@dataclass(frozen=True)
class Profile:
    district: str = ""
    oktmo: str = ""
    head_position: str = "Глава администрации"
    head_name: str = ""
    executor_name: str = ""
    executor_phone: str = ""
    region_email: str = ""
    region: str = ""  # set by the first package from the region applied (model/exchange/from_region.py), or typed


def check_profile(profile: Profile) -> dict[str, str]:
    """Problems by field name, in Russian; empty when the profile can be stored."""
    problems: dict[str, str] = {}
    for f in fields(Profile):
        value = getattr(profile, f.name)
        if len(value) > 500:
            problems[f.name] = "слишком длинный текст (не более 500 знаков)"
        elif (bad := control_char(value)) is not None:
            problems[f.name] = control_problem(bad, value)
    if not profile.district.strip():
        problems.setdefault("district", "укажите наименование района или округа")
    if profile.oktmo and not (profile.oktmo.isascii() and profile.oktmo.isdigit() and len(profile.oktmo) in (8, 11)):
        problems.setdefault("oktmo", "код ОКТМО — 8 или 11 цифр, например 76618000")
    if profile.region_email and not _EMAIL.fullmatch(profile.region_email):
        problems.setdefault("region_email", "адрес почты вида name@example.ru")
    if profile.executor_phone and not _PHONE.fullmatch(profile.executor_phone):
        problems.setdefault("executor_phone", "телефон из цифр, например +7 (30244) 4-13-34")
    return problems


def load_profile(db: Database) -> Profile | None:
    """The stored profile, or None before the first start's questions are answered."""
    row = db.execute("SELECT * FROM profile WHERE id = 1").fetchone()
    if row is None:
        return None
    names = [d[0] for d in db.execute("SELECT * FROM profile LIMIT 0").description]
    data = dict(zip(names, row, strict=True))
    return Profile(**{f.name: data[f.name] for f in fields(Profile)})


def save_profile(db: Database, profile: Profile) -> None:
    """Store the profile after checking it; raises InputRefused with the problems otherwise."""
    profile = Profile(**{k: v.strip() for k, v in asdict(profile).items()})
    problems = check_profile(profile)
    if problems:
        raise InputRefused("; ".join(f"{LABELS[k]}: {v}" for k, v in problems.items()))
    data = asdict(profile)
    cols = ", ".join(data)
    marks = ", ".join("?" for _ in data)
    kept = ", ".join(f"{name} = excluded.{name}" for name in data)  # an update: the row's deadline days stay
    with atomic(db):
        db.execute(f"INSERT INTO profile (id, {cols}) VALUES (1, {marks}) ON CONFLICT (id) DO UPDATE SET {kept}",
                   list(data.values()))
