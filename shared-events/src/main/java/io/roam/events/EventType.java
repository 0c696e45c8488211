package io.roam.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The wire name and the newest understood schema version of every event. */
public enum EventType {
    USER_PROVISIONED("UserProvisioned", UserProvisioned.class, 1),
    USER_REMOVED("UserRemoved", UserRemoved.class, 1),
    USER_LOGGED_IN("UserLoggedIn", UserLoggedIn.class, 1),
    USER_LOGGED_OUT("UserLoggedOut", UserLoggedOut.class, 1),
    PIN_REJECTED("PinRejected", PinRejected.class, 1),
    USER_UNLOCKED("UserUnlocked", UserUnlocked.class, 1),
    EMCC_LOGIN_REFUSED("EmccLoginRefused", EmccLoginRefused.class, 1),
    CLUSTER_ANNOUNCED("ClusterAnnounced", ClusterAnnounced.class, 1),
    CLUSTER_RETIRED("ClusterRetired", ClusterRetired.class, 1),
    CLUSTER_HEARTBEAT("ClusterHeartbeat", ClusterHeartbeat.class, 1),
    HUB_HEARTBEAT("HubHeartbeat", HubHeartbeat.class, 1);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

    private final String wireName;
    private final Class<? extends RoamingEvent> javaType;
    private final int schemaVersion;

    EventType(String wireName, Class<? extends RoamingEvent> javaType, int schemaVersion) {
        this.wireName = wireName;
        this.javaType = javaType;
        this.schemaVersion = schemaVersion;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends RoamingEvent> javaType() {
        return javaType;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** Heartbeats are transient: no sequence number, never stored. */
    public boolean isStored() {
        return !isHeartbeat();
    }

    public boolean isHeartbeat() {
        return this == CLUSTER_HEARTBEAT || this == HUB_HEARTBEAT;
    }

    public static Optional<EventType> byWireName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static EventType of(RoamingEvent event) {
        return BY_CLASS.get(event.getClass());
    }

    public static boolean isWireType(Class<?> type) {
        return BY_CLASS.containsKey(type);
    }
}
