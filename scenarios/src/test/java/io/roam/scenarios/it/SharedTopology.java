package io.roam.scenarios.it;

import io.roam.scenarios.control.ControlServer;
import io.roam.scenarios.topology.LaunchSettings;
import io.roam.scenarios.topology.RoamHome;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real topology (a broker, hub-a and hub-b, cluster-1 … cluster-4 on free ports) shared by every
 * test class of the JVM that uses this extension: each spoke takes many seconds to start on two
 * cores. It is stopped when the whole test plan ends. Its run directory (logs, stores) stays under
 * {@code target/} for post-mortems. Injects {@link RunningTopology} and its {@link ControlServer}.
 *
 * <p>A test that kills or stops a node must start it again, so the next test finds all nodes up.
 */
public final class SharedTopology implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedTopology.class);

    /** Closed by JUnit with the root context, i.e. after the last test of the plan. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {

        final RunningTopology topology;
        final ControlServer control;

        Running() throws IOException {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            Path runDir = Files.createTempDirectory(target, "it-run-");
            topology = RunningTopology.start(Topology.withFreePorts(2, 2), runDir, LaunchSettings.from(RoamHome.locate()).withQuickStart());
            control = ControlServer.start(topology, 0);
            System.out.printf("shared topology up in %d ms, run directory %s%n", topology.startupTime().toMillis(), runDir);
            topology.status().forEach(node -> System.out.printf("  %-10s pid %-8s rss %s KiB%n", node.name(), node.pid(), node.rssKb()));
        }

        @Override
        public void close() {
            control.close();
            topology.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RunningTopology.class || type == ControlServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> {
            try {
                return new Running();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the shared topology", e);
            }
        }, Running.class);
        return parameter.getParameter().getType() == RunningTopology.class ? running.topology : running.control;
    }
}
