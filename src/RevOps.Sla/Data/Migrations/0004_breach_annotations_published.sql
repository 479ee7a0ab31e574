-- AnnotateBreach now publishes SlaBreachAnnotated, which the scorecard's breach reasons come from. Breaches annotated before
-- it get their event once, here. The relay holds these rows for a minute: RabbitMQ drops an event that no queue is bound to
-- yet, and reporting binds its queue to this new event type when it first starts after the upgrade.
INSERT INTO outbox (message_id, message_type, body, relay_after)
SELECT event_id, 'RevOps.Contracts.Events.SlaBreachAnnotated, RevOps.Contracts',
       jsonb_build_object(
           'eventId', event_id, 'occurredAt', annotated_at, 'contractVersion', contract_version, 'breachId', id,
           'leadId', lead_id, 'clauseId', clause_id, 'reason', reason, 'annotatedBy', annotated_by),
       now() + interval '1 minute'
FROM (SELECT gen_random_uuid() AS event_id, * FROM breaches WHERE reason IS NOT NULL ORDER BY annotated_at) annotated;
