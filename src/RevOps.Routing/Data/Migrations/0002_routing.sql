-- Routing teams; leads wait in the fallback queue when no rep of the team is eligible.
CREATE TABLE teams (
    id             text        PRIMARY KEY,
    name           text,
    fallback_queue text        NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Reps: working hours are local to time_zone (IANA), as [{"day":"Monday","start":"09:00","end":"17:00"}].
CREATE TABLE reps (
    id             text        PRIMARY KEY,
    team_id        text        NOT NULL REFERENCES teams (id),
    weight         integer     NOT NULL CHECK (weight BETWEEN 1 AND 1000),
    time_zone      text        NOT NULL,
    working_hours  jsonb       NOT NULL DEFAULT '[]',
    max_open_leads integer     NOT NULL CHECK (max_open_leads >= 0),
    daily_cap      integer     CHECK (daily_cap >= 0),
    weekly_cap     integer     CHECK (weekly_cap >= 0),
    active         boolean     NOT NULL DEFAULT true,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reps_team ON reps (team_id);

-- Out-of-office windows: the rep gets no leads in [starts_at, ends_at).
CREATE TABLE rep_out_of_office (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rep_id    text        NOT NULL REFERENCES reps (id) ON DELETE CASCADE,
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL,
    reason    text,
    CHECK (ends_at > starts_at)
);
CREATE INDEX rep_out_of_office_rep ON rep_out_of_office (rep_id, ends_at);

-- The last rotation standing Redis reported per team; sequence orders snapshots written by concurrent replicas.
CREATE TABLE rotation_standing (
    team_id    text        PRIMARY KEY REFERENCES teams (id),
    sequence   bigint      NOT NULL,
    credits    jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Who owns (or which queue holds) a lead; closed when accepted, rejected or reassigned. A rep's open load is its open rows.
CREATE TABLE assignments (
    id                     uuid        PRIMARY KEY,
    lead_id                uuid        NOT NULL,
    team_id                text        NOT NULL REFERENCES teams (id),
    rep_id                 text        REFERENCES reps (id),
    fallback_queue         text,
    rule_id                text,
    contract_version       integer     NOT NULL,
    reason                 text        NOT NULL,
    previous_assignment_id uuid        REFERENCES assignments (id),
    assigned_at            timestamptz NOT NULL,
    closed_at              timestamptz,
    close_reason           text,
    CHECK ((rep_id IS NULL) <> (fallback_queue IS NULL)),
    CHECK ((closed_at IS NULL) = (close_reason IS NULL))
);
CREATE UNIQUE INDEX assignments_one_open_per_lead ON assignments (lead_id) WHERE closed_at IS NULL;
CREATE INDEX assignments_open_by_rep ON assignments (rep_id) WHERE closed_at IS NULL;
CREATE INDEX assignments_rep_time ON assignments (rep_id, assigned_at);
CREATE INDEX assignments_team_time ON assignments (team_id, assigned_at);

-- The audit trail: every decision with the rule matched and every candidate's verdict, [{"repId","verdict","detail"}].
CREATE TABLE routing_decisions (
    id               uuid        PRIMARY KEY,
    lead_id          uuid        NOT NULL,
    assignment_id    uuid        NOT NULL REFERENCES assignments (id),
    decided_at       timestamptz NOT NULL,
    contract_version integer     NOT NULL,
    team_id          text        NOT NULL,
    rule_id          text,
    chosen_rep_id    text,
    fallback_queue   text,
    reason           text        NOT NULL,
    is_reassignment  boolean     NOT NULL,
    previous_rep_id  text,
    lead_attributes  jsonb       NOT NULL,
    candidates       jsonb       NOT NULL
);
CREATE INDEX routing_decisions_lead ON routing_decisions (lead_id, decided_at);
