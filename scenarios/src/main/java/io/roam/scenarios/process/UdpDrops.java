package io.roam.scenarios.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Datagrams this machine's kernel dropped because a UDP socket's receive buffer was full
 * ({@code RcvbufErrors} of /proc/net/snmp, counted since boot for every socket): read before and
 * after a SIP run, the difference says how many of its failed calls lost a message on the way.
 */
public final class UdpDrops {

    private static final Path SNMP = Path.of("/proc/net/snmp");
    private static final String FIELD = "RcvbufErrors";

    private UdpDrops() {
    }

    /** Empty where /proc/net/snmp cannot be read (not Linux) or has no such field. */
    public static OptionalLong now() {
        try {
            return parse(Files.readAllLines(SNMP));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The {@code Udp:} header line names the fields of the {@code Udp:} line after it. */
    static OptionalLong parse(List<String> snmp) {
        for (int i = 0; i + 1 < snmp.size(); i++) {
            String[] names = snmp.get(i).trim().split("\\s+");
            String[] values = snmp.get(i + 1).trim().split("\\s+");
            if (names[0].equals("Udp:") && values[0].equals("Udp:") && names.length == values.length
                    && values[1].matches("\\d+")) {
                for (int field = 1; field < names.length; field++) {
                    if (names[field].equals(FIELD)) {
                        return OptionalLong.of(Long.parseLong(values[field]));
                    }
                }
            }
        }
        return OptionalLong.empty();
    }
}
