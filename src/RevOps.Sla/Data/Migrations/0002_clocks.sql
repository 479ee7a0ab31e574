-- Follow-up clocks: one row per (assignment, clause). Final rows stay as history; only 'running' rows are ever due.
CREATE TABLE clocks (
    id               uuid        PRIMARY KEY,
    lead_id          uuid        NOT NULL,
    assignment_id    uuid        NOT NULL,
    owner_rep_id     text,
    team_id          text        NOT NULL,
    clause_id        text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('first_touch', 'disposition', 'min_touches')),
    contract_version integer     NOT NULL,
    started_at       timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    state            text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'met', 'breached', 'stopped')),
    met_at           timestamptz,
    breached_at      timestamptz,
    stopped_at       timestamptz,
    touch_count      integer     NOT NULL DEFAULT 0 CHECK (touch_count >= 0),
    touches_required integer     NOT NULL DEFAULT 1 CHECK (touches_required >= 1),
    -- The replica holding the clock in memory until it fires; another may claim it once lease_until passes.
    lease_owner      text,
    lease_until      timestamptz,
    -- A redelivered LeadAssigned arms nothing twice.
    UNIQUE (assignment_id, clause_id)
);
-- Replicas claim the earliest running clocks with FOR UPDATE SKIP LOCKED; final rows stay out of this index.
CREATE INDEX clocks_running_due ON clocks (due_at) WHERE state = 'running';
CREATE INDEX clocks_lead ON clocks (lead_id);

-- One row per breached clock; a rep or manager annotates it with a reason, and rows without one are flagged.
CREATE TABLE breaches (
    id               uuid        PRIMARY KEY,
    clock_id         uuid        NOT NULL UNIQUE REFERENCES clocks (id),
    lead_id          uuid        NOT NULL,
    owner_rep_id     text,
    team_id          text        NOT NULL,
    clause_id        text        NOT NULL,
    contract_version integer     NOT NULL,
    due_at           timestamptz NOT NULL,
    breached_at      timestamptz NOT NULL,
    lateness         interval    NOT NULL,
    -- 1 for the lead's first breach, 2 for its second...: drives the escalation chain.
    breach_number    integer     NOT NULL CHECK (breach_number >= 1),
    reason           text,
    annotated_by     text,
    annotated_at     timestamptz,
    CHECK ((reason IS NULL) = (annotated_by IS NULL) AND (reason IS NULL) = (annotated_at IS NULL))
);
CREATE INDEX breaches_breached_at ON breaches (breached_at);
CREATE INDEX breaches_owner ON breaches (owner_rep_id, breached_at);
CREATE INDEX breaches_team ON breaches (team_id, breached_at);
CREATE INDEX breaches_unannotated ON breaches (breached_at) WHERE reason IS NULL;

-- Breaches per lead across all its assignments, counted under a row lock so concurrent breaches get distinct numbers.
CREATE TABLE lead_breach_counts (
    lead_id  uuid    PRIMARY KEY,
    breaches integer NOT NULL
);

-- Escalation webhooks, written with the breach and retried with backoff until delivered or given up
-- (given up: delivered_at and next_attempt_at both NULL).
CREATE TABLE webhook_deliveries (
    id              uuid        PRIMARY KEY,
    breach_id       uuid        NOT NULL REFERENCES breaches (id),
    url             text        NOT NULL,
    payload         jsonb       NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (breach_id, url)
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND next_attempt_at IS NOT NULL;
