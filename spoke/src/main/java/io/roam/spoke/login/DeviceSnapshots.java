package io.roam.spoke.login;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A device is read back from its latest snapshot and the events after it when it is not cached:
 * after a restart, or once the cache dropped it. Without snapshots a phone's login took longer
 * with every login it had ever had.
 */
@Configuration
public class DeviceSnapshots {

    @Bean(Device.SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition deviceSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, Device.SNAPSHOT_AFTER_EVENTS);
    }
}
