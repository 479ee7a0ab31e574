-- What the test's consumers saw on RabbitMQ; the inbox (shared migration) drops redeliveries, so a duplicate row here is a real duplicate.
CREATE TABLE observed_events (
    message_type  text         NOT NULL,
    event_id      uuid         NOT NULL,
    body          jsonb        NOT NULL,
    observed_at   timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX observed_events_type ON observed_events (message_type);
