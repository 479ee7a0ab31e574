-- A breach's reason is now the one a rep or manager gave (SlaBreachAnnotated), as in SLA's own list of flagged breaches.
-- Every reason stored so far came from an escalation's text, which says what the contract did, not why the breach happened.
-- Annotations made before this change arrive from SLA's migration 0004.
UPDATE breach_facts SET reason_at = NULL, reason_event_id = NULL, reason = NULL WHERE reason IS NOT NULL;
