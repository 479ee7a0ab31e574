-- The rotation standing travels with each decision instead of living in one row per team that every concurrent decision
-- of the team had to lock: a rebuild reads the standing of the decision with the highest sequence.
ALTER TABLE routing_decisions ADD COLUMN rotation_sequence bigint, ADD COLUMN standing jsonb;
CREATE INDEX routing_decisions_team_sequence ON routing_decisions (team_id, rotation_sequence DESC) WHERE rotation_sequence IS NOT NULL;

-- Each team's saved standing moves onto its latest decision, so a rebuild after the upgrade keeps fairness.
UPDATE routing_decisions d SET rotation_sequence = s.sequence, standing = s.credits
FROM rotation_standing s
WHERE d.id = (SELECT id FROM routing_decisions WHERE team_id = s.team_id ORDER BY decided_at DESC, id DESC LIMIT 1);
DROP TABLE rotation_standing;

-- Bumped by every change to teams, reps or out-of-office windows, whoever makes it: replicas keep rosters in memory and
-- compare this version inside each lead's transaction, so a change reaches every decision that starts after it commits.
CREATE TABLE roster_version (
    version bigint  NOT NULL,
    one_row boolean PRIMARY KEY DEFAULT true CHECK (one_row)
);
INSERT INTO roster_version (version) VALUES (0);

CREATE FUNCTION bump_roster_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE roster_version SET version = version + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER teams_roster_version AFTER INSERT OR UPDATE OR DELETE ON teams
    FOR EACH STATEMENT EXECUTE FUNCTION bump_roster_version();
CREATE TRIGGER reps_roster_version AFTER INSERT OR UPDATE OR DELETE ON reps
    FOR EACH STATEMENT EXECUTE FUNCTION bump_roster_version();
CREATE TRIGGER rep_out_of_office_roster_version AFTER INSERT OR UPDATE OR DELETE ON rep_out_of_office
    FOR EACH STATEMENT EXECUTE FUNCTION bump_roster_version();
