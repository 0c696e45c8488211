package io.roam.spoke.eventstore;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The replay's pages: however the change numbers fall between Axon's events and the foreign facts,
 * and wherever a page ends, every fact after the starting number comes once, in number order.
 */
class StorePagesProperties {

    @Property
    void everyFactComesOnceInNumberOrder(@ForAll @Size(max = 200) List<Boolean> isLocal,
                                         @ForAll @IntRange(min = 1, max = 25) int pageSize,
                                         @ForAll @IntRange(min = 0, max = 20) int after) throws InterruptedException {
        InMemorySource source = new InMemorySource(isLocal);

        List<Long> read = readAll(source, after, pageSize);

        assertThat(read).containsExactlyElementsOf(
                LongStream.rangeClosed(after + 1, isLocal.size()).boxed().toList());
    }

    @Example
    void aFactThatCannotBeDecodedStopsTheReplay() throws InterruptedException {
        InMemorySource source = new InMemorySource(List.of(true, false, false, true));
        try (StorePages pages = new StorePages(source, row -> row.changeSeq(), row -> {
            throw new IllegalStateException("foreign fact " + row.changeSeq() + " cannot be decoded");
        }, 0, 10)) {
            assertThatThrownBy(pages::next).hasRootCauseMessage("foreign fact 2 cannot be decoded");
        }
    }

    private static List<Long> readAll(StorePages.Source source, long after, int pageSize) throws InterruptedException {
        List<Long> read = new ArrayList<>();
        try (StorePages pages = new StorePages(source, FactStore.LocalRow::changeSeq, FactStore.ForeignRow::changeSeq,
                after, pageSize)) {
            for (List<StorePages.Fact> page = pages.next(); !page.isEmpty(); page = pages.next()) {
                for (StorePages.Fact fact : page) {
                    assertThat(fact.event()).isEqualTo(fact.changeSeq());
                    read.add(fact.changeSeq());
                }
            }
        }
        return read;
    }

    /** Change number i + 1 is a local event if {@code isLocal[i]}, a foreign fact otherwise. */
    private static final class InMemorySource implements StorePages.Source {
        private final List<FactStore.LocalRow> local = new ArrayList<>();
        private final List<FactStore.ForeignRow> foreign = new ArrayList<>();

        InMemorySource(List<Boolean> isLocal) {
            for (int i = 0; i < isLocal.size(); i++) {
                long seq = i + 1;
                if (isLocal.get(i)) {
                    local.add(new FactStore.LocalRow(seq, "event-" + seq, "type", null, new byte[0]));
                } else {
                    foreign.add(new FactStore.ForeignRow(seq, new byte[0]));
                }
            }
        }

        @Override
        public List<FactStore.LocalRow> localAfter(long changeSeq, int limit) {
            return local.stream().filter(row -> row.changeSeq() > changeSeq).limit(limit).toList();
        }

        @Override
        public List<FactStore.ForeignRow> foreignAfter(long changeSeq, int limit) {
            return foreign.stream().filter(row -> row.changeSeq() > changeSeq).limit(limit).toList();
        }
    }
}
