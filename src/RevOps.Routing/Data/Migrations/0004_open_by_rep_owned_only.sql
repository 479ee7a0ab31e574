-- An open-assignments index without the rep in its predicate also answers "the open assignment of these leads"
-- (closed_at IS NULL), and with statistics from when few were open the planner preferred it to the lead index: every
-- routing batch then read all open assignments (about 40 ms at 3,000 open). Only owned ones belong here anyway; a lead
-- lookup cannot prove rep_id IS NOT NULL, a rep's lookup (rep_id = ...) can.
DROP INDEX assignments_open_by_rep;
CREATE INDEX assignments_open_by_rep ON assignments (rep_id) WHERE closed_at IS NULL AND rep_id IS NOT NULL;
