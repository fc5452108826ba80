# ruff: noqa: E501, W293 (the SQL is kept exactly as it shipped)
"""The database schema, migration by migration, as it shipped: fixed text, never edited once released.

The migrations a file lacks run together in one transaction (model/store/db.py); the schema version is how many have
run. To change the schema, append a migration; tests/fixtures hold databases of every earlier version to prove each
upgrade.
"""

# 1: core: profile, periods, the plan's inputs, evidence and events
M1 = """    CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        district TEXT NOT NULL,
        oktmo TEXT NOT NULL DEFAULT '',
        head_name TEXT NOT NULL DEFAULT '',
        head_position TEXT NOT NULL DEFAULT '',
        executor_name TEXT NOT NULL DEFAULT '',
        executor_phone TEXT NOT NULL DEFAULT '',
        region_email TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE periods (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        methodology_id TEXT NOT NULL,
        methodology_version TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        UNIQUE (year, quarter)
    );
    CREATE TABLE plan_inputs (
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        field TEXT NOT NULL,
        value REAL NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        PRIMARY KEY (period_id, item, field)
    );
    CREATE TABLE plan_evidence (
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (period_id, item)
    );
    CREATE TABLE plan_events (
        id INTEGER PRIMARY KEY,
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        day TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        topic TEXT NOT NULL
    );
    CREATE INDEX plan_events_by_item ON plan_events (period_id, item);
    
"""

# 2: service centers and the ESIA registrations plan
M2 = """    CREATE TABLE centers (
        id INTEGER PRIMARY KEY,
        settlement TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT '',
        host TEXT NOT NULL DEFAULT '',
        schedule TEXT NOT NULL DEFAULT '',
        schedule_published INTEGER NOT NULL DEFAULT 0 CHECK (schedule_published IN (0, 1)),
        schedule_link TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        deactivated_at TEXT
    );
    CREATE TABLE center_staff (
        id INTEGER PRIMARY KEY,
        center_id INTEGER NOT NULL REFERENCES centers(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        has_badge INTEGER NOT NULL DEFAULT 0 CHECK (has_badge IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE center_checks (
        center_id INTEGER NOT NULL REFERENCES centers(id) ON DELETE RESTRICT,
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        requirement TEXT NOT NULL,
        met INTEGER NOT NULL CHECK (met IN (0, 1)),
        checked_on TEXT,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (center_id, period_id, requirement)
    );
    CREATE TABLE center_operations (
        center_id INTEGER NOT NULL REFERENCES centers(id) ON DELETE RESTRICT,
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL CHECK (count >= 0),
        PRIMARY KEY (center_id, period_id, kind)
    );
    CREATE TABLE esia_plans (
        year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        registered_start INTEGER CHECK (registered_start >= 0),
        target_end REAL CHECK (target_end >= 0),
        population INTEGER CHECK (population > 0),
        total_registered INTEGER CHECK (total_registered >= 0),
        total_as_of TEXT
    );
    CREATE TABLE esia_months (
        year INTEGER NOT NULL REFERENCES esia_plans(year) ON DELETE CASCADE,
        month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
        registrations INTEGER NOT NULL CHECK (registrations >= 0),
        PRIMARY KEY (year, month)
    );
    
"""

# 3: indicators and control points
M3 = """    CREATE TABLE indicators (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'основной',
        unit TEXT NOT NULL DEFAULT '%',
        territory TEXT NOT NULL DEFAULT '',
        base_value REAL,
        base_date TEXT,
        direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),
        decimals INTEGER NOT NULL DEFAULT 2 CHECK (decimals BETWEEN 0 AND 6),
        position INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        retired_at TEXT
    );
    CREATE TABLE indicator_values (
        indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE RESTRICT,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 0 AND 4),
        plan REAL,
        fact REAL,
        comment TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (indicator_id, year, quarter)
    );
    CREATE TABLE control_points (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        due TEXT NOT NULL,
        done TEXT,
        comment TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    );
    
"""

# 4: periods sent upstream
M4 = """    CREATE TABLE sent_periods (
        period_id INTEGER PRIMARY KEY REFERENCES periods(id) ON DELETE CASCADE,
        sent_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        folder TEXT NOT NULL DEFAULT ''
    );
    
"""

# 5: the audit trail: its table and triggers
M5 = """CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        actor TEXT NOT NULL,
        tbl TEXT NOT NULL,
        key TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        old TEXT,
        new TEXT
    );
    CREATE INDEX audit_by_key ON audit (key, id);
CREATE TRIGGER audit_profile_insert AFTER INSERT ON profile WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'profile', 'profile', 'insert', NULL, json_object('district', NEW.district, 'oktmo', NEW.oktmo, 'head_name', NEW.head_name, 'head_position', NEW.head_position, 'executor_name', NEW.executor_name, 'executor_phone', NEW.executor_phone, 'region_email', NEW.region_email));
    END;
CREATE TRIGGER audit_profile_update AFTER UPDATE ON profile
        WHEN omsu_audit_on() AND json_object('district', OLD.district, 'oktmo', OLD.oktmo, 'head_name', OLD.head_name, 'head_position', OLD.head_position, 'executor_name', OLD.executor_name, 'executor_phone', OLD.executor_phone, 'region_email', OLD.region_email) IS NOT json_object('district', NEW.district, 'oktmo', NEW.oktmo, 'head_name', NEW.head_name, 'head_position', NEW.head_position, 'executor_name', NEW.executor_name, 'executor_phone', NEW.executor_phone, 'region_email', NEW.region_email) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'profile', 'profile', 'update', json_object('district', OLD.district, 'oktmo', OLD.oktmo, 'head_name', OLD.head_name, 'head_position', OLD.head_position, 'executor_name', OLD.executor_name, 'executor_phone', OLD.executor_phone, 'region_email', OLD.region_email), json_object('district', NEW.district, 'oktmo', NEW.oktmo, 'head_name', NEW.head_name, 'head_position', NEW.head_position, 'executor_name', NEW.executor_name, 'executor_phone', NEW.executor_phone, 'region_email', NEW.region_email));
    END;
CREATE TRIGGER audit_profile_delete AFTER DELETE ON profile WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'profile', 'profile', 'delete', json_object('district', OLD.district, 'oktmo', OLD.oktmo, 'head_name', OLD.head_name, 'head_position', OLD.head_position, 'executor_name', OLD.executor_name, 'executor_phone', OLD.executor_phone, 'region_email', OLD.region_email), NULL);
    END;
CREATE TRIGGER audit_plan_inputs_insert AFTER INSERT ON plan_inputs WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'plan_inputs', 'plan:' || coalesce((SELECT year || '-Q' || quarter FROM periods WHERE id = NEW.period_id), '?') || ':' || NEW.item, 'insert', NULL, json_object('field', NEW.field, 'value', NEW.value));
    END;
CREATE TRIGGER audit_plan_inputs_update AFTER UPDATE ON plan_inputs
        WHEN omsu_audit_on() AND json_object('field', OLD.field, 'value', OLD.value) IS NOT json_object('field', NEW.field, 'value', NEW.value) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'plan_inputs', 'plan:' || coalesce((SELECT year || '-Q' || quarter FROM periods WHERE id = NEW.period_id), '?') || ':' || NEW.item, 'update', json_object('field', OLD.field, 'value', OLD.value), json_object('field', NEW.field, 'value', NEW.value));
    END;
CREATE TRIGGER audit_plan_inputs_delete AFTER DELETE ON plan_inputs WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'plan_inputs', 'plan:' || coalesce((SELECT year || '-Q' || quarter FROM periods WHERE id = OLD.period_id), '?') || ':' || OLD.item, 'delete', json_object('field', OLD.field, 'value', OLD.value), NULL);
    END;
CREATE TRIGGER audit_plan_evidence_insert AFTER INSERT ON plan_evidence WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'plan_evidence', 'plan:' || coalesce((SELECT year || '-Q' || quarter FROM periods WHERE id = NEW.period_id), '?') || ':' || NEW.item, 'insert', NULL, json_object('text', NEW.text));
    END;
CREATE TRIGGER audit_plan_evidence_update AFTER UPDATE ON plan_evidence
        WHEN omsu_audit_on() AND json_object('text', OLD.text) IS NOT json_object('text', NEW.text) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'plan_evidence', 'plan:' || coalesce((SELECT year || '-Q' || quarter FROM periods WHERE id = NEW.period_id), '?') || ':' || NEW.item, 'update', json_object('text', OLD.text), json_object('text', NEW.text));
    END;
CREATE TRIGGER audit_plan_evidence_delete AFTER DELETE ON plan_evidence WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'plan_evidence', 'plan:' || coalesce((SELECT year || '-Q' || quarter FROM periods WHERE id = OLD.period_id), '?') || ':' || OLD.item, 'delete', json_object('text', OLD.text), NULL);
    END;
CREATE TRIGGER audit_plan_events_insert AFTER INSERT ON plan_events WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'plan_events', 'plan:' || coalesce((SELECT year || '-Q' || quarter FROM periods WHERE id = NEW.period_id), '?') || ':' || NEW.item, 'insert', NULL, json_object('id', NEW.id, 'day', NEW.day, 'place', NEW.place, 'topic', NEW.topic));
    END;
CREATE TRIGGER audit_plan_events_update AFTER UPDATE ON plan_events
        WHEN omsu_audit_on() AND json_object('id', OLD.id, 'day', OLD.day, 'place', OLD.place, 'topic', OLD.topic) IS NOT json_object('id', NEW.id, 'day', NEW.day, 'place', NEW.place, 'topic', NEW.topic) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'plan_events', 'plan:' || coalesce((SELECT year || '-Q' || quarter FROM periods WHERE id = NEW.period_id), '?') || ':' || NEW.item, 'update', json_object('id', OLD.id, 'day', OLD.day, 'place', OLD.place, 'topic', OLD.topic), json_object('id', NEW.id, 'day', NEW.day, 'place', NEW.place, 'topic', NEW.topic));
    END;
CREATE TRIGGER audit_plan_events_delete AFTER DELETE ON plan_events WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'plan_events', 'plan:' || coalesce((SELECT year || '-Q' || quarter FROM periods WHERE id = OLD.period_id), '?') || ':' || OLD.item, 'delete', json_object('id', OLD.id, 'day', OLD.day, 'place', OLD.place, 'topic', OLD.topic), NULL);
    END;
CREATE TRIGGER audit_centers_insert AFTER INSERT ON centers WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'centers', 'center:' || NEW.id, 'insert', NULL, json_object('settlement', NEW.settlement, 'address', NEW.address, 'host', NEW.host, 'schedule', NEW.schedule, 'schedule_published', NEW.schedule_published, 'schedule_link', NEW.schedule_link, 'active', NEW.active));
    END;
CREATE TRIGGER audit_centers_update AFTER UPDATE ON centers
        WHEN omsu_audit_on() AND json_object('settlement', OLD.settlement, 'address', OLD.address, 'host', OLD.host, 'schedule', OLD.schedule, 'schedule_published', OLD.schedule_published, 'schedule_link', OLD.schedule_link, 'active', OLD.active) IS NOT json_object('settlement', NEW.settlement, 'address', NEW.address, 'host', NEW.host, 'schedule', NEW.schedule, 'schedule_published', NEW.schedule_published, 'schedule_link', NEW.schedule_link, 'active', NEW.active) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'centers', 'center:' || NEW.id, 'update', json_object('settlement', OLD.settlement, 'address', OLD.address, 'host', OLD.host, 'schedule', OLD.schedule, 'schedule_published', OLD.schedule_published, 'schedule_link', OLD.schedule_link, 'active', OLD.active), json_object('settlement', NEW.settlement, 'address', NEW.address, 'host', NEW.host, 'schedule', NEW.schedule, 'schedule_published', NEW.schedule_published, 'schedule_link', NEW.schedule_link, 'active', NEW.active));
    END;
CREATE TRIGGER audit_centers_delete AFTER DELETE ON centers WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'centers', 'center:' || OLD.id, 'delete', json_object('settlement', OLD.settlement, 'address', OLD.address, 'host', OLD.host, 'schedule', OLD.schedule, 'schedule_published', OLD.schedule_published, 'schedule_link', OLD.schedule_link, 'active', OLD.active), NULL);
    END;
CREATE TRIGGER audit_center_staff_insert AFTER INSERT ON center_staff WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'center_staff', 'center:' || NEW.center_id, 'insert', NULL, json_object('name', NEW.name, 'has_badge', NEW.has_badge));
    END;
CREATE TRIGGER audit_center_staff_update AFTER UPDATE ON center_staff
        WHEN omsu_audit_on() AND json_object('name', OLD.name, 'has_badge', OLD.has_badge) IS NOT json_object('name', NEW.name, 'has_badge', NEW.has_badge) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'center_staff', 'center:' || NEW.center_id, 'update', json_object('name', OLD.name, 'has_badge', OLD.has_badge), json_object('name', NEW.name, 'has_badge', NEW.has_badge));
    END;
CREATE TRIGGER audit_center_staff_delete AFTER DELETE ON center_staff WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'center_staff', 'center:' || OLD.center_id, 'delete', json_object('name', OLD.name, 'has_badge', OLD.has_badge), NULL);
    END;
CREATE TRIGGER audit_center_checks_insert AFTER INSERT ON center_checks WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'center_checks', 'center:' || NEW.center_id, 'insert', NULL, json_object('period_id', NEW.period_id, 'requirement', NEW.requirement, 'met', NEW.met, 'checked_on', NEW.checked_on, 'note', NEW.note));
    END;
CREATE TRIGGER audit_center_checks_update AFTER UPDATE ON center_checks
        WHEN omsu_audit_on() AND json_object('period_id', OLD.period_id, 'requirement', OLD.requirement, 'met', OLD.met, 'checked_on', OLD.checked_on, 'note', OLD.note) IS NOT json_object('period_id', NEW.period_id, 'requirement', NEW.requirement, 'met', NEW.met, 'checked_on', NEW.checked_on, 'note', NEW.note) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'center_checks', 'center:' || NEW.center_id, 'update', json_object('period_id', OLD.period_id, 'requirement', OLD.requirement, 'met', OLD.met, 'checked_on', OLD.checked_on, 'note', OLD.note), json_object('period_id', NEW.period_id, 'requirement', NEW.requirement, 'met', NEW.met, 'checked_on', NEW.checked_on, 'note', NEW.note));
    END;
CREATE TRIGGER audit_center_checks_delete AFTER DELETE ON center_checks WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'center_checks', 'center:' || OLD.center_id, 'delete', json_object('period_id', OLD.period_id, 'requirement', OLD.requirement, 'met', OLD.met, 'checked_on', OLD.checked_on, 'note', OLD.note), NULL);
    END;
CREATE TRIGGER audit_center_operations_insert AFTER INSERT ON center_operations WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'center_operations', 'center:' || NEW.center_id, 'insert', NULL, json_object('period_id', NEW.period_id, 'kind', NEW.kind, 'count', NEW.count));
    END;
CREATE TRIGGER audit_center_operations_update AFTER UPDATE ON center_operations
        WHEN omsu_audit_on() AND json_object('period_id', OLD.period_id, 'kind', OLD.kind, 'count', OLD.count) IS NOT json_object('period_id', NEW.period_id, 'kind', NEW.kind, 'count', NEW.count) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'center_operations', 'center:' || NEW.center_id, 'update', json_object('period_id', OLD.period_id, 'kind', OLD.kind, 'count', OLD.count), json_object('period_id', NEW.period_id, 'kind', NEW.kind, 'count', NEW.count));
    END;
CREATE TRIGGER audit_center_operations_delete AFTER DELETE ON center_operations WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'center_operations', 'center:' || OLD.center_id, 'delete', json_object('period_id', OLD.period_id, 'kind', OLD.kind, 'count', OLD.count), NULL);
    END;
CREATE TRIGGER audit_esia_plans_insert AFTER INSERT ON esia_plans WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'esia_plans', 'esia:' || NEW.year, 'insert', NULL, json_object('registered_start', NEW.registered_start, 'target_end', NEW.target_end, 'population', NEW.population, 'total_registered', NEW.total_registered, 'total_as_of', NEW.total_as_of));
    END;
CREATE TRIGGER audit_esia_plans_update AFTER UPDATE ON esia_plans
        WHEN omsu_audit_on() AND json_object('registered_start', OLD.registered_start, 'target_end', OLD.target_end, 'population', OLD.population, 'total_registered', OLD.total_registered, 'total_as_of', OLD.total_as_of) IS NOT json_object('registered_start', NEW.registered_start, 'target_end', NEW.target_end, 'population', NEW.population, 'total_registered', NEW.total_registered, 'total_as_of', NEW.total_as_of) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'esia_plans', 'esia:' || NEW.year, 'update', json_object('registered_start', OLD.registered_start, 'target_end', OLD.target_end, 'population', OLD.population, 'total_registered', OLD.total_registered, 'total_as_of', OLD.total_as_of), json_object('registered_start', NEW.registered_start, 'target_end', NEW.target_end, 'population', NEW.population, 'total_registered', NEW.total_registered, 'total_as_of', NEW.total_as_of));
    END;
CREATE TRIGGER audit_esia_plans_delete AFTER DELETE ON esia_plans WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'esia_plans', 'esia:' || OLD.year, 'delete', json_object('registered_start', OLD.registered_start, 'target_end', OLD.target_end, 'population', OLD.population, 'total_registered', OLD.total_registered, 'total_as_of', OLD.total_as_of), NULL);
    END;
CREATE TRIGGER audit_esia_months_insert AFTER INSERT ON esia_months WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'esia_months', 'esia:' || NEW.year, 'insert', NULL, json_object('month', NEW.month, 'registrations', NEW.registrations));
    END;
CREATE TRIGGER audit_esia_months_update AFTER UPDATE ON esia_months
        WHEN omsu_audit_on() AND json_object('month', OLD.month, 'registrations', OLD.registrations) IS NOT json_object('month', NEW.month, 'registrations', NEW.registrations) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'esia_months', 'esia:' || NEW.year, 'update', json_object('month', OLD.month, 'registrations', OLD.registrations), json_object('month', NEW.month, 'registrations', NEW.registrations));
    END;
CREATE TRIGGER audit_esia_months_delete AFTER DELETE ON esia_months WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'esia_months', 'esia:' || OLD.year, 'delete', json_object('month', OLD.month, 'registrations', OLD.registrations), NULL);
    END;
CREATE TRIGGER audit_indicators_insert AFTER INSERT ON indicators WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicators', 'indicator:' || NEW.id, 'insert', NULL, json_object('number', NEW.number, 'name', NEW.name, 'kind', NEW.kind, 'unit', NEW.unit, 'territory', NEW.territory, 'base_value', NEW.base_value, 'base_date', NEW.base_date, 'direction', NEW.direction, 'decimals', NEW.decimals, 'active', NEW.active));
    END;
CREATE TRIGGER audit_indicators_update AFTER UPDATE ON indicators
        WHEN omsu_audit_on() AND json_object('number', OLD.number, 'name', OLD.name, 'kind', OLD.kind, 'unit', OLD.unit, 'territory', OLD.territory, 'base_value', OLD.base_value, 'base_date', OLD.base_date, 'direction', OLD.direction, 'decimals', OLD.decimals, 'active', OLD.active) IS NOT json_object('number', NEW.number, 'name', NEW.name, 'kind', NEW.kind, 'unit', NEW.unit, 'territory', NEW.territory, 'base_value', NEW.base_value, 'base_date', NEW.base_date, 'direction', NEW.direction, 'decimals', NEW.decimals, 'active', NEW.active) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicators', 'indicator:' || NEW.id, 'update', json_object('number', OLD.number, 'name', OLD.name, 'kind', OLD.kind, 'unit', OLD.unit, 'territory', OLD.territory, 'base_value', OLD.base_value, 'base_date', OLD.base_date, 'direction', OLD.direction, 'decimals', OLD.decimals, 'active', OLD.active), json_object('number', NEW.number, 'name', NEW.name, 'kind', NEW.kind, 'unit', NEW.unit, 'territory', NEW.territory, 'base_value', NEW.base_value, 'base_date', NEW.base_date, 'direction', NEW.direction, 'decimals', NEW.decimals, 'active', NEW.active));
    END;
CREATE TRIGGER audit_indicators_delete AFTER DELETE ON indicators WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicators', 'indicator:' || OLD.id, 'delete', json_object('number', OLD.number, 'name', OLD.name, 'kind', OLD.kind, 'unit', OLD.unit, 'territory', OLD.territory, 'base_value', OLD.base_value, 'base_date', OLD.base_date, 'direction', OLD.direction, 'decimals', OLD.decimals, 'active', OLD.active), NULL);
    END;
CREATE TRIGGER audit_indicator_values_insert AFTER INSERT ON indicator_values WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicator_values', 'indicator:' || NEW.indicator_id, 'insert', NULL, json_object('year', NEW.year, 'quarter', NEW.quarter, 'plan', NEW.plan, 'fact', NEW.fact, 'comment', NEW.comment));
    END;
CREATE TRIGGER audit_indicator_values_update AFTER UPDATE ON indicator_values
        WHEN omsu_audit_on() AND json_object('year', OLD.year, 'quarter', OLD.quarter, 'plan', OLD.plan, 'fact', OLD.fact, 'comment', OLD.comment) IS NOT json_object('year', NEW.year, 'quarter', NEW.quarter, 'plan', NEW.plan, 'fact', NEW.fact, 'comment', NEW.comment) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicator_values', 'indicator:' || NEW.indicator_id, 'update', json_object('year', OLD.year, 'quarter', OLD.quarter, 'plan', OLD.plan, 'fact', OLD.fact, 'comment', OLD.comment), json_object('year', NEW.year, 'quarter', NEW.quarter, 'plan', NEW.plan, 'fact', NEW.fact, 'comment', NEW.comment));
    END;
CREATE TRIGGER audit_indicator_values_delete AFTER DELETE ON indicator_values WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicator_values', 'indicator:' || OLD.indicator_id, 'delete', json_object('year', OLD.year, 'quarter', OLD.quarter, 'plan', OLD.plan, 'fact', OLD.fact, 'comment', OLD.comment), NULL);
    END;
CREATE TRIGGER audit_control_points_insert AFTER INSERT ON control_points WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'control_points', 'control_point:' || NEW.id, 'insert', NULL, json_object('title', NEW.title, 'due', NEW.due, 'done', NEW.done, 'comment', NEW.comment));
    END;
CREATE TRIGGER audit_control_points_update AFTER UPDATE ON control_points
        WHEN omsu_audit_on() AND json_object('title', OLD.title, 'due', OLD.due, 'done', OLD.done, 'comment', OLD.comment) IS NOT json_object('title', NEW.title, 'due', NEW.due, 'done', NEW.done, 'comment', NEW.comment) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'control_points', 'control_point:' || NEW.id, 'update', json_object('title', OLD.title, 'due', OLD.due, 'done', OLD.done, 'comment', OLD.comment), json_object('title', NEW.title, 'due', NEW.due, 'done', NEW.done, 'comment', NEW.comment));
    END;
CREATE TRIGGER audit_control_points_delete AFTER DELETE ON control_points WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'control_points', 'control_point:' || OLD.id, 'delete', json_object('title', OLD.title, 'due', OLD.due, 'done', OLD.done, 'comment', OLD.comment), NULL);
    END;
"""

# 6: composite indicators (a weighted mean of other indicators' achievement, each capped at member_cap %)
M6 = """CREATE TABLE indicator_members (
        composite_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE RESTRICT,
        weight REAL NOT NULL CHECK (weight > 0),
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (composite_id, member_id),
        CHECK (composite_id <> member_id)
    );
    ALTER TABLE indicators ADD COLUMN member_cap REAL DEFAULT 100;
CREATE TRIGGER audit_indicator_members_insert AFTER INSERT ON indicator_members WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicator_members', 'indicator:' || NEW.composite_id, 'insert', NULL, json_object('member_id', NEW.member_id, 'weight', NEW.weight));
    END;
CREATE TRIGGER audit_indicator_members_update AFTER UPDATE ON indicator_members
        WHEN omsu_audit_on() AND json_object('member_id', OLD.member_id, 'weight', OLD.weight) IS NOT json_object('member_id', NEW.member_id, 'weight', NEW.weight) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicator_members', 'indicator:' || NEW.composite_id, 'update', json_object('member_id', OLD.member_id, 'weight', OLD.weight), json_object('member_id', NEW.member_id, 'weight', NEW.weight));
    END;
CREATE TRIGGER audit_indicator_members_delete AFTER DELETE ON indicator_members WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicator_members', 'indicator:' || OLD.composite_id, 'delete', json_object('member_id', OLD.member_id, 'weight', OLD.weight), NULL);
    END;
CREATE TRIGGER audit_indicator_cap_update AFTER UPDATE OF member_cap ON indicators
        WHEN omsu_audit_on() AND OLD.member_cap IS NOT NEW.member_cap BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'indicators', 'indicator:' || NEW.id, 'update', json_object('member_cap', OLD.member_cap), json_object('member_cap', NEW.member_cap));
    END;
"""

# 7: deadlines, and sent quarters locked against accidental edits until reopened with a reason (a new revision)
M7 = """ALTER TABLE profile ADD COLUMN deadline_days INTEGER NOT NULL DEFAULT 10 CHECK (deadline_days BETWEEN 0 AND 120);
    CREATE TABLE deadlines (
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        due TEXT NOT NULL,
        PRIMARY KEY (year, quarter)
    );
    ALTER TABLE sent_periods ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE sent_periods ADD COLUMN reopened_at TEXT;
    ALTER TABLE sent_periods ADD COLUMN reopen_reason TEXT NOT NULL DEFAULT '';
CREATE TRIGGER lock_plan_inputs_insert BEFORE INSERT ON plan_inputs
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = NEW.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_plan_inputs_update BEFORE UPDATE ON plan_inputs
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_plan_inputs_delete BEFORE DELETE ON plan_inputs
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_plan_evidence_insert BEFORE INSERT ON plan_evidence
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = NEW.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_plan_evidence_update BEFORE UPDATE ON plan_evidence
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_plan_evidence_delete BEFORE DELETE ON plan_evidence
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_plan_events_insert BEFORE INSERT ON plan_events
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = NEW.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_plan_events_update BEFORE UPDATE ON plan_events
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_plan_events_delete BEFORE DELETE ON plan_events
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_center_checks_insert BEFORE INSERT ON center_checks
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = NEW.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_center_checks_update BEFORE UPDATE ON center_checks
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_center_checks_delete BEFORE DELETE ON center_checks
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_center_operations_insert BEFORE INSERT ON center_operations
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = NEW.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_center_operations_update BEFORE UPDATE ON center_operations
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_center_operations_delete BEFORE DELETE ON center_operations
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER audit_sent_periods_update AFTER UPDATE ON sent_periods
        WHEN omsu_audit_on() AND (OLD.revision IS NOT NEW.revision OR OLD.reopened_at IS NOT NEW.reopened_at) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'sent_periods', 'sent:' || (SELECT year || '-Q' || quarter FROM periods WHERE id = NEW.period_id), 'update', json_object('revision', OLD.revision, 'reopened_at', OLD.reopened_at), json_object('revision', NEW.revision, 'reopened_at', NEW.reopened_at, 'reopen_reason', NEW.reopen_reason));
    END;
CREATE TRIGGER audit_deadlines_insert AFTER INSERT ON deadlines WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'deadlines', 'profile', 'insert', NULL, json_object('year', NEW.year, 'quarter', NEW.quarter, 'due', NEW.due));
    END;
CREATE TRIGGER audit_deadlines_update AFTER UPDATE ON deadlines WHEN omsu_audit_on() AND OLD.due IS NOT NEW.due BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'deadlines', 'profile', 'update', json_object('year', OLD.year, 'quarter', OLD.quarter, 'due', OLD.due), json_object('year', NEW.year, 'quarter', NEW.quarter, 'due', NEW.due));
    END;
CREATE TRIGGER audit_deadlines_delete AFTER DELETE ON deadlines WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'deadlines', 'profile', 'delete', json_object('year', OLD.year, 'quarter', OLD.quarter, 'due', OLD.due), NULL);
    END;
"""

# 8: mass socially significant services (МСЗУ): the register, the planned quarter of each one's transfer to
# electronic form and the date it became available, requests by quarter (all and electronic), the planned share
M8 = """CREATE TABLE services (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        level TEXT NOT NULL DEFAULT 'муниципальная' CHECK (level IN ('муниципальная', 'государственная')),
        mass INTEGER NOT NULL DEFAULT 1 CHECK (mass IN (0, 1)),
        federal_number TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        planned_year INTEGER CHECK (planned_year BETWEEN 2000 AND 2100),
        planned_quarter INTEGER CHECK (planned_quarter BETWEEN 1 AND 4),
        available_on TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
    );
    CREATE TABLE service_requests (
        service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        total INTEGER CHECK (total >= 0),
        electronic INTEGER CHECK (electronic >= 0),
        PRIMARY KEY (service_id, year, quarter),
        CHECK (electronic IS NULL OR total IS NULL OR electronic <= total)
    );
    CREATE TABLE service_share_plan (
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        share REAL NOT NULL CHECK (share BETWEEN 0 AND 100),
        PRIMARY KEY (year, quarter)
    );
CREATE TRIGGER lock_service_requests_insert BEFORE INSERT ON service_requests
        WHEN EXISTS (SELECT 1 FROM sent_periods s JOIN periods p ON p.id = s.period_id
                     WHERE p.year = NEW.year AND p.quarter = NEW.quarter AND s.reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_service_requests_update BEFORE UPDATE ON service_requests
        WHEN EXISTS (SELECT 1 FROM sent_periods s JOIN periods p ON p.id = s.period_id
                     WHERE p.year = OLD.year AND p.quarter = OLD.quarter AND s.reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_service_requests_delete BEFORE DELETE ON service_requests
        WHEN EXISTS (SELECT 1 FROM sent_periods s JOIN periods p ON p.id = s.period_id
                     WHERE p.year = OLD.year AND p.quarter = OLD.quarter AND s.reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER audit_services_insert AFTER INSERT ON services WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'services', 'service:' || NEW.id, 'insert', NULL, json_object('name', NEW.name, 'level', NEW.level, 'mass', NEW.mass, 'federal_number', NEW.federal_number, 'department', NEW.department, 'planned_year', NEW.planned_year, 'planned_quarter', NEW.planned_quarter, 'available_on', NEW.available_on, 'active', NEW.active));
    END;
CREATE TRIGGER audit_services_update AFTER UPDATE ON services
        WHEN omsu_audit_on() AND json_object('name', OLD.name, 'level', OLD.level, 'mass', OLD.mass, 'federal_number', OLD.federal_number, 'department', OLD.department, 'planned_year', OLD.planned_year, 'planned_quarter', OLD.planned_quarter, 'available_on', OLD.available_on, 'active', OLD.active) IS NOT json_object('name', NEW.name, 'level', NEW.level, 'mass', NEW.mass, 'federal_number', NEW.federal_number, 'department', NEW.department, 'planned_year', NEW.planned_year, 'planned_quarter', NEW.planned_quarter, 'available_on', NEW.available_on, 'active', NEW.active) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'services', 'service:' || NEW.id, 'update', json_object('name', OLD.name, 'level', OLD.level, 'mass', OLD.mass, 'federal_number', OLD.federal_number, 'department', OLD.department, 'planned_year', OLD.planned_year, 'planned_quarter', OLD.planned_quarter, 'available_on', OLD.available_on, 'active', OLD.active), json_object('name', NEW.name, 'level', NEW.level, 'mass', NEW.mass, 'federal_number', NEW.federal_number, 'department', NEW.department, 'planned_year', NEW.planned_year, 'planned_quarter', NEW.planned_quarter, 'available_on', NEW.available_on, 'active', NEW.active));
    END;
CREATE TRIGGER audit_services_delete AFTER DELETE ON services WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'services', 'service:' || OLD.id, 'delete', json_object('name', OLD.name, 'level', OLD.level, 'mass', OLD.mass, 'federal_number', OLD.federal_number, 'department', OLD.department, 'planned_year', OLD.planned_year, 'planned_quarter', OLD.planned_quarter, 'available_on', OLD.available_on, 'active', OLD.active), NULL);
    END;
CREATE TRIGGER audit_service_requests_insert AFTER INSERT ON service_requests WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'service_requests', 'service:' || NEW.service_id, 'insert', NULL, json_object('year', NEW.year, 'quarter', NEW.quarter, 'total', NEW.total, 'electronic', NEW.electronic));
    END;
CREATE TRIGGER audit_service_requests_update AFTER UPDATE ON service_requests
        WHEN omsu_audit_on() AND json_object('year', OLD.year, 'quarter', OLD.quarter, 'total', OLD.total, 'electronic', OLD.electronic) IS NOT json_object('year', NEW.year, 'quarter', NEW.quarter, 'total', NEW.total, 'electronic', NEW.electronic) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'service_requests', 'service:' || NEW.service_id, 'update', json_object('year', OLD.year, 'quarter', OLD.quarter, 'total', OLD.total, 'electronic', OLD.electronic), json_object('year', NEW.year, 'quarter', NEW.quarter, 'total', NEW.total, 'electronic', NEW.electronic));
    END;
CREATE TRIGGER audit_service_requests_delete AFTER DELETE ON service_requests WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'service_requests', 'service:' || OLD.service_id, 'delete', json_object('year', OLD.year, 'quarter', OLD.quarter, 'total', OLD.total, 'electronic', OLD.electronic), NULL);
    END;
CREATE TRIGGER audit_service_share_plan_insert AFTER INSERT ON service_share_plan WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'service_share_plan', 'service_plan:' || NEW.year, 'insert', NULL, json_object('year', NEW.year, 'quarter', NEW.quarter, 'share', NEW.share));
    END;
CREATE TRIGGER audit_service_share_plan_update AFTER UPDATE ON service_share_plan
        WHEN omsu_audit_on() AND json_object('year', OLD.year, 'quarter', OLD.quarter, 'share', OLD.share) IS NOT json_object('year', NEW.year, 'quarter', NEW.quarter, 'share', NEW.share) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'service_share_plan', 'service_plan:' || NEW.year, 'update', json_object('year', OLD.year, 'quarter', OLD.quarter, 'share', OLD.share), json_object('year', NEW.year, 'quarter', NEW.quarter, 'share', NEW.share));
    END;
CREATE TRIGGER audit_service_share_plan_delete AFTER DELETE ON service_share_plan WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'service_share_plan', 'service_plan:' || OLD.year, 'delete', json_object('year', OLD.year, 'quarter', OLD.quarter, 'share', OLD.share), NULL);
    END;
"""

# 9: explanations of soft control-ratio warnings, per quarter
M9 = """CREATE TABLE ratio_notes (
        period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        place TEXT NOT NULL,
        note TEXT NOT NULL,
        PRIMARY KEY (period_id, rule_id, place)
    );
CREATE TRIGGER lock_ratio_notes_insert BEFORE INSERT ON ratio_notes
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = NEW.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_ratio_notes_update BEFORE UPDATE ON ratio_notes
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER lock_ratio_notes_delete BEFORE DELETE ON ratio_notes
        WHEN EXISTS (SELECT 1 FROM sent_periods WHERE period_id = OLD.period_id AND reopened_at IS NULL) BEGIN
        SELECT RAISE(ABORT, 'квартал отправлен');
    END;
CREATE TRIGGER audit_ratio_notes_insert AFTER INSERT ON ratio_notes WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'ratio_notes', 'plan:' || (SELECT year || '-Q' || quarter FROM periods WHERE id = NEW.period_id) || ':ratio', 'insert', NULL, json_object('rule_id', NEW.rule_id, 'place', NEW.place, 'note', NEW.note));
    END;
CREATE TRIGGER audit_ratio_notes_update AFTER UPDATE ON ratio_notes
        WHEN omsu_audit_on() AND json_object('rule_id', OLD.rule_id, 'place', OLD.place, 'note', OLD.note) IS NOT json_object('rule_id', NEW.rule_id, 'place', NEW.place, 'note', NEW.note) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'ratio_notes', 'plan:' || (SELECT year || '-Q' || quarter FROM periods WHERE id = NEW.period_id) || ':ratio', 'update', json_object('rule_id', OLD.rule_id, 'place', OLD.place, 'note', OLD.note), json_object('rule_id', NEW.rule_id, 'place', NEW.place, 'note', NEW.note));
    END;
CREATE TRIGGER audit_ratio_notes_delete AFTER DELETE ON ratio_notes WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'ratio_notes', 'plan:' || (SELECT year || '-Q' || quarter FROM periods WHERE id = OLD.period_id) || ':ratio', 'delete', json_object('rule_id', OLD.rule_id, 'place', OLD.place, 'note', OLD.note), NULL);
    END;
"""

# 10: the region's files in the district: the region (of the profile), the packages applied, the district's seal key,
# the targets the region set (quarter 0: the whole year) and the district's changes of them with a reason, and the
# region's answers to the district's reports
M10 = """ALTER TABLE profile ADD COLUMN region TEXT NOT NULL DEFAULT '';
    CREATE TABLE region_packages (
        region TEXT NOT NULL,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        version INTEGER NOT NULL CHECK (version >= 1),
        made_at TEXT NOT NULL,
        applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        digest TEXT NOT NULL,
        PRIMARY KEY (region, year, version)
    );
    CREATE TABLE region_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        region TEXT NOT NULL,
        key TEXT NOT NULL
    );
    CREATE TABLE region_targets (
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 0 AND 4),
        area TEXT NOT NULL CHECK (area IN ('esia', 'plan', 'indicator', 'services')),
        key TEXT NOT NULL DEFAULT '',
        field TEXT NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (year, quarter, area, key, field)
    );
    CREATE TABLE target_changes (
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 0 AND 4),
        area TEXT NOT NULL CHECK (area IN ('esia', 'plan', 'indicator', 'services')),
        key TEXT NOT NULL DEFAULT '',
        field TEXT NOT NULL,
        region_value REAL NOT NULL,
        value REAL,
        reason TEXT NOT NULL,
        changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        PRIMARY KEY (year, quarter, area, key, field)
    );
    CREATE TABLE region_answers (
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
        made_at TEXT NOT NULL,
        status TEXT NOT NULL,
        answer TEXT NOT NULL,
        PRIMARY KEY (year, quarter)
    );
DROP TRIGGER audit_profile_insert;
DROP TRIGGER audit_profile_update;
DROP TRIGGER audit_profile_delete;
CREATE TRIGGER audit_profile_insert AFTER INSERT ON profile WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'profile', 'profile', 'insert', NULL, json_object('district', NEW.district, 'oktmo', NEW.oktmo, 'head_name', NEW.head_name, 'head_position', NEW.head_position, 'executor_name', NEW.executor_name, 'executor_phone', NEW.executor_phone, 'region_email', NEW.region_email, 'region', NEW.region));
    END;
CREATE TRIGGER audit_profile_update AFTER UPDATE ON profile
        WHEN omsu_audit_on() AND json_object('district', OLD.district, 'oktmo', OLD.oktmo, 'head_name', OLD.head_name, 'head_position', OLD.head_position, 'executor_name', OLD.executor_name, 'executor_phone', OLD.executor_phone, 'region_email', OLD.region_email, 'region', OLD.region) IS NOT json_object('district', NEW.district, 'oktmo', NEW.oktmo, 'head_name', NEW.head_name, 'head_position', NEW.head_position, 'executor_name', NEW.executor_name, 'executor_phone', NEW.executor_phone, 'region_email', NEW.region_email, 'region', NEW.region) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'profile', 'profile', 'update', json_object('district', OLD.district, 'oktmo', OLD.oktmo, 'head_name', OLD.head_name, 'head_position', OLD.head_position, 'executor_name', OLD.executor_name, 'executor_phone', OLD.executor_phone, 'region_email', OLD.region_email, 'region', OLD.region), json_object('district', NEW.district, 'oktmo', NEW.oktmo, 'head_name', NEW.head_name, 'head_position', NEW.head_position, 'executor_name', NEW.executor_name, 'executor_phone', NEW.executor_phone, 'region_email', NEW.region_email, 'region', NEW.region));
    END;
CREATE TRIGGER audit_profile_delete AFTER DELETE ON profile WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'profile', 'profile', 'delete', json_object('district', OLD.district, 'oktmo', OLD.oktmo, 'head_name', OLD.head_name, 'head_position', OLD.head_position, 'executor_name', OLD.executor_name, 'executor_phone', OLD.executor_phone, 'region_email', OLD.region_email, 'region', OLD.region), NULL);
    END;
CREATE TRIGGER audit_region_packages_insert AFTER INSERT ON region_packages WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'region_packages', 'package:' || NEW.year, 'insert', NULL, json_object('region', NEW.region, 'year', NEW.year, 'version', NEW.version, 'made_at', NEW.made_at));
    END;
CREATE TRIGGER audit_region_packages_update AFTER UPDATE ON region_packages
        WHEN omsu_audit_on() AND json_object('region', OLD.region, 'year', OLD.year, 'version', OLD.version, 'made_at', OLD.made_at) IS NOT json_object('region', NEW.region, 'year', NEW.year, 'version', NEW.version, 'made_at', NEW.made_at) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'region_packages', 'package:' || NEW.year, 'update', json_object('region', OLD.region, 'year', OLD.year, 'version', OLD.version, 'made_at', OLD.made_at), json_object('region', NEW.region, 'year', NEW.year, 'version', NEW.version, 'made_at', NEW.made_at));
    END;
CREATE TRIGGER audit_region_packages_delete AFTER DELETE ON region_packages WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'region_packages', 'package:' || OLD.year, 'delete', json_object('region', OLD.region, 'year', OLD.year, 'version', OLD.version, 'made_at', OLD.made_at), NULL);
    END;
CREATE TRIGGER audit_region_targets_insert AFTER INSERT ON region_targets WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'region_targets', 'region:' || NEW.year, 'insert', NULL, json_object('year', NEW.year, 'quarter', NEW.quarter, 'area', NEW.area, 'key', NEW.key, 'field', NEW.field, 'value', NEW.value));
    END;
CREATE TRIGGER audit_region_targets_update AFTER UPDATE ON region_targets
        WHEN omsu_audit_on() AND json_object('year', OLD.year, 'quarter', OLD.quarter, 'area', OLD.area, 'key', OLD.key, 'field', OLD.field, 'value', OLD.value) IS NOT json_object('year', NEW.year, 'quarter', NEW.quarter, 'area', NEW.area, 'key', NEW.key, 'field', NEW.field, 'value', NEW.value) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'region_targets', 'region:' || NEW.year, 'update', json_object('year', OLD.year, 'quarter', OLD.quarter, 'area', OLD.area, 'key', OLD.key, 'field', OLD.field, 'value', OLD.value), json_object('year', NEW.year, 'quarter', NEW.quarter, 'area', NEW.area, 'key', NEW.key, 'field', NEW.field, 'value', NEW.value));
    END;
CREATE TRIGGER audit_region_targets_delete AFTER DELETE ON region_targets WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'region_targets', 'region:' || OLD.year, 'delete', json_object('year', OLD.year, 'quarter', OLD.quarter, 'area', OLD.area, 'key', OLD.key, 'field', OLD.field, 'value', OLD.value), NULL);
    END;
CREATE TRIGGER audit_target_changes_insert AFTER INSERT ON target_changes WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'target_changes', 'region:' || NEW.year, 'insert', NULL, json_object('year', NEW.year, 'quarter', NEW.quarter, 'area', NEW.area, 'key', NEW.key, 'field', NEW.field, 'region_value', NEW.region_value, 'value', NEW.value, 'reason', NEW.reason));
    END;
CREATE TRIGGER audit_target_changes_update AFTER UPDATE ON target_changes
        WHEN omsu_audit_on() AND json_object('year', OLD.year, 'quarter', OLD.quarter, 'area', OLD.area, 'key', OLD.key, 'field', OLD.field, 'region_value', OLD.region_value, 'value', OLD.value, 'reason', OLD.reason) IS NOT json_object('year', NEW.year, 'quarter', NEW.quarter, 'area', NEW.area, 'key', NEW.key, 'field', NEW.field, 'region_value', NEW.region_value, 'value', NEW.value, 'reason', NEW.reason) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'target_changes', 'region:' || NEW.year, 'update', json_object('year', OLD.year, 'quarter', OLD.quarter, 'area', OLD.area, 'key', OLD.key, 'field', OLD.field, 'region_value', OLD.region_value, 'value', OLD.value, 'reason', OLD.reason), json_object('year', NEW.year, 'quarter', NEW.quarter, 'area', NEW.area, 'key', NEW.key, 'field', NEW.field, 'region_value', NEW.region_value, 'value', NEW.value, 'reason', NEW.reason));
    END;
CREATE TRIGGER audit_target_changes_delete AFTER DELETE ON target_changes WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'target_changes', 'region:' || OLD.year, 'delete', json_object('year', OLD.year, 'quarter', OLD.quarter, 'area', OLD.area, 'key', OLD.key, 'field', OLD.field, 'region_value', OLD.region_value, 'value', OLD.value, 'reason', OLD.reason), NULL);
    END;
CREATE TRIGGER audit_region_answers_insert AFTER INSERT ON region_answers WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'region_answers', 'answer:' || NEW.year || '-Q' || NEW.quarter, 'insert', NULL, json_object('year', NEW.year, 'quarter', NEW.quarter, 'made_at', NEW.made_at, 'status', NEW.status));
    END;
CREATE TRIGGER audit_region_answers_update AFTER UPDATE ON region_answers
        WHEN omsu_audit_on() AND json_object('year', OLD.year, 'quarter', OLD.quarter, 'made_at', OLD.made_at, 'status', OLD.status) IS NOT json_object('year', NEW.year, 'quarter', NEW.quarter, 'made_at', NEW.made_at, 'status', NEW.status) BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'region_answers', 'answer:' || NEW.year || '-Q' || NEW.quarter, 'update', json_object('year', OLD.year, 'quarter', OLD.quarter, 'made_at', OLD.made_at, 'status', OLD.status), json_object('year', NEW.year, 'quarter', NEW.quarter, 'made_at', NEW.made_at, 'status', NEW.status));
    END;
CREATE TRIGGER audit_region_answers_delete AFTER DELETE ON region_answers WHEN omsu_audit_on() BEGIN
        INSERT INTO audit (actor, tbl, key, action, old, new)
        VALUES (omsu_actor(), 'region_answers', 'answer:' || OLD.year || '-Q' || OLD.quarter, 'delete', json_object('year', OLD.year, 'quarter', OLD.quarter, 'made_at', OLD.made_at, 'status', OLD.status), NULL);
    END;
"""

MIGRATIONS: tuple[str, ...] = (M1, M2, M3, M4, M5, M6, M7, M8, M9, M10)
