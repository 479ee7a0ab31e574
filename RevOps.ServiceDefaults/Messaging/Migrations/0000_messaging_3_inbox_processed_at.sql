-- Inbox rows are pruned by age (MessagingPruner). They arrive in processed_at order, so a BRIN index finds the old ones for
-- almost nothing on every insert, where a btree would cost each consumed message another index entry. Autosummarize: a range
-- is summarized once it fills, not at the next vacuum, so the pruner does not read the recent rows to find none old.
CREATE INDEX inbox_processed_at ON inbox USING brin (processed_at) WITH (autosummarize = on);
