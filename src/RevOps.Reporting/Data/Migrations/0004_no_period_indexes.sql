-- The scorecard and funnel are computed from the facts in memory (FactColumns), so no report selects lead_facts by a
-- stage time any more. Each of these indexes made every event's update of its lead a new entry in it (no HOT update):
-- ingestion paid for them on every event.
DROP INDEX lead_facts_captured_at;
DROP INDEX lead_facts_mql_at;
DROP INDEX lead_facts_first_touch_due_at;
DROP INDEX lead_facts_accepted_at;
DROP INDEX lead_facts_rejected_at;
DROP INDEX lead_facts_opportunity_at;
DROP INDEX lead_facts_first_touch_at;
DROP INDEX lead_facts_won_at;
DROP INDEX lead_facts_lost_at;
-- Room on each page for a lead's next version, so its update stays on the page (HOT) and touches no index.
ALTER TABLE lead_facts SET (fillfactor = 80);
