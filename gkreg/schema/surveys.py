"""Migrations of the surveys area (see schema/__init__.py): questionnaires, questions, responses, answers.

Answers are stored one row per chosen option / rating / text so that results are a
GROUP BY over a covering index, fast enough for tens of thousands of responses.
``choice`` holds the option's index (single and multiple choice) or the rating 1–5;
``text`` holds a free-text answer. An unanswered question has no row.
"""

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "surveys_0001_initial",
        [
            """CREATE TABLE surveys (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER REFERENCES units(id),
            event_id INTEGER REFERENCES events(id),
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','closed')),
            opens_at TEXT,
            closes_at TEXT,
            contact TEXT NOT NULL DEFAULT 'anonymous' CHECK (contact IN ('anonymous','optional','required')),
            allow_repeat INTEGER NOT NULL DEFAULT 0,
            template TEXT NOT NULL DEFAULT '',
            published_at TEXT,
            closed_at TEXT,
            created_by TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT)""",
            "CREATE INDEX surveys_unit ON surveys(unit_id, status)",
            "CREATE INDEX surveys_event ON surveys(event_id)",
            "CREATE INDEX surveys_status ON surveys(status, opens_at, closes_at)",
            """CREATE TABLE survey_questions (
            survey_id INTEGER NOT NULL REFERENCES surveys(id),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('single','multi','rating','text')),
            text TEXT NOT NULL,
            options TEXT NOT NULL DEFAULT '[]',
            required INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (survey_id, position))""",
            """CREATE TABLE survey_responses (
            id INTEGER PRIMARY KEY,
            survey_id INTEGER NOT NULL REFERENCES surveys(id),
            event_id INTEGER REFERENCES events(id),
            name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            submitted_at TEXT NOT NULL)""",
            "CREATE INDEX survey_responses_survey ON survey_responses(survey_id, submitted_at)",
            "CREATE INDEX survey_responses_event ON survey_responses(survey_id, event_id)",
            """CREATE TABLE survey_answers (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES survey_responses(id),
            survey_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            choice INTEGER,
            text TEXT,
            opinion_id INTEGER,
            CHECK ((choice IS NULL) != (text IS NULL)))""",
            "CREATE INDEX survey_answers_counts ON survey_answers(survey_id, position, choice, response_id)",
            "CREATE INDEX survey_answers_texts ON survey_answers(survey_id, position, response_id) WHERE text IS NOT NULL",
            "CREATE INDEX survey_answers_response ON survey_answers(response_id)",
        ],
    ),
]
