package io.roam.scenarios.bench;

import io.roam.scenarios.load.FixedRateScheduler;
import io.roam.scenarios.load.Latencies;
import io.roam.scenarios.sip.KamailioRpc;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * REGISTERs at a fixed rate to the peer's first node, each of a new user, until the contact is
 * visible at every other node: one poller per other node asks {@code ul.lookup} for each
 * registration it has not shown yet, once a poll period. Latency counts from the REGISTER's due
 * time, as the project's logins do.
 */
final class DmqLoad {

    static final int REGISTRAR = 1;
    private static final int CONTACT_PORT = 6001;
    private static final int UA_RECEIVE_BUFFER = 4 << 20;
    private static final Duration RPC_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RECEIVE_TIMEOUT = Duration.ofMillis(100);
    /** Replication takes milliseconds when it works; a registration missing after this never arrives. */
    private static final Duration GIVE_UP = Duration.ofSeconds(5);

    private final DmqPeer peer;

    DmqLoad(DmqPeer peer) {
        this.peer = peer;
    }

    /**
     * @param everywhere  due time to the first poll that shows the contact at the last of the other nodes
     * @param answer      due time to the REGISTER's 200 OK
     * @param answered    REGISTERs answered 200 OK
     * @param unseen      registrations not visible everywhere within the give-up time, counted at that time
     */
    record Result(int rate, PollPeriod poll, Latencies everywhere, Latencies answer, long sent, long answered,
                  long unseen, double achieved) {

        long errors() {
            return sent - answered;
        }
    }

    /** A registration on its way: which of the other nodes show it yet, one bit each. */
    private record Registration(int index, String user, long dueNanos, AtomicInteger seen) {

        boolean seenBy(int node) {
            return (seen.get() & (1 << node)) != 0;
        }

        /** True only for the sighting that completes the set. */
        boolean see(int node, int everyone) {
            int before = seen.getAndUpdate(bits -> bits | (1 << node));
            return before != everyone && (before | (1 << node)) == everyone;
        }
    }

    Result run(int rate, Duration duration, PollPeriod poll) throws InterruptedException {
        String prefix = "peer" + UUID.randomUUID().toString().substring(0, 8) + "x";
        long calls = FixedRateScheduler.callCount(rate, duration);
        AtomicLongArray due = new AtomicLongArray((int) calls);
        Latencies everywhere = new Latencies();
        Latencies answer = new Latencies();
        AtomicLong answered = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        Map<Integer, Registration> pending = new ConcurrentSkipListMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        int everyone = 0;
        for (int node = REGISTRAR + 1; node <= DmqPeer.NODES; node++) {
            everyone |= 1 << node;
        }
        int allOthers = everyone;
        List<Thread> threads = new ArrayList<>();
        try (DatagramSocket ua = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ua.setSoTimeout((int) RECEIVE_TIMEOUT.toMillis());
            // Answers come in bursts at high rates; a dropped one would read as an error of the peer.
            ua.setReceiveBufferSize(UA_RECEIVE_BUFFER);
            threads.add(start("peer-answers", () -> receive(ua, prefix, due, answer, answered, lastAnswer, stop)));
            for (int node = REGISTRAR + 1; node <= DmqPeer.NODES; node++) {
                int watched = node;
                threads.add(start("peer-poll-" + node, () -> poll(watched, allOthers, poll, pending, everywhere, stop)));
            }
            InetSocketAddress registrar = new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.sipPort(REGISTRAR));
            long[] next = {0};
            long start = System.nanoTime();
            // Sending a datagram does not block, so it happens on the schedule's own thread.
            new FixedRateScheduler().run(rate, duration, dueNanos -> {
                int index = (int) next[0]++;
                due.set(index, dueNanos);
                String user = prefix + index;
                pending.put(index, new Registration(index, user, dueNanos, new AtomicInteger()));
                byte[] register = DmqMessages.register(user, CONTACT_PORT, registrar.getPort(), ua.getLocalPort(), user);
                try {
                    ua.send(new DatagramPacket(register, register.length, registrar));
                } catch (IOException e) {
                    pending.remove(index);
                }
            });
            long giveUp = System.nanoTime() + GIVE_UP.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(RPC_TIMEOUT.multipliedBy(4).toMillis());
            }
            long now = System.nanoTime();
            pending.values().forEach(r -> everywhere.recordNanos(now - r.dueNanos()));
            double seconds = Math.max(duration.toNanos(), lastAnswer.get() - start) / 1e9;
            return new Result(rate, poll, everywhere, answer, calls, answered.get(), pending.size(),
                    answered.get() / seconds);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the peer's SIP socket", e);
        } finally {
            stop.set(true);
        }
    }

    /** Takes the registrar's final answers; the Call-ID is the user, whose number indexes its due time. */
    private static void receive(DatagramSocket ua, String prefix, AtomicLongArray due, Latencies answer, AtomicLong answered,
                                AtomicLong lastAnswer, AtomicBoolean stop) {
        byte[] buffer = new byte[65_535];
        while (!stop.get()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                ua.receive(packet);
            } catch (IOException e) {
                continue;
            }
            long now = System.nanoTime();
            Optional<DmqMessages.Answer> reply = DmqMessages.answer(
                    new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII));
            if (reply.isPresent() && reply.get().status() == 200 && reply.get().callId().startsWith(prefix)) {
                int index = Integer.parseInt(reply.get().callId().substring(prefix.length()));
                answer.recordNanos(now - due.get(index));
                answered.incrementAndGet();
                lastAnswer.accumulateAndGet(now, Math::max);
            }
        }
    }

    private void poll(int node, int everyone, PollPeriod period, Map<Integer, Registration> pending, Latencies everywhere,
                      AtomicBoolean stop) {
        try (KamailioRpc rpc = new KamailioRpc(peer.rpcPort(node), RPC_TIMEOUT)) {
            for (long round = System.nanoTime(); !stop.get(); round = period.pace(round)) {
                for (Registration registration : pending.values()) {
                    if (registration.seenBy(node)) {
                        continue;
                    }
                    String contact = DmqMessages.contact(registration.user(), CONTACT_PORT);
                    boolean shown = rpc.call("ul.lookup", "location", registration.user())
                            .filter(reply -> DmqMessages.hasContact(reply, contact))
                            .isPresent();
                    long now = System.nanoTime();
                    if (shown && registration.see(node, everyone)) {
                        everywhere.recordNanos(now - registration.dueNanos());
                        pending.remove(registration.index());
                    }
                }
            }
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
