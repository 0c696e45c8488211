package io.roam.spoke.login;

import io.roam.events.EmccLoginRefused;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.eventstore.Projection;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** This cluster's phones and who is logged in on each, as the store says. */
@Component
public class DeviceRegistry implements Projection {

    private final String cluster;
    private final Map<String, DeviceView> devices = new ConcurrentHashMap<>();
    /** The codes of refusals of this cluster's logins, shown on the phone once the directory's rule ends the login. */
    private final Map<String, Integer> refusals = new ConcurrentHashMap<>();

    public DeviceRegistry(LocalCluster cluster) {
        this.cluster = cluster.id();
    }

    @Override
    public void apply(Object event) {
        if (event instanceof DeviceConfigured e) {
            devices.compute(e.device(), (k, old) -> new DeviceView(e.device(), e.emEnabled(), e.emccSupported(),
                    e.geolocation(), e.devicePool(), old == null ? null : old.userId(), old == null ? null : old.loginId(),
                    old == null ? null : old.lastRefusal()));
        } else if (event instanceof UserLoggedIn e && cluster.equals(e.cluster())) {
            devices.computeIfPresent(e.device(), (k, old) -> old.withSession(e.userId(), e.loginId()));
        } else if (event instanceof UserLoggedOut e && cluster.equals(e.cluster())) {
            Integer refusal = refusals.remove(e.loginId());
            devices.computeIfPresent(e.device(), (k, old) -> !e.loginId().equals(old.loginId()) ? old
                    : e.reason() == LogoutReason.REFUSED && refusal != null ? old.withSession(null, null).refused(refusal)
                    : old.withSession(null, null));
        } else if (event instanceof EmccLoginRefused e && cluster.equals(e.visitingCluster())) {
            refusals.put(e.loginId(), e.code());
        }
    }

    public Optional<DeviceView> device(String device) {
        return Optional.ofNullable(devices.get(device));
    }

    public Collection<String> ids() {
        return List.copyOf(devices.keySet());
    }

    public int size() {
        return devices.size();
    }
}
