-- The scorecard aggregates in SQL; each figure's stage time gets a partial index so one bitmap scan finds a period's leads.
-- Speed to first touch selects by first-touch time.
CREATE INDEX lead_facts_first_touch_at ON lead_facts (first_touch_at) WHERE first_touch_at IS NOT NULL;
-- Cycle length selects by close time (won or lost), revenue by won time: one index each, as (won_at, lost_at) cannot
-- serve a range on lost_at.
DROP INDEX lead_facts_closed;
CREATE INDEX lead_facts_won_at ON lead_facts (won_at) WHERE won_at IS NOT NULL;
CREATE INDEX lead_facts_lost_at ON lead_facts (lost_at) WHERE lost_at IS NOT NULL;
