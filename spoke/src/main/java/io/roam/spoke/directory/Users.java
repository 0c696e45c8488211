package io.roam.spoke.directory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every user the directory knows, by id: their bare {@link Definition} until a login or logout of
 * theirs is seen, their {@link UserRecord} from then on. Most of a million users never log in,
 * and this keeps each of them as one object. Changed only under the directory's lock; read
 * without one.
 */
final class Users {

    private final Map<String, Object> byId = new ConcurrentHashMap<>();

    /** The user's latest definition, or null while none has arrived. */
    Definition definition(String userId) {
        Object user = byId.get(userId);
        return user instanceof UserRecord record ? record.definition : (Definition) user;
    }

    /** The user's record, or null if no login or logout of theirs was seen. */
    UserRecord recordOf(String userId) {
        return byId.get(userId) instanceof UserRecord record ? record : null;
    }

    /** The user's record, made from their bare definition (if any) at their first login or logout. */
    UserRecord record(String userId) {
        Object user = byId.get(userId);
        if (user instanceof UserRecord record) {
            return record;
        }
        UserRecord record = new UserRecord(userId, (Definition) user);
        byId.put(userId, record);
        return record;
    }

    /** Makes the definition its user's latest. */
    void define(Definition definition) {
        if (byId.get(definition.userId()) instanceof UserRecord record) {
            record.definition = definition;
        } else {
            byId.put(definition.userId(), definition);
        }
    }

    /** Every user who ever logged in or out: a walk over all users. */
    Stream<UserRecord> records() {
        return byId.values().stream().filter(UserRecord.class::isInstance).map(UserRecord.class::cast);
    }
}
