-- Each lead a submission writes cost its transaction one foreign-key check per source, score and qualification row: a
-- FOR KEY SHARE lock on the lead's row, and on the one contract_versions row that every concurrent writer of every replica
-- locks too, each lock a write to the heap and the WAL. Scoring writes these ids from the lead row it inserted or locked in
-- the same transaction and from the active contract, and nothing deletes leads or contract versions, so the checks guarded
-- nothing on this path. Activities, touches, dispositions and opportunities keep theirs.
ALTER TABLE lead_sources DROP CONSTRAINT lead_sources_lead_id_fkey;
ALTER TABLE scores DROP CONSTRAINT scores_lead_id_fkey;
ALTER TABLE scores DROP CONSTRAINT scores_contract_version_fkey;
ALTER TABLE qualifications DROP CONSTRAINT qualifications_lead_id_fkey;
ALTER TABLE qualifications DROP CONSTRAINT qualifications_contract_version_fkey;
