"""The workspace schema: defined here and nowhere else, as ordered migrations.

``PRAGMA user_version`` holds how many migrations a workspace has had. Never edit a
migration that has shipped: append a new one. ``tests/core/test_schema.py`` builds a
workspace with the first migration only and checks that opening it upgrades it.

Every synced table has the same identity columns (``SYNC_COLUMNS``): a random UUID
``id``, the ``device_id`` that created it, and the HLC stamp ``hlc`` of its last change.
"""

from __future__ import annotations

APPLICATION_ID = 0x464B5731  # "FKW1": marks a SQLite file as a fieldkit workspace

SYNC_COLUMNS = """
    id TEXT PRIMARY KEY NOT NULL,
    device_id TEXT NOT NULL,
    hlc TEXT NOT NULL"""

MIGRATIONS: list[str] = [
    # 1: workspace metadata, the journal, the organisation directory
    f"""
    CREATE TABLE meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );
    CREATE TABLE journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        hlc TEXT NOT NULL,
        wall_time TEXT NOT NULL,
        device_id TEXT NOT NULL,
        actor_id TEXT,
        table_name TEXT NOT NULL,
        record_id TEXT NOT NULL,
        operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
        changes TEXT NOT NULL
    );
    CREATE INDEX journal_record ON journal (table_name, record_id);
    CREATE INDEX journal_hlc ON journal (hlc);
    CREATE TABLE org_units ({SYNC_COLUMNS},
        name TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        parent_id TEXT REFERENCES org_units (id),
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE cadres ({SYNC_COLUMNS},
        name TEXT NOT NULL,
        org_unit_id TEXT REFERENCES org_units (id),
        title TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1
    );
    """,
    # 2: sites (projects, enterprises, service stations), with time zones for overseas
    f"""
    CREATE TABLE sites ({SYNC_COLUMNS},
        name TEXT NOT NULL,
        name_en TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        org_unit_id TEXT REFERENCES org_units (id),
        region TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT 'CN',
        altitude_m INTEGER,
        timezone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX sites_org_unit ON sites (org_unit_id);
    CREATE INDEX cadres_org_unit ON cadres (org_unit_id);
    CREATE INDEX org_units_parent ON org_units (parent_id);
    """,
    # 3: questionnaires: every version of a form kept side by side
    f"""
    CREATE TABLE forms ({SYNC_COLUMNS},
        form_id TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        default_language TEXT NOT NULL DEFAULT '',
        question_count INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL,
        source_name TEXT NOT NULL DEFAULT '',
        builtin INTEGER NOT NULL DEFAULT 0,
        definition TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        UNIQUE (form_id, version)
    );
    """,
    # 4: responses (answers to a form version), with revisions, review and full-text search
    f"""
    CREATE TABLE responses ({SYNC_COLUMNS},
        form_record_id TEXT NOT NULL REFERENCES forms (id),
        form_id TEXT NOT NULL,
        form_version TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'complete')),
        review_state TEXT NOT NULL DEFAULT 'received'
            CHECK (review_state IN ('received', 'has_issues', 'approved')),
        review_comment TEXT NOT NULL DEFAULT '',
        site_id TEXT REFERENCES sites (id),
        cadre_id TEXT REFERENCES cadres (id),
        activity_id TEXT,
        started_at TEXT NOT NULL DEFAULT '',
        finished_at TEXT NOT NULL DEFAULT '',
        answers TEXT NOT NULL DEFAULT '{{}}',
        search_text TEXT NOT NULL DEFAULT '',
        revision INTEGER NOT NULL DEFAULT 1,
        supersedes_id TEXT REFERENCES responses (id),
        superseded_by TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX responses_listing ON responses (form_id, deleted, superseded_by, started_at);
    CREATE INDEX responses_site ON responses (site_id);
    CREATE INDEX responses_cadre ON responses (cadre_id);
    CREATE INDEX responses_supersedes ON responses (supersedes_id);
    CREATE VIRTUAL TABLE responses_fts USING fts5 (
        search_text, content='responses', content_rowid='rowid', tokenize='trigram');
    CREATE TRIGGER responses_fts_insert AFTER INSERT ON responses BEGIN
        INSERT INTO responses_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
    END;
    CREATE TRIGGER responses_fts_delete AFTER DELETE ON responses BEGIN
        INSERT INTO responses_fts (responses_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
    END;
    CREATE TRIGGER responses_fts_update AFTER UPDATE OF search_text ON responses BEGIN
        INSERT INTO responses_fts (responses_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO responses_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
    END;
    """,
    # 5: survey spreadsheet imports: batches (undoable), provenance and de-duplication keys,
    #    and saved column mappings per sheet layout
    f"""
    CREATE TABLE import_batches ({SYNC_COLUMNS},
        form_record_id TEXT NOT NULL REFERENCES forms (id),
        form_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sheet TEXT NOT NULL DEFAULT '',
        mapping TEXT NOT NULL DEFAULT '{{}}',
        counts TEXT NOT NULL DEFAULT '{{}}',
        imported_at TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE import_mappings ({SYNC_COLUMNS},
        form_id TEXT NOT NULL,
        layout TEXT NOT NULL,
        mapping TEXT NOT NULL,
        UNIQUE (form_id, layout)
    );
    ALTER TABLE responses ADD COLUMN import_batch_id TEXT REFERENCES import_batches (id);
    ALTER TABLE responses ADD COLUMN source_key TEXT;
    CREATE INDEX responses_source_key ON responses (form_id, source_key);
    CREATE INDEX responses_batch ON responses (import_batch_id);
    """,
    # 6: attachments (photos, recordings, files answered in a questionnaire) kept as blobs
    #    inside the workspace, so a copied workspace carries them
    f"""
    CREATE TABLE attachments ({SYNC_COLUMNS},
        file_name TEXT NOT NULL,
        media_type TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE INDEX attachments_sha ON attachments (sha256);
    """,
    # 7: bulk imports index their rows for search in one statement at the end of their
    #    transaction instead of row by row (the per-row trigger was half an import's time)
    """
    CREATE TABLE search_control (deferred INTEGER NOT NULL DEFAULT 0);
    INSERT INTO search_control (deferred) VALUES (0);
    DROP TRIGGER responses_fts_insert;
    CREATE TRIGGER responses_fts_insert AFTER INSERT ON responses
    WHEN (SELECT deferred FROM search_control) = 0 BEGIN
        INSERT INTO responses_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
    END;
    """,
    # 8: search text is derived data: it moves out of the synced responses table (and so out
    #    of the journal) into response_search, which feeds a trigram index for searches of
    #    three characters or more and a one- and two-character index (response_grams) for
    #    short ones such as 托管. Existing texts are carried over; the retired column is
    #    emptied (dropping a column needs SQLite 3.35) and is never written again.
    """
    DROP TRIGGER responses_fts_insert;
    DROP TRIGGER responses_fts_delete;
    DROP TRIGGER responses_fts_update;
    DROP TABLE responses_fts;
    CREATE TABLE response_search (
        rowid INTEGER PRIMARY KEY,  -- the response's rowid
        form_id TEXT NOT NULL,      -- the response's form (never changes)
        text TEXT NOT NULL
    );
    INSERT INTO response_search (rowid, form_id, text)
        SELECT rowid, form_id, search_text FROM responses;
    UPDATE responses SET search_text = '' WHERE search_text != '';
    CREATE VIRTUAL TABLE response_fts USING fts5 (
        text, content='response_search', content_rowid='rowid', tokenize='trigram');
    CREATE VIRTUAL TABLE response_grams USING fts5 (
        grams, content='', tokenize='ascii', detail='none');
    INSERT INTO response_fts (rowid, text) SELECT rowid, text FROM response_search;
    INSERT INTO response_grams (rowid, grams)
        SELECT rowid, fieldkit_grams(text, form_id) FROM response_search;
    CREATE TRIGGER response_search_insert AFTER INSERT ON response_search
    WHEN (SELECT deferred FROM search_control) = 0 BEGIN
        INSERT INTO response_fts (rowid, text) VALUES (new.rowid, new.text);
        INSERT INTO response_grams (rowid, grams)
        VALUES (new.rowid, fieldkit_grams(new.text, new.form_id));
    END;
    CREATE TRIGGER response_search_delete AFTER DELETE ON response_search
    WHEN (SELECT deferred FROM search_control) = 0 BEGIN
        INSERT INTO response_fts (response_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO response_grams (response_grams, rowid, grams)
        VALUES ('delete', old.rowid, fieldkit_grams(old.text, old.form_id));
    END;
    CREATE TRIGGER response_search_update AFTER UPDATE OF text ON response_search BEGIN
        INSERT INTO response_fts (response_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO response_grams (response_grams, rowid, grams)
        VALUES ('delete', old.rowid, fieldkit_grams(old.text, old.form_id));
        INSERT INTO response_fts (rowid, text) VALUES (new.rowid, new.text);
        INSERT INTO response_grams (rowid, grams)
        VALUES (new.rowid, fieldkit_grams(new.text, new.form_id));
    END;
    CREATE TRIGGER responses_search_delete AFTER DELETE ON responses BEGIN
        DELETE FROM response_search WHERE rowid = old.rowid;
    END;
    """,
    # 9 (work): activities (days with frontline workers) with their cadres and links, the
    #    problem ledger with its status history, replies, ratings, leaders' focus problems,
    #    typical cases, and the editable lists (sub-kinds, categories, departments)
    f"""
    CREATE TABLE activities ({SYNC_COLUMNS},
        date TEXT NOT NULL,
        site_id TEXT REFERENCES sites (id),
        org_unit_id TEXT REFERENCES org_units (id),
        k_lecture INTEGER NOT NULL DEFAULT 0,
        k_visit INTEGER NOT NULL DEFAULT 0,
        k_rights INTEGER NOT NULL DEFAULT 0,
        k_befriend INTEGER NOT NULL DEFAULT 0,
        k_solve INTEGER NOT NULL DEFAULT 0,
        sub_kinds TEXT NOT NULL DEFAULT '',
        workers_reached INTEGER NOT NULL DEFAULT 0,
        feedback_count INTEGER NOT NULL DEFAULT 0,
        feedback TEXT NOT NULL DEFAULT '',
        duration TEXT NOT NULL DEFAULT 'day' CHECK (duration IN ('day', 'half')),
        notes TEXT NOT NULL DEFAULT '',
        attachments TEXT NOT NULL DEFAULT '',
        deleted INTEGER NOT NULL DEFAULT 0
    );
    -- covers every KPI over activities, so a year's figures are read from the index alone
    CREATE INDEX activities_kpi ON activities (date, deleted, org_unit_id, site_id, duration,
        workers_reached, k_lecture, k_visit, k_rights, k_befriend, k_solve, id);
    CREATE INDEX activities_org_date ON activities (org_unit_id, date);
    CREATE INDEX activities_site_date ON activities (site_id, date);
    CREATE TABLE activity_cadres ({SYNC_COLUMNS},
        activity_id TEXT NOT NULL REFERENCES activities (id),
        cadre_id TEXT NOT NULL REFERENCES cadres (id),
        UNIQUE (activity_id, cadre_id)
    );
    CREATE INDEX activity_cadres_cadre ON activity_cadres (cadre_id, activity_id);
    -- derived, not synced: each cadre's share of each activity (1 or 0.5 of a day) with the
    -- activity's date, kept by triggers, so cadre-days and the monthly quota are one range
    -- of one index instead of a join per activity
    CREATE TABLE cadre_days (
        link_rowid INTEGER PRIMARY KEY,  -- the activity_cadres row
        activity_id TEXT NOT NULL,
        cadre_id TEXT NOT NULL,
        date TEXT NOT NULL,
        site_id TEXT,
        value REAL NOT NULL,
        deleted INTEGER NOT NULL
    );
    CREATE INDEX cadre_days_date ON cadre_days (date, deleted, cadre_id, value, site_id);
    CREATE INDEX cadre_days_cadre ON cadre_days (cadre_id, date, deleted, value);
    CREATE INDEX cadre_days_activity ON cadre_days (activity_id);
    CREATE TRIGGER activity_cadres_days_insert AFTER INSERT ON activity_cadres BEGIN
        INSERT INTO cadre_days (link_rowid, activity_id, cadre_id, date, site_id, value, deleted)
        SELECT new.rowid, a.id, new.cadre_id, a.date, a.site_id,
               CASE a.duration WHEN 'half' THEN 0.5 ELSE 1.0 END, a.deleted
        FROM activities a WHERE a.id = new.activity_id;
    END;
    CREATE TRIGGER activity_cadres_days_delete AFTER DELETE ON activity_cadres BEGIN
        DELETE FROM cadre_days WHERE link_rowid = old.rowid;
    END;
    CREATE TRIGGER activity_cadres_days_update AFTER UPDATE OF cadre_id ON activity_cadres BEGIN
        UPDATE cadre_days SET cadre_id = new.cadre_id WHERE link_rowid = new.rowid;
    END;
    CREATE TRIGGER activities_days_update AFTER UPDATE OF date, duration, site_id, deleted
    ON activities BEGIN
        UPDATE cadre_days SET date = new.date, site_id = new.site_id, deleted = new.deleted,
            value = CASE new.duration WHEN 'half' THEN 0.5 ELSE 1.0 END
        WHERE activity_id = new.id;
    END;
    CREATE TABLE activity_links ({SYNC_COLUMNS},
        activity_id TEXT NOT NULL REFERENCES activities (id),
        target_table TEXT NOT NULL,
        target_id TEXT NOT NULL,
        UNIQUE (activity_id, target_table, target_id)
    );
    CREATE TABLE work_choices ({SYNC_COLUMNS},
        list_name TEXT NOT NULL,
        name TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX work_choices_list ON work_choices (list_name, name);
    CREATE TABLE problems ({SYNC_COLUMNS},
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        worker_name TEXT NOT NULL DEFAULT '',
        worker_phone TEXT NOT NULL DEFAULT '',
        anonymous INTEGER NOT NULL DEFAULT 0,
        site_id TEXT REFERENCES sites (id),
        org_unit_id TEXT REFERENCES org_units (id),
        cadre_id TEXT REFERENCES cadres (id),
        category TEXT NOT NULL DEFAULT 'other',
        grade TEXT NOT NULL CHECK (grade IN ('short_term', 'cross_department', 'systemic')),
        lead_department TEXT NOT NULL DEFAULT '',
        co_departments TEXT NOT NULL DEFAULT '',
        feedback_interval_days INTEGER,
        last_feedback_on TEXT,
        escalated_to TEXT NOT NULL DEFAULT '',
        escalated_on TEXT,
        registered_on TEXT NOT NULL,
        deadline TEXT,
        status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'accepted',
            'in_progress', 'escalated', 'resolved', 'replied', 'closed')),
        resolved_on TEXT,
        replied_on TEXT,
        closed_on TEXT,
        activity_id TEXT REFERENCES activities (id),
        response_id TEXT,
        interview_id TEXT,
        attachments TEXT NOT NULL DEFAULT ''
    );
    -- each KPI reads a range of one narrow index that holds every column it needs,
    -- the scope columns (org unit, site, cadre) included
    CREATE INDEX problems_registered ON problems (registered_on, grade, category, resolved_on,
        org_unit_id, site_id, cadre_id);
    CREATE INDEX problems_resolved ON problems (resolved_on, registered_on, replied_on, deadline,
        org_unit_id, site_id, cadre_id);
    CREATE INDEX problems_replied ON problems (replied_on, org_unit_id, site_id, cadre_id);
    CREATE INDEX problems_closed ON problems (closed_on, org_unit_id, site_id, cadre_id);
    CREATE INDEX problems_escalated ON problems (escalated_on, org_unit_id, site_id, cadre_id);
    CREATE INDEX problems_open ON problems (status, deadline, registered_on, grade,
        feedback_interval_days, last_feedback_on, org_unit_id, site_id, cadre_id);
    CREATE INDEX problems_org ON problems (org_unit_id, registered_on);
    CREATE INDEX problems_site ON problems (site_id, registered_on);
    CREATE INDEX problems_cadre ON problems (cadre_id, registered_on);
    CREATE INDEX problems_activity ON problems (activity_id);
    CREATE INDEX problems_scope ON problems (id, org_unit_id, site_id, cadre_id);
    CREATE TABLE problem_events ({SYNC_COLUMNS},
        problem_id TEXT NOT NULL REFERENCES problems (id),
        kind TEXT NOT NULL CHECK (kind IN ('status', 'feedback', 'note')),
        on_date TEXT NOT NULL,
        at TEXT NOT NULL,
        actor_id TEXT,
        from_status TEXT,
        to_status TEXT,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX problem_events_problem ON problem_events (problem_id, at);
    CREATE TABLE problem_replies ({SYNC_COLUMNS},
        problem_id TEXT NOT NULL REFERENCES problems (id),
        on_date TEXT NOT NULL,
        at TEXT NOT NULL,
        actor_id TEXT,
        text TEXT NOT NULL
    );
    CREATE INDEX problem_replies_problem ON problem_replies (problem_id);
    CREATE TABLE problem_ratings ({SYNC_COLUMNS},
        problem_id TEXT NOT NULL REFERENCES problems (id),
        on_date TEXT NOT NULL,
        at TEXT NOT NULL,
        actor_id TEXT,
        rating TEXT NOT NULL CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
        comment TEXT NOT NULL DEFAULT '',
        response_id TEXT
    );
    CREATE INDEX problem_ratings_date ON problem_ratings (on_date, problem_id, hlc, rating);
    CREATE INDEX problem_ratings_problem ON problem_ratings (problem_id, on_date);
    CREATE TABLE problem_focus ({SYNC_COLUMNS},
        problem_id TEXT NOT NULL REFERENCES problems (id),
        leader_id TEXT NOT NULL REFERENCES cadres (id),
        quarter TEXT NOT NULL,
        withdrawn INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX problem_focus_quarter ON problem_focus (quarter, leader_id);
    CREATE TABLE typical_cases ({SYNC_COLUMNS},
        problem_id TEXT NOT NULL REFERENCES problems (id),
        half_year TEXT NOT NULL,
        write_up TEXT NOT NULL,
        nominated_on TEXT NOT NULL,
        actor_id TEXT,
        rank INTEGER,
        selected INTEGER NOT NULL DEFAULT 0,
        withdrawn INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX typical_cases_half ON typical_cases (half_year, rank);
    """,
    # 10 (interviews): notes, interviewee attributes, a hierarchical codebook, coded
    #    segments, memos. Segment positions count Unicode code points (Python str indices,
    #    as REFI-QDA does), from 0, end exclusive; `text` keeps the characters a segment
    #    covered so that a segment whose text was deleted is reported (`lost`), not moved.
    f"""
    CREATE TABLE interview_attributes ({SYNC_COLUMNS},
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        label_en TEXT NOT NULL DEFAULT '',
        personal INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE interview_notes ({SYNC_COLUMNS},
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        on_date TEXT,
        site_id TEXT REFERENCES sites (id),
        activity_id TEXT REFERENCES activities (id),
        interviewee_name TEXT NOT NULL DEFAULT '',
        interviewee_contact TEXT NOT NULL DEFAULT '',
        occupation TEXT NOT NULL DEFAULT '',
        age_band TEXT NOT NULL DEFAULT '',
        attributes TEXT NOT NULL DEFAULT '{{}}',
        interviewers TEXT NOT NULL DEFAULT '[]',
        source_file TEXT NOT NULL DEFAULT '',
        source_hash TEXT NOT NULL DEFAULT '',
        attachments TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX interview_notes_date ON interview_notes (deleted, on_date);
    CREATE INDEX interview_notes_site ON interview_notes (site_id, on_date);
    CREATE INDEX interview_notes_activity ON interview_notes (activity_id);
    CREATE INDEX interview_notes_source ON interview_notes (source_hash);
    CREATE TABLE interview_codes ({SYNC_COLUMNS},
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES interview_codes (id),
        colour TEXT NOT NULL DEFAULT '#f2c14e',
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        merged_into TEXT REFERENCES interview_codes (id),
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX interview_codes_parent ON interview_codes (parent_id, position);
    CREATE TABLE interview_segments ({SYNC_COLUMNS},
        note_id TEXT NOT NULL REFERENCES interview_notes (id),
        code_id TEXT NOT NULL REFERENCES interview_codes (id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        coder_id TEXT REFERENCES cadres (id),
        coder TEXT NOT NULL DEFAULT '',
        coded_at TEXT NOT NULL,
        memo TEXT NOT NULL DEFAULT '',
        important INTEGER NOT NULL DEFAULT 0,
        quote INTEGER NOT NULL DEFAULT 0,
        lost INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        CHECK (start >= 0 AND end >= start)
    );
    CREATE INDEX interview_segments_note ON interview_segments (note_id, start);
    CREATE INDEX interview_segments_code ON interview_segments (code_id, note_id);
    CREATE TABLE interview_memos ({SYNC_COLUMNS},
        target_kind TEXT NOT NULL CHECK (target_kind IN ('workspace', 'note', 'code',
            'segment')),
        target_id TEXT,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        written_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX interview_memos_target ON interview_memos (target_kind, target_id);
    """,
    # 11 (reports): saved report definitions (form, filters, sections, texts), rebuilt
    #    later with new data; `spec` is the definition as canonical JSON
    f"""
    CREATE TABLE report_definitions ({SYNC_COLUMNS},
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('survey', 'work', 'codebook')),
        form_id TEXT,
        spec TEXT NOT NULL DEFAULT '{{}}',
        created_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX report_definitions_name ON report_definitions (name) WHERE deleted = 0;
    """,
    # 12 (interviews search): derived search data over interview notes, never journaled and
    #    rebuilt from the notes: a trigram index (note_fts, external content: no copy of the
    #    text) for searches of three characters or more, and the one- and two-character
    #    index (note_grams, tokens from fieldkit_grams as for responses) so that 托管 is one
    #    lookup. The triggers are plain SQL (any tool may write notes): they only queue the
    #    note, with the title and body the indexes hold for it; fieldkit indexes the queue
    #    before it searches (interviews.search.refresh_note_index) and scans queued notes
    #    directly when it cannot write.
    """
    CREATE VIRTUAL TABLE note_fts USING fts5 (
        title, body, content='interview_notes', content_rowid='rowid', tokenize='trigram');
    CREATE VIRTUAL TABLE note_grams USING fts5 (
        grams, content='', tokenize='ascii', detail='none');
    CREATE TABLE note_search_queue (
        rowid INTEGER PRIMARY KEY,        -- the note's rowid
        indexed INTEGER NOT NULL,         -- 1: the indexes hold old_title/old_body for it
        old_title TEXT,
        old_body TEXT
    );
    INSERT INTO note_search_queue (rowid, indexed) SELECT rowid, 0 FROM interview_notes;
    CREATE TRIGGER interview_notes_search_insert AFTER INSERT ON interview_notes BEGIN
        INSERT INTO note_search_queue (rowid, indexed) SELECT new.rowid, 0
        WHERE NOT EXISTS (SELECT 1 FROM note_search_queue WHERE rowid = new.rowid);
    END;
    CREATE TRIGGER interview_notes_search_update AFTER UPDATE OF title, body ON interview_notes
    WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
        INSERT INTO note_search_queue (rowid, indexed, old_title, old_body)
        SELECT old.rowid, 1, old.title, old.body
        WHERE NOT EXISTS (SELECT 1 FROM note_search_queue WHERE rowid = old.rowid);
    END;
    CREATE TRIGGER interview_notes_search_delete AFTER DELETE ON interview_notes BEGIN
        INSERT INTO note_search_queue (rowid, indexed, old_title, old_body)
        SELECT old.rowid, 1, old.title, old.body
        WHERE NOT EXISTS (SELECT 1 FROM note_search_queue WHERE rowid = old.rowid);
    END;
    """,
    # 13 (forms media): the files a form version carries (data files for its lookups and
    #    file lists, label pictures), by name; the bytes are attachments, stored once by hash
    f"""
    CREATE TABLE form_media ({SYNC_COLUMNS},
        form_record_id TEXT NOT NULL REFERENCES forms (id),
        file_name TEXT NOT NULL,
        attachment_id TEXT NOT NULL REFERENCES attachments (id),
        UNIQUE (form_record_id, file_name)
    );
    """,
    # 14 (perf): the trigram index goes; a search of three characters or more is answered
    #    by the index of characters and pairs (response_grams: every pair of the search
    #    must be in the response) and checked against the search text. The trigram index
    #    was a quarter of a workspace's size and a third of an import's indexing time.
    """
    DROP TRIGGER response_search_insert;
    DROP TRIGGER response_search_delete;
    DROP TRIGGER response_search_update;
    DROP TABLE response_fts;
    CREATE TRIGGER response_search_insert AFTER INSERT ON response_search
    WHEN (SELECT deferred FROM search_control) = 0 BEGIN
        INSERT INTO response_grams (rowid, grams)
        VALUES (new.rowid, fieldkit_grams(new.text, new.form_id));
    END;
    CREATE TRIGGER response_search_delete AFTER DELETE ON response_search
    WHEN (SELECT deferred FROM search_control) = 0 BEGIN
        INSERT INTO response_grams (response_grams, rowid, grams)
        VALUES ('delete', old.rowid, fieldkit_grams(old.text, old.form_id));
    END;
    CREATE TRIGGER response_search_update AFTER UPDATE OF text ON response_search BEGIN
        INSERT INTO response_grams (response_grams, rowid, grams)
        VALUES ('delete', old.rowid, fieldkit_grams(old.text, old.form_id));
        INSERT INTO response_grams (rowid, grams)
        VALUES (new.rowid, fieldkit_grams(new.text, new.form_id));
    END;
    """,
    # 15 (work perf): each cadre's days per month and site, the sums of ``cadre_days``
    #    kept by triggers (derived, not synced), so a year's cadre-days and monthly quota
    #    read a few hundred rows instead of every cadre's share of every activity. A
    #    deleted activity's share counts 0; a row whose days fell to 0 stays (kpis skips it).
    """
    CREATE TABLE cadre_months (
        month TEXT NOT NULL,       -- YYYY-MM
        cadre_id TEXT NOT NULL,
        site_key TEXT NOT NULL,    -- the site's id, '' for none
        days REAL NOT NULL,
        PRIMARY KEY (month, cadre_id, site_key)
    ) WITHOUT ROWID;
    INSERT INTO cadre_months (month, cadre_id, site_key, days)
        SELECT substr(date, 1, 7), cadre_id, coalesce(site_id, ''),
               sum(CASE WHEN deleted THEN 0 ELSE value END)
        FROM cadre_days GROUP BY 1, 2, 3;
    CREATE TRIGGER cadre_days_months_insert AFTER INSERT ON cadre_days BEGIN
        INSERT INTO cadre_months (month, cadre_id, site_key, days)
        VALUES (substr(new.date, 1, 7), new.cadre_id, coalesce(new.site_id, ''),
                CASE WHEN new.deleted THEN 0 ELSE new.value END)
        ON CONFLICT (month, cadre_id, site_key) DO UPDATE SET days = days + excluded.days;
    END;
    CREATE TRIGGER cadre_days_months_delete AFTER DELETE ON cadre_days BEGIN
        UPDATE cadre_months SET days = days - CASE WHEN old.deleted THEN 0 ELSE old.value END
        WHERE month = substr(old.date, 1, 7) AND cadre_id = old.cadre_id
          AND site_key = coalesce(old.site_id, '');
    END;
    CREATE TRIGGER cadre_days_months_update AFTER UPDATE ON cadre_days BEGIN
        UPDATE cadre_months SET days = days - CASE WHEN old.deleted THEN 0 ELSE old.value END
        WHERE month = substr(old.date, 1, 7) AND cadre_id = old.cadre_id
          AND site_key = coalesce(old.site_id, '');
        INSERT INTO cadre_months (month, cadre_id, site_key, days)
        VALUES (substr(new.date, 1, 7), new.cadre_id, coalesce(new.site_id, ''),
                CASE WHEN new.deleted THEN 0 ELSE new.value END)
        ON CONFLICT (month, cadre_id, site_key) DO UPDATE SET days = days + excluded.days;
    END;
    """,
    # 16 (journal): an insert's journal entry names the stored row by its digest instead of
    #    copying its values (``journal_rows``); entries written before stay as they are. The
    #    version step keeps an older fieldkit, which cannot read such entries, out.
    """
    INSERT OR REPLACE INTO meta (key, value) VALUES ('journal_inserts', 'row_digest');
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# Tables whose rows are written only through the journaled API (Workspace.insert/update).
# (response_search and its FTS index, and note_fts / note_grams / note_search_queue, hold
# derived search data, rebuilt from the records.)
SYNCED_TABLES = ("org_units", "cadres", "sites", "forms", "responses", "import_batches",
                 "import_mappings", "attachments",
                 # work (migration 9)
                 "activities", "activity_cadres", "activity_links", "work_choices", "problems",
                 "problem_events", "problem_replies", "problem_ratings", "problem_focus",
                 "typical_cases",
                 # interviews (migration 10)
                 "interview_attributes", "interview_notes", "interview_codes",
                 "interview_segments", "interview_memos",
                 # reports (migration 11)
                 "report_definitions",
                 # forms media (migration 13)
                 "form_media")
