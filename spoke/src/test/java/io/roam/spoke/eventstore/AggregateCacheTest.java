package io.roam.spoke.eventstore;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AggregateCacheTest {

    @Test
    void holds_what_it_was_given_until_removed() {
        AggregateCache cache = new AggregateCache(new AggregateCache.Settings(10));
        cache.put("SEP1", "phone one");

        assertThat(cache.<String, String>get("SEP1")).isEqualTo("phone one");
        assertThat(cache.putIfAbsent("SEP1", "another")).isFalse();
        assertThat(cache.remove("SEP1")).isTrue();
        assertThat(cache.containsKey("SEP1")).isFalse();
    }

    @Test
    void past_its_bound_it_drops_entries_and_tells_its_listeners() {
        AggregateCache cache = new AggregateCache(new AggregateCache.Settings(100));
        List<Object> expired = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });

        for (int i = 0; i < 1_000; i++) {
            cache.put("SEP" + i, i);
        }

        assertThat(cache.size()).isEqualTo(100);
        assertThat(expired).hasSize(900);
    }

    @Test
    void tells_listeners_what_was_created_updated_and_removed() {
        AggregateCache cache = new AggregateCache(new AggregateCache.Settings(10));
        List<String> seen = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                seen.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                seen.add("updated " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                seen.add("removed " + key);
            }
        });

        cache.put("SEP1", 1);
        cache.put("SEP1", 2);
        cache.removeAll();

        assertThat(seen).containsExactly("created SEP1", "updated SEP1", "removed SEP1");
    }
}
