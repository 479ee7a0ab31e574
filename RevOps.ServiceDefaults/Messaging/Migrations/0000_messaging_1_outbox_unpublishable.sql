-- A row whose type or body no longer resolves can never be published: the relay sets it aside with the reason instead of
-- retrying it forever in front of every row behind it. Set-aside rows are kept (never pruned) for someone to look at.
ALTER TABLE outbox ADD COLUMN unpublishable text;
DROP INDEX outbox_unpublished;
CREATE INDEX outbox_unpublished ON outbox (sequence) WHERE published_at IS NULL AND unpublishable IS NULL;
