"""Whether a quarter may be sent is decided by the model (model.quarter.quarter.readiness): the reports tab shows its
verdict and its lines, prepare_sending refuses with its very reasons."""

from dataclasses import FrozenInstanceError, replace

import pytest
from conftest import Q2, fill_quarter

from model.areas import esia, plan
from model.errors import InputRefused
from model.quarter import edits
from model.quarter.data import load_period
from model.quarter.quarter import readiness
from model.reports.sending import prepare_sending


def test_readiness_follows_the_quarter(db, tmp_path):
    empty = readiness(load_period(db, Q2))
    assert empty.may_send and empty.state == "gaps" and len(empty.missing) >= 14
    assert empty.verdict.startswith(f"В отчёте {len(empty.missing)} пробел")
    assert "Профиль организации: не указано наименование района" in empty.missing and empty.refusal() == ""

    fill_quarter(db)
    data = load_period(db, Q2)
    filled = readiness(data)  # the seed's reported total disagrees with R0 + the months: a warning, not a block
    assert filled.may_send and filled.state == "warnings" and filled.missing == () and filled.broken == ()
    assert filled.verdict.startswith("Всё заполнено, но есть 1 предупреждение контрольных соотношений")
    warning = filled.violations[0]
    edits.explain_warning(db, data, warning.rule.id, warning.where, "июнь уточнён после отчёта")
    explained = readiness(load_period(db, Q2))
    assert explained.state == "ready" and explained.verdict == "Всё заполнено: отчёт готов к подписи и отправке."
    assert explained.violations[0].explained  # still listed, with its explanation

    plan.set_value(db, Q2, "2.2", "n", None)
    gap = readiness(load_period(db, Q2))
    assert gap.may_send and gap.state == "gaps" and gap.missing == ("Пункт 2.2: не заполнено: «Информация на стендах»",)
    with pytest.raises(FrozenInstanceError):
        gap.may_send = False  # type: ignore[misc]


def test_a_broken_mandatory_ratio_blocks_the_sending_with_the_same_reasons(db, tmp_path):
    fill_quarter(db)
    esia.save_plan(db, replace(esia.load_plan(db, 2018), total_registered=100))
    ready = readiness(load_period(db, Q2))
    assert not ready.may_send and ready.state == "blocked"
    assert [v.rule.id for v in ready.broken] == ["quarter-registrations"]
    assert ready.verdict.startswith("Отправить нельзя: нарушено 1 обязательное контрольное соотношение")
    assert ready.broken[0].told() in ready.refusal()
    with pytest.raises(InputRefused) as refused:
        prepare_sending(db, Q2, tmp_path / "отправка")
    assert str(refused.value) == ready.refusal()  # one source of the reasons
    assert not (tmp_path / "отправка").exists()
