-- The due index's predicate (state = 'running') also matched a lead's lookup of its running clocks (lead_id = $1 AND
-- state = 'running', on every LeadAssigned and activity). With statistics from when few clocks ran, PostgreSQL's cached
-- generic plan scanned every running clock and filtered on lead_id: in the pipeline bench, 645 to 4,974 rows a lookup, 3 to
-- 64 ms, growing with the running clocks (auto_explain). A lead's lookup cannot prove due_at IS NOT NULL, so it now uses
-- clocks_lead; the claim of due clocks (due_at <= $1) proves it and keeps this index.
DROP INDEX clocks_running_due;
CREATE INDEX clocks_running_due ON clocks (due_at) WHERE state = 'running' AND due_at IS NOT NULL;
