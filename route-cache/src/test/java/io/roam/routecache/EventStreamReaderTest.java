package io.roam.routecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {

    private static List<EventStreamReader.Item> read(String stream) throws IOException {
        EventStreamReader reader = new EventStreamReader(new BufferedReader(new StringReader(stream)));
        List<EventStreamReader.Item> items = new ArrayList<>();
        for (Optional<EventStreamReader.Item> item = reader.next(); item.isPresent(); item = reader.next()) {
            items.add(item.get());
        }
        return items;
    }

    @Test
    void eventsCarryTheirTypeIdAndDataAndCommentsComeInOrder() throws IOException {
        List<EventStreamReader.Item> items = read("""
                event:snapshot
                data:{"dn":"1000001"}

                :heartbeat

                event: change
                id: 5f0c.12.1
                data: {"dn":"1000002"}

                """);

        assertThat(items).containsExactly(
                new EventStreamReader.Event("snapshot", null, "{\"dn\":\"1000001\"}"),
                new EventStreamReader.Comment("heartbeat"),
                new EventStreamReader.Event("change", "5f0c.12.1", "{\"dn\":\"1000002\"}"));
    }

    @Test
    void dataLinesJoinAndUnknownFieldsAreIgnored() throws IOException {
        assertThat(read("retry: 1000\nfoo\ndata: a\ndata: b\n\n"))
                .containsExactly(new EventStreamReader.Event("message", null, "a\nb"));
    }

    @Test
    void anEventCutOffBeforeItsBlankLineIsNotDispatched() throws IOException {
        assertThat(read("event: change\nid: 1\ndata: {}\n")).isEmpty();
    }
}
