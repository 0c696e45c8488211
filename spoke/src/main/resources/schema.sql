-- The spoke's own bookkeeping, beside Axon's tables (which Hibernate creates).
CREATE TABLE IF NOT EXISTS outbox (
    seq        BIGINT PRIMARY KEY,
    event_id   VARCHAR(64) NOT NULL UNIQUE,
    envelope   VARBINARY(65536) NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS publisher_position (
    id        INT PRIMARY KEY,
    acked_seq BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS inbound_position (
    topic       VARCHAR(255) NOT NULL,
    part        INT NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (topic, part)
);
-- The inbound topic's id beside the offset: a topic deleted and recreated under the same name
-- starts its offsets again, and the stored one must not be taken for a position in it.
ALTER TABLE inbound_position ADD COLUMN IF NOT EXISTS topic_id VARCHAR(32);
CREATE TABLE IF NOT EXISTS origin_position (
    origin   VARCHAR(128) PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letter (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    topic         VARCHAR(255) NOT NULL,
    part          INT NOT NULL,
    record_offset BIGINT NOT NULL,
    reason        VARCHAR(1024) NOT NULL,
    payload       VARBINARY(1048576),
    detected_at   BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS parked (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    origin    VARCHAR(128) NOT NULL,
    seq       BIGINT NOT NULL,
    reason    VARCHAR(1024) NOT NULL,
    payload   VARBINARY(65536) NOT NULL,
    parked_at BIGINT NOT NULL
);
-- One random id per store, made on first start: positions of the change feed name it, so a
-- router's position from a wiped or replaced store is recognised as foreign.
CREATE TABLE IF NOT EXISTS store_incarnation (
    id          INT PRIMARY KEY,
    incarnation VARCHAR(32) NOT NULL
);
-- Present while a full sync is under way: a start that finds it resumes the sync instead of
-- going on with part of the history.
CREATE TABLE IF NOT EXISTS full_sync (
    id         INT PRIMARY KEY,
    started_at BIGINT NOT NULL
);
-- One spoke-local sequence over everything stored, assigned in the writing transaction in commit
-- order: the change feed's positions and the replay's order. local_order numbers the events of
-- Axon's store; foreign_fact holds the facts read from the network (other clusters' events, and
-- this cluster's own history when a full sync brings it back), each once by (origin, seq).
CREATE TABLE IF NOT EXISTS local_order (
    change_seq BIGINT PRIMARY KEY,
    event_id   VARCHAR(255) NOT NULL
);
CREATE TABLE IF NOT EXISTS foreign_fact (
    change_seq BIGINT PRIMARY KEY,
    origin     VARCHAR(128) NOT NULL,
    seq        BIGINT NOT NULL,
    envelope   VARBINARY(65536) NOT NULL,
    CONSTRAINT foreign_fact_once UNIQUE (origin, seq)
);
-- Event classes that moved to another package, once their stored events carry the new name.
CREATE TABLE IF NOT EXISTS renamed_event_type (
    from_type VARCHAR(255) PRIMARY KEY,
    to_type   VARCHAR(255) NOT NULL
);
