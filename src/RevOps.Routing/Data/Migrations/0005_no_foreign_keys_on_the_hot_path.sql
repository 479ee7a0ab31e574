-- Every assignment and decision row checked its references with a row lock: FOR KEY SHARE on its team's and rep's rows (one
-- team row for all its leads, locked by every concurrent transaction, so PostgreSQL built multixacts for it) and on the
-- assignment a decision names, each lock a write to the heap and the WAL. Nothing deletes teams, reps or assignments, and
-- routing writes these ids from rows it read or wrote in the same transaction, so the checks guarded nothing; at 1,000
-- leads/s they were a large share of PostgreSQL's work per lead. The references stay in the columns' meaning, not in locks.
ALTER TABLE assignments DROP CONSTRAINT assignments_team_id_fkey;
ALTER TABLE assignments DROP CONSTRAINT assignments_rep_id_fkey;
ALTER TABLE assignments DROP CONSTRAINT assignments_previous_assignment_id_fkey;
ALTER TABLE routing_decisions DROP CONSTRAINT routing_decisions_assignment_id_fkey;
