-- The PostgreSQL store (indexer/pg): immutable report versions, grouped into generations; readers pin one.
-- {dim} is the embedding model's dimension, fixed when the schema is first created.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE IF NOT EXISTS govqa_generations (
    id BIGSERIAL PRIMARY KEY,
    state TEXT NOT NULL DEFAULT 'building',   -- 'building', 'ready' (complete), 'retired'
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    manifest JSONB NOT NULL DEFAULT '{}',
    n_passages INTEGER NOT NULL DEFAULT 0,    -- BM25's N
    avgdl DOUBLE PRECISION NOT NULL DEFAULT 1 -- BM25's average passage length in tokens
);
-- The one row naming the generation readers open; a build switches it in its last transaction.
CREATE TABLE IF NOT EXISTS govqa_current (
    one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    generation BIGINT NOT NULL REFERENCES govqa_generations(id)
);

CREATE TABLE IF NOT EXISTS govqa_reports (    -- one parsed version of one report file, never changed
    id BIGSERIAL PRIMARY KEY,
    report TEXT NOT NULL, sha256 TEXT NOT NULL,
    body TEXT, year INTEGER, template TEXT NOT NULL, signed TEXT,
    status TEXT NOT NULL, notes JSONB NOT NULL, findings JSONB NOT NULL, parts JSONB NOT NULL,
    n_facts INTEGER NOT NULL, n_passages INTEGER NOT NULL, text TEXT NOT NULL,
    model TEXT NOT NULL,                      -- name:fingerprint of the model that embedded its passages
    publisher TEXT, published TEXT, canonical_body TEXT, read_status TEXT  -- header block; how much was read
);
ALTER TABLE govqa_reports ADD COLUMN IF NOT EXISTS publisher TEXT;
ALTER TABLE govqa_reports ADD COLUMN IF NOT EXISTS published TEXT;
ALTER TABLE govqa_reports ADD COLUMN IF NOT EXISTS canonical_body TEXT;
ALTER TABLE govqa_reports ADD COLUMN IF NOT EXISTS read_status TEXT;
CREATE INDEX IF NOT EXISTS govqa_reports_name ON govqa_reports (report, sha256);

CREATE TABLE IF NOT EXISTS govqa_generation_reports (  -- which report versions a generation holds, in file order
    generation BIGINT NOT NULL REFERENCES govqa_generations(id) ON DELETE CASCADE,
    report_id BIGINT NOT NULL REFERENCES govqa_reports(id),
    position INTEGER NOT NULL,                -- order of the build's files
    first_pid INTEGER NOT NULL,               -- passage ids of this report here: first_pid + ordinal
    path TEXT NOT NULL,
    PRIMARY KEY (generation, report_id)
);
CREATE INDEX IF NOT EXISTS govqa_generation_reports_report ON govqa_generation_reports (report_id);
CREATE INDEX IF NOT EXISTS govqa_generation_reports_pid ON govqa_generation_reports (generation, first_pid);

CREATE TABLE IF NOT EXISTS govqa_facts (
    id BIGSERIAL PRIMARY KEY,                 -- printed order within a report
    report_id BIGINT NOT NULL REFERENCES govqa_reports(id) ON DELETE CASCADE,
    body TEXT, year INTEGER, template TEXT NOT NULL,
    tbl TEXT NOT NULL, row TEXT NOT NULL, col TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL, is_int BOOLEAN NOT NULL, unit TEXT, line INTEGER NOT NULL,
    confidence TEXT NOT NULL,
    ocr_score DOUBLE PRECISION                -- the cell's OCR score for a figure read from a scan, else NULL
);
ALTER TABLE govqa_facts ADD COLUMN IF NOT EXISTS ocr_score DOUBLE PRECISION;
CREATE INDEX IF NOT EXISTS govqa_facts_lookup ON govqa_facts (body, year, tbl, row, col);
CREATE INDEX IF NOT EXISTS govqa_facts_cell ON govqa_facts (tbl, row, col, year);
CREATE INDEX IF NOT EXISTS govqa_facts_report ON govqa_facts (report_id);

CREATE TABLE IF NOT EXISTS govqa_passages (
    id BIGSERIAL PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES govqa_reports(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,                 -- place among the report's passages
    part SMALLINT, kind TEXT NOT NULL, first_line INTEGER NOT NULL, last_line INTEGER NOT NULL,
    text TEXT NOT NULL,
    text_key BYTEA NOT NULL,                  -- sha1 of the embedded text: vectors reused by later builds
    n_tokens INTEGER NOT NULL,                -- BM25 document length
    embedding vector({dim}) NOT NULL
);
CREATE INDEX IF NOT EXISTS govqa_passages_report ON govqa_passages (report_id, ordinal);
CREATE INDEX IF NOT EXISTS govqa_passages_key ON govqa_passages (text_key);
CREATE INDEX IF NOT EXISTS govqa_passages_hnsw ON govqa_passages USING hnsw (embedding vector_ip_ops)
    WITH (m = 16, ef_construction = 64);

-- The lexical half: the char-bigram tokens of indexer/lexical.py, one row per (token, passage), scored as BM25.
CREATE TABLE IF NOT EXISTS govqa_postings (
    token TEXT NOT NULL,
    report_id BIGINT NOT NULL REFERENCES govqa_reports(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,                 -- the passage's ordinal in its report
    part SMALLINT NOT NULL,                   -- the passage's part (0: before part one)
    tf INTEGER NOT NULL,                      -- times the token is in the passage
    dl INTEGER NOT NULL                       -- the passage's length in tokens
);
CREATE INDEX IF NOT EXISTS govqa_postings_token ON govqa_postings (token) INCLUDE (report_id, ordinal, part, tf, dl);
CREATE INDEX IF NOT EXISTS govqa_postings_report ON govqa_postings (report_id);

CREATE TABLE IF NOT EXISTS govqa_df (        -- per generation: how many of its passages hold each token
    generation BIGINT NOT NULL REFERENCES govqa_generations(id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    df INTEGER NOT NULL,
    PRIMARY KEY (generation, token)
);
