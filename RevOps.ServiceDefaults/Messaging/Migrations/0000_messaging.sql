-- Transactional outbox: events written with the state change, relayed to RabbitMQ with publisher confirms.
CREATE TABLE outbox (
    sequence     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   uuid        NOT NULL UNIQUE,
    message_type text        NOT NULL,
    body         jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (sequence) WHERE published_at IS NULL;

-- Inbox: one row per (message, consumer) handled, so a redelivery changes nothing.
CREATE TABLE inbox (
    message_id   uuid        NOT NULL,
    consumer     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);
