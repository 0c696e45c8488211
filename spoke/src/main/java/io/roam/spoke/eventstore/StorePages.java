package io.roam.spoke.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * The store's facts after a change number, Axon's events and the foreign facts merged in number
 * order and decoded, page by page. A thread of its own reads and decodes the next pages while the
 * caller applies the last one: on more than one core the two overlap.
 */
final class StorePages implements AutoCloseable {

    /** A stored fact, decoded. */
    record Fact(long changeSeq, Object event) {
    }

    /** Where the pages come from: each source's facts after a number, in number order, at most {@code limit}. */
    interface Source {
        List<FactStore.LocalRow> localAfter(long changeSeq, int limit);

        List<FactStore.ForeignRow> foreignAfter(long changeSeq, int limit);
    }

    /** Pages read ahead of the caller: enough to keep both threads busy, few enough to bound the heap. */
    private static final int AHEAD = 2;
    private static final List<Fact> END = List.of();

    private final Source source;
    private final Function<FactStore.LocalRow, Object> deserialize;
    private final Function<FactStore.ForeignRow, Object> decode;
    private final int pageSize;
    private final BlockingQueue<Object> pages = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private long readThrough;

    StorePages(Source source, Function<FactStore.LocalRow, Object> deserialize,
               Function<FactStore.ForeignRow, Object> decode, long after, int pageSize) {
        this.source = source;
        this.deserialize = deserialize;
        this.decode = decode;
        this.pageSize = pageSize;
        this.readThrough = after;
        this.reader = new Thread(this::readAll, "store-pages");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next page in number order; empty once every fact has been read. */
    List<Fact> next() throws InterruptedException {
        Object page = pages.take();
        if (page instanceof Throwable e) {
            throw new IllegalStateException("reading the store failed", e);
        }
        @SuppressWarnings("unchecked")
        List<Fact> facts = (List<Fact>) page;
        return facts;
    }

    @Override
    public void close() {
        reader.interrupt();
    }

    private void readAll() {
        try {
            try {
                for (List<Fact> page = read(); !page.isEmpty(); page = read()) {
                    pages.put(page);
                }
                pages.put(END);
            } catch (RuntimeException | Error e) {
                pages.put(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One page of each source, merged up to the smaller of their last numbers where a source
     * filled its page: beyond that, the full source may hold numbers not read yet.
     */
    private List<Fact> read() {
        List<FactStore.LocalRow> local = source.localAfter(readThrough, pageSize);
        List<FactStore.ForeignRow> foreign = source.foreignAfter(readThrough, pageSize);
        long through = Math.min(
                local.size() == pageSize ? local.get(pageSize - 1).changeSeq() : Long.MAX_VALUE,
                foreign.size() == pageSize ? foreign.get(pageSize - 1).changeSeq() : Long.MAX_VALUE);
        List<Fact> page = new ArrayList<>(local.size() + foreign.size());
        int l = 0;
        int f = 0;
        while (true) {
            boolean localNext = l < local.size() && local.get(l).changeSeq() <= through;
            boolean foreignNext = f < foreign.size() && foreign.get(f).changeSeq() <= through;
            if (localNext && (!foreignNext || local.get(l).changeSeq() < foreign.get(f).changeSeq())) {
                FactStore.LocalRow row = local.get(l++);
                page.add(new Fact(row.changeSeq(), deserialize.apply(row)));
            } else if (foreignNext) {
                FactStore.ForeignRow row = foreign.get(f++);
                page.add(new Fact(row.changeSeq(), decode.apply(row)));
            } else {
                break;
            }
        }
        if (!page.isEmpty()) {
            readThrough = page.get(page.size() - 1).changeSeq();
        }
        return page;
    }
}
