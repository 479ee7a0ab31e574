-- Rows their writer publishes itself right after commit (OutboxPublisher) wait this long for the relay, which only
-- publishes them if the writer died or the broker refused them in the meantime. NULL: the relay publishes at once.
ALTER TABLE outbox ADD COLUMN relay_after timestamptz;
