package io.roam.spoke;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spoke's start is ordered by lifecycle phases (full sync, publisher, Axon's processors,
 * inbound consumer). Spring starts the beans a lifecycle bean depends on before it, whatever
 * their phase, so one dependency can pull a later step ahead of an earlier one: the inbound
 * consumer once ran beside the full sync that way and both wrote the same positions.
 */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1",
        "roam.spoke.hub-id=hub-a",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s"})
class StartOrderTest {

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void no_step_of_the_start_depends_on_a_later_one() {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        Map<String, SmartLifecycle> steps = context.getBeansOfType(SmartLifecycle.class);
        List<String> early = new ArrayList<>();
        steps.forEach((name, step) -> {
            if (!step.getClass().getName().startsWith("io.roam.")) {
                return;
            }
            for (String dependency : dependenciesOf(beans, name)) {
                SmartLifecycle later = steps.get(dependency);
                if (later != null && later.getPhase() > step.getPhase()) {
                    early.add(dependency + " (phase " + later.getPhase() + ") would start with " + name
                            + " (phase " + step.getPhase() + ")");
                }
            }
        });
        assertThat(steps).containsKeys("fullSyncAtStart", "inboundConsumer", "publisher");
        assertThat(early).isEmpty();
    }

    private static Set<String> dependenciesOf(ConfigurableListableBeanFactory beans, String name) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(beans.getDependenciesForBean(name)));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(List.of(beans.getDependenciesForBean(next)));
            }
        }
        return seen;
    }
}
