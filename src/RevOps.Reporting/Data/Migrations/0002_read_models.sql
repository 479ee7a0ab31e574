-- Read models: one row per lead and one per SLA breach, merged from events in any order (see LeadFactProjector).
-- Each "group" of columns that moves together carries the (time, event id) it came from, so a merge can pick a winner.
CREATE TABLE lead_facts (
    lead_id                uuid PRIMARY KEY,
    contract_version       int,
    -- attribution: the earliest capture
    captured_at            timestamptz,
    capture_event_id       uuid,
    source                 text,
    campaign               text,
    segment                text,
    marketing_sourced      boolean,
    marketing_influenced   boolean NOT NULL DEFAULT false,
    -- scores: the latest scoring
    scored_at              timestamptz,
    score_event_id         uuid,
    fit_score              int,
    behaviour_score        int,
    total_score            int,
    icp_fit                boolean,
    mql_at                 timestamptz,
    assigned_at            timestamptz,
    -- ownership: the latest assignment; a null owner is a fallback queue
    owner_since            timestamptz,
    owner_event_id         uuid,
    team_id                text,
    owner_rep_id           text,
    first_touch_at         timestamptz,
    first_touch_due_at     timestamptz,
    first_touch_breached_at timestamptz,
    first_breach_at        timestamptz,
    accepted_at            timestamptz,
    -- the earliest rejection
    rejected_at            timestamptz,
    rejection_event_id     uuid,
    rejection_reason       text,
    sao_at                 timestamptz,
    opportunity_at         timestamptz,
    won_at                 timestamptz,
    lost_at                timestamptz,
    -- the opportunity as of its latest update
    opportunity_updated_at timestamptz,
    opportunity_event_id   uuid,
    opportunity_id         text,
    opportunity_stage      text,
    outcome                smallint,   -- RevOps.Contracts.Events.OpportunityOutcome: 0 open, 1 won, 2 lost
    amount                 numeric,
    currency               char(3)
);

-- Period queries: each scorecard figure selects its leads by the time of one stage.
CREATE INDEX lead_facts_captured_at ON lead_facts (captured_at);
CREATE INDEX lead_facts_mql_at ON lead_facts (mql_at) WHERE mql_at IS NOT NULL;
CREATE INDEX lead_facts_first_touch_due_at ON lead_facts (first_touch_due_at) WHERE first_touch_due_at IS NOT NULL;
CREATE INDEX lead_facts_accepted_at ON lead_facts (accepted_at) WHERE accepted_at IS NOT NULL;
CREATE INDEX lead_facts_rejected_at ON lead_facts (rejected_at) WHERE rejected_at IS NOT NULL;
CREATE INDEX lead_facts_opportunity_at ON lead_facts (opportunity_at) WHERE opportunity_at IS NOT NULL;
CREATE INDEX lead_facts_closed ON lead_facts (won_at, lost_at) WHERE won_at IS NOT NULL OR lost_at IS NOT NULL;
-- No per-filter indexes: every event rewrites its lead's row, so each index costs ingestion on every event; filters
-- (source, team, owner...) are applied to the rows a period index finds.

CREATE TABLE breach_facts (
    breach_id          uuid PRIMARY KEY,
    lead_id            uuid NOT NULL,
    contract_version   int,
    clause_id          text,
    owner_rep_id       text,
    team_id            text,
    due_at             timestamptz,
    breached_at        timestamptz,
    lateness_us        bigint,
    breach_number      int,
    -- the earliest escalation's reason; null means nobody explained the breach
    reason_at          timestamptz,
    reason_event_id    uuid,
    reason             text
);
CREATE INDEX breach_facts_breached_at ON breach_facts (breached_at);
CREATE INDEX breach_facts_lead ON breach_facts (lead_id);
CREATE INDEX breach_facts_unannotated ON breach_facts (breached_at) WHERE reason IS NULL;

-- What each signed contract version promises: marketing's ICP-fit MQLs a month, sales' compliance and acceptance.
CREATE TABLE contract_targets (
    contract_version int     NOT NULL,
    metric           text    NOT NULL,   -- a ScorecardFigure key, e.g. 'acceptance_rate', 'icp_mqls'
    comparison       text    NOT NULL CHECK (comparison IN ('greater_than', 'at_least', 'at_most', 'less_than')),
    target           numeric NOT NULL,
    per_month        boolean NOT NULL DEFAULT false,   -- commitments counted per month, prorated to the period
    committed_by     text    CHECK (committed_by IN ('marketing', 'sales')),
    PRIMARY KEY (contract_version, metric)
);
