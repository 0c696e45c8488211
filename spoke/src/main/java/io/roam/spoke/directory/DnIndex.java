package io.roam.spoke.directory;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Per DN, its claim, the users whose primary DN it is and the answer readers get; per
 * self-service id, its users. Packed because every spoke holds every DN (docs/scale.md, and the
 * store benchmark in docs/bench/, measure the heap per DN): a DN whose owner never logged in is a
 * single map entry holding the owner's definition, and user ids are kept bare or in arrays, not
 * in sets. It also keeps the count and the digest of its entries, since only it sees each entry
 * change. Changed only under the directory's lock; read without one.
 */
final class DnIndex {

    private static final String[] NO_USERS = {};

    /**
     * A DN's {@link DnSlot}, or, while the slot would hold only what follows from one definition
     * (its claim, owned by a user who never logged in), that {@link Definition} alone.
     */
    private final Map<String, Object> dns = new ConcurrentHashMap<>();
    private final Map<String, String[]> usersBySelfServiceId = new ConcurrentHashMap<>();
    private long digestSum;
    private volatile int entryCount;

    DnEntry entry(String dn) {
        return DnSlot.entry(dn, dns.get(dn));
    }

    Set<String> usersWithPrimaryDn(String dn) {
        Object users = DnSlot.primaryOf(dn, dns.get(dn));
        if (users == null) {
            return Set.of();
        }
        return users instanceof String one ? Set.of(one) : Set.of((String[]) users);
    }

    Set<String> usersWithSelfServiceId(String selfServiceId) {
        return Set.of(usersBySelfServiceId.getOrDefault(selfServiceId, NO_USERS));
    }

    /** Every entry, in no order: building those of DNs whose owner never logged in. */
    void forEachEntry(Consumer<DnEntry> action) {
        dns.forEach((dn, at) -> {
            DnEntry entry = DnSlot.entry(dn, at);
            if (entry != null) {
                action.accept(entry);
            }
        });
    }

    int size() {
        return entryCount;
    }

    /** Order-independent hash of every entry's routing facts, and their count; read under the lock. */
    String digest() {
        return Long.toHexString(digestSum) + "-" + entryCount;
    }

    /** The DN's winning claim, or null if no definition ever listed it. */
    Definition claimOf(String dn) {
        Object at = dns.get(dn);
        return at == null ? null : DnSlot.claim(at);
    }

    /**
     * Makes the definition the DN's claim if it outranks the one there; true if it did. A claim
     * is never given up, even when its own user lists the DN no longer: that tombstone keeps DN
     * moves order-independent.
     */
    boolean claim(String dn, Definition definition) {
        Object at = dns.get(dn);
        if (at == null) {
            dns.put(dn, new DnSlot(definition));
            return true;
        }
        if (definition.outranks(DnSlot.claim(at))) {
            slot(dn).claim = definition;
            return true;
        }
        return false;
    }

    /** Indexes a user by primary DN and self-service id as {@code current} says, no longer as {@code previous}. */
    void reindex(Definition previous, Definition current) {
        if (previous != null && !previous.removed()) {
            String primary = previous.primaryDn();
            if (primary != null) {
                slot(primary).removePrimaryOf(previous.userId());
            }
            if (previous.selfServiceId() != null) {
                usersBySelfServiceId.computeIfPresent(previous.selfServiceId(),
                        (k, ids) -> without(ids, previous.userId()));
            }
        }
        if (!current.removed()) {
            String primary = current.primaryDn();
            if (primary != null) {
                slot(primary).addPrimaryOf(current.userId());
            }
            if (current.selfServiceId() != null && !current.selfServiceId().isBlank()) {
                usersBySelfServiceId.merge(current.selfServiceId(), new String[]{current.userId()}, DnIndex::union);
            }
        }
    }

    /** The DN's owner never logged in: its entry follows from their definition, kept instead. */
    boolean answerHome(String dn, Definition owner) {
        return setAnswer(dn, owner);
    }

    /** Sets the DN's entry, null if it has none now; true if that routes the DN differently. */
    boolean answer(String dn, DnEntry entry) {
        return setAnswer(dn, entry);
    }

    private boolean setAnswer(String dn, Object answer) {
        Object at = dns.get(dn);
        if (answer == at) {
            return false;
        }
        DnEntry previous = DnSlot.entry(dn, at);
        DnSlot slot = slot(dn);
        slot.answer = answer;
        if (slot.isBare(dn)) {
            dns.put(dn, slot.claim);
        }
        DnEntry next = slot.entry(dn);
        entryCount += (next == null ? 0 : 1) - (previous == null ? 0 : 1);
        if (previous != null) {
            digestSum -= previous.digestHash();
        }
        if (next != null) {
            digestSum += next.digestHash();
        }
        return !sameRoute(previous, next);
    }

    private static boolean sameRoute(DnEntry a, DnEntry b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.state() == b.state() && a.target().equals(b.target()) && Objects.equals(a.cluster(), b.cluster())
                && Objects.equals(a.devicePool(), b.devicePool());
    }

    /** The DN's slot to change, in full: taken apart from its bare definition if need be. */
    private DnSlot slot(String dn) {
        Object at = dns.get(dn);
        if (at instanceof DnSlot slot) {
            return slot;
        }
        Definition bare = (Definition) at;
        DnSlot slot = new DnSlot(bare);
        slot.primaryOf = DnSlot.primaryOf(dn, bare);
        slot.answer = bare;
        dns.put(dn, slot);
        return slot;
    }

    private static String[] union(String[] ids, String[] more) {
        String[] joined = Arrays.copyOf(ids, ids.length + more.length);
        System.arraycopy(more, 0, joined, ids.length, more.length);
        return joined;
    }

    private static String[] without(String[] ids, String userId) {
        String[] rest = Arrays.stream(ids).filter(id -> !id.equals(userId)).toArray(String[]::new);
        return rest.length == 0 ? null : rest;
    }

    /**
     * What the index keeps per DN: its claim, the users whose primary DN it is, and the answer
     * readers get. Kept only while it holds more than its claim implies (see {@link #isBare}).
     */
    private static final class DnSlot {
        Definition claim;
        /** Null, one user id, or a {@code String[]} of several: read without locking. */
        volatile Object primaryOf;
        /**
         * Null (no entry), a {@link DnEntry}, or the owner's {@link Definition} when the owner never
         * logged in: most DNs at a million users, whose answer follows from the definition alone.
         */
        volatile Object answer;

        DnSlot(Definition claim) {
            this.claim = claim;
        }

        DnEntry entry(String dn) {
            Object now = answer;
            return now instanceof Definition home ? home.homeEntry(dn) : (DnEntry) now;
        }

        /** Holds only what its claim alone implies, so the claim can stand in for it. */
        boolean isBare(String dn) {
            return answer == claim && Objects.equals(primaryOf, primaryOf(dn, claim));
        }

        /** The DN's entry from what the map holds for it: a slot, a bare definition or nothing. */
        static DnEntry entry(String dn, Object at) {
            return at instanceof DnSlot slot ? slot.entry(dn) : at == null ? null : ((Definition) at).homeEntry(dn);
        }

        static Definition claim(Object at) {
            return at instanceof DnSlot slot ? slot.claim : (Definition) at;
        }

        /** A bare definition is the primary DN of its own user alone, if it is the first it lists. */
        static Object primaryOf(String dn, Object at) {
            if (at instanceof DnSlot slot) {
                return slot.primaryOf;
            }
            return at != null && dn.equals(((Definition) at).primaryDn()) ? ((Definition) at).userId() : null;
        }

        void addPrimaryOf(String userId) {
            Object now = primaryOf;
            if (now == null) {
                primaryOf = userId;
            } else if (now instanceof String one) {
                primaryOf = new String[]{one, userId};
            } else {
                primaryOf = union((String[]) now, new String[]{userId});
            }
        }

        void removePrimaryOf(String userId) {
            Object now = primaryOf;
            if (now instanceof String one) {
                primaryOf = one.equals(userId) ? null : one;
            } else if (now instanceof String[] several) {
                String[] rest = without(several, userId);
                primaryOf = rest == null ? null : rest.length == 1 ? rest[0] : rest;
            }
        }
    }
}
