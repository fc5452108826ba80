"""The deadline days live in the profile's row: storing the profile again changes its fields, not the days, and the
change journal records it as a change of the profile (old and new), not as a new one."""

from model.areas.deadlines import deadline_days, set_deadline_days
from model.areas.profile import Profile, load_profile, save_profile


def test_storing_the_profile_keeps_the_deadline_days_and_is_journalled_as_a_change(db):
    save_profile(db, Profile(district="Калганский район"))
    set_deadline_days(db, 25)
    save_profile(db, Profile(district="Нерчинский район", oktmo="76618000"))
    assert deadline_days(db) == 25
    assert load_profile(db) == Profile(district="Нерчинский район", oktmo="76618000")
    rows = db.execute("SELECT action, json_extract(old, '$.district'), json_extract(new, '$.district') FROM audit "
                      "WHERE tbl = 'profile' ORDER BY id").fetchall()
    assert rows == [("insert", None, "Калганский район"), ("update", "Калганский район", "Нерчинский район")]
