package io.roam.scenarios.topology;

import io.roam.scenarios.broker.KafkaBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A Kafka broker as a topology node; its start waits until it serves clients. */
public record BrokerNode(String name, KafkaBroker broker) implements Node {

    @Override
    public Kind kind() {
        return Kind.BROKER;
    }

    @Override
    public String address() {
        return broker.bootstrapServers();
    }

    @Override
    public Path logFile() {
        return broker.process().logFile();
    }

    @Override
    public void start() throws IOException {
        broker.start();
    }

    @Override
    public boolean stop() {
        return broker.stop();
    }

    @Override
    public void kill() {
        broker.kill();
    }

    @Override
    public void pause() {
        broker.pause();
    }

    @Override
    public void resume() {
        broker.resume();
    }

    @Override
    public boolean isAlive() {
        return broker.isAlive();
    }

    @Override
    public boolean isPaused() {
        return broker.isPaused();
    }

    @Override
    public OptionalLong pid() {
        return broker.isAlive() ? OptionalLong.of(broker.process().pid()) : OptionalLong.empty();
    }
}
