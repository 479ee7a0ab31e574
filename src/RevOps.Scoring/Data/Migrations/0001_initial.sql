-- scoringdb: revenue contract versions, leads and their history, scores (outbox and inbox: RevOps.ServiceDefaults).
-- Applied once by the migration runner, which records applied files.

-- Contract versions: canonical YAML plus its SHA-256; at most one row is active.
CREATE TABLE contract_versions (
    version         integer      PRIMARY KEY CHECK (version > 0),
    yaml            text         NOT NULL,
    content_hash    char(64)     NOT NULL,
    effective_from  date         NOT NULL,
    proposed_by     text         NOT NULL,
    proposed_at     timestamptz  NOT NULL,
    comment         text,
    activated_at    timestamptz,
    superseded_at   timestamptz
);
-- Only one version may be active (activated and not yet superseded) at a time.
CREATE UNIQUE INDEX contract_versions_one_active ON contract_versions ((true))
    WHERE activated_at IS NOT NULL AND superseded_at IS NULL;

CREATE TABLE contract_signatures (
    version    integer      NOT NULL REFERENCES contract_versions (version),
    side       text         NOT NULL CHECK (side IN ('marketing', 'sales')),
    signer     text         NOT NULL,
    comment    text,
    signed_at  timestamptz  NOT NULL,
    PRIMARY KEY (version, side)
);

-- One row per person; the normalized email is the dedup key across sources.
CREATE TABLE leads (
    id                       uuid         PRIMARY KEY,
    email                    text         NOT NULL UNIQUE,
    raw_email                text         NOT NULL,
    first_name               text,
    last_name                text,
    job_title                text,
    company                  text,
    country                  text,
    region                   text,
    industry                 text,
    annual_revenue           numeric(20, 2),
    annual_revenue_currency  char(3),
    employee_count           integer,
    decision_timeline_days   integer,
    budget_authority         boolean,
    custom_fields            jsonb        NOT NULL DEFAULT '{}'::jsonb,
    stage                    text         NOT NULL,
    owner_rep_id             text,
    team_id                  text,
    created_at               timestamptz  NOT NULL,
    updated_at               timestamptz  NOT NULL
);

-- Every upstream record that became (or merged into) a lead.
CREATE TABLE lead_sources (
    id           bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id      uuid         NOT NULL REFERENCES leads (id),
    source       text         NOT NULL,
    external_id  text,
    campaign     text,
    captured_at  timestamptz  NOT NULL,
    recorded_at  timestamptz  NOT NULL
);
CREATE UNIQUE INDEX lead_sources_source_external_id ON lead_sources (source, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX lead_sources_lead_id ON lead_sources (lead_id);

-- A caller's idempotency key and the response it got, replayed verbatim on retry.
CREATE TABLE idempotency_keys (
    key          text         PRIMARY KEY,
    operation    text         NOT NULL,
    lead_id      uuid,
    response     bytea        NOT NULL,
    created_at   timestamptz  NOT NULL
);

CREATE TABLE activities (
    id             uuid         PRIMARY KEY,
    lead_id        uuid         NOT NULL REFERENCES leads (id),
    activity_type  text         NOT NULL,
    occurred_at    timestamptz  NOT NULL,
    detail         text,
    source         text,
    external_id    text,
    recorded_at    timestamptz  NOT NULL
);
CREATE INDEX activities_lead_id_occurred_at ON activities (lead_id, occurred_at);
CREATE UNIQUE INDEX activities_source_external_id ON activities (source, external_id)
    WHERE source IS NOT NULL AND external_id IS NOT NULL;

CREATE TABLE touches (
    id           uuid         PRIMARY KEY,
    lead_id      uuid         NOT NULL REFERENCES leads (id),
    rep_id       text         NOT NULL,
    channel      text         NOT NULL,
    occurred_at  timestamptz  NOT NULL,
    note         text,
    recorded_at  timestamptz  NOT NULL
);
CREATE INDEX touches_lead_id_occurred_at ON touches (lead_id, occurred_at);

CREATE TABLE dispositions (
    id                uuid         PRIMARY KEY,
    lead_id           uuid         NOT NULL REFERENCES leads (id),
    rep_id            text         NOT NULL,
    accepted          boolean      NOT NULL,
    reason_code       text,
    note              text,
    contract_version  integer      NOT NULL REFERENCES contract_versions (version),
    occurred_at       timestamptz  NOT NULL,
    recorded_at       timestamptz  NOT NULL,
    CHECK (accepted OR reason_code IS NOT NULL)
);
CREATE INDEX dispositions_lead_id ON dispositions (lead_id);
CREATE INDEX dispositions_occurred_at ON dispositions (occurred_at);

-- The latest state of each CRM opportunity; history lives in the timeline via the outbox events.
CREATE TABLE opportunities (
    id           text           PRIMARY KEY,
    lead_id      uuid           NOT NULL REFERENCES leads (id),
    stage        text           NOT NULL,
    outcome      text           NOT NULL CHECK (outcome IN ('open', 'won', 'lost')),
    amount       numeric(20, 2) NOT NULL,
    currency     char(3)        NOT NULL,
    close_date   date,
    updated_at   timestamptz    NOT NULL
);
CREATE INDEX opportunities_lead_id ON opportunities (lead_id);

-- Every stage name the lead's opportunities have passed through (stage entry rules look at history).
CREATE TABLE opportunity_stage_history (
    opportunity_id  text         NOT NULL REFERENCES opportunities (id),
    stage           text         NOT NULL,
    entered_at      timestamptz  NOT NULL,
    PRIMARY KEY (opportunity_id, stage)
);

-- Each scoring run with its explainable breakdown and the contract version that judged it.
CREATE TABLE scores (
    id                bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id           uuid         NOT NULL REFERENCES leads (id),
    contract_version  integer      NOT NULL REFERENCES contract_versions (version),
    fit_score         integer      NOT NULL,
    behaviour_score   integer      NOT NULL,
    total_score       integer      NOT NULL,
    icp_fit           boolean      NOT NULL,
    breakdown         jsonb        NOT NULL,
    scored_at         timestamptz  NOT NULL
);
CREATE INDEX scores_lead_id_scored_at ON scores (lead_id, scored_at DESC);

-- The unique key is what makes LeadQualified exactly once per lead per contract version.
CREATE TABLE qualifications (
    lead_id           uuid         NOT NULL REFERENCES leads (id),
    contract_version  integer      NOT NULL REFERENCES contract_versions (version),
    score             integer      NOT NULL,
    qualified_at      timestamptz  NOT NULL,
    PRIMARY KEY (lead_id, contract_version)
);
