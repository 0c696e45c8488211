package io.roam.spoke.emcc;

import io.roam.events.EmccSettings;
import io.roam.events.Geolocation;
import io.roam.events.LoginMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * This cluster's Extension Mobility Cross Cluster settings, as home and as visiting cluster.
 *
 * @param enabled            as home: its users may log in elsewhere in EMCC mode (else 38 there)
 * @param remoteClusters     the clusters it exchanges EMCC logins with: as home, the visiting clusters it
 *                           accepts (35 for others); as visiting, none configured is 36
 * @param dummyDevices       as home: EMCC dummy devices per visiting cluster, the phones of its users logged
 *                           in there at once (33 past it)
 * @param geolocationFilter  as home: the geolocation fields that count when it picks a roaming device pool
 * @param preferredMode      as visiting: the mode of a login that names none when both apply
 * @param fallbackToRoaming  as visiting: while the home is down, an EMCC login of a roaming superuser
 *                           becomes a roaming login instead of failing with 40
 */
@ConfigurationProperties("roam.spoke.emcc")
public record EmccProperties(
        @DefaultValue("false") boolean enabled,
        List<String> remoteClusters,
        @DefaultValue("10") int dummyDevices,
        @DefaultValue("COUNTRY,STATE,CITY") List<Geolocation.Field> geolocationFilter,
        @DefaultValue("ROAMING") LoginMode preferredMode,
        @DefaultValue("false") boolean fallbackToRoaming) {

    public EmccProperties {
        remoteClusters = remoteClusters == null ? List.of() : List.copyOf(remoteClusters);
        geolocationFilter = geolocationFilter == null ? List.of() : List.copyOf(geolocationFilter);
        if (dummyDevices < 0) {
            throw new IllegalArgumentException("roam.spoke.emcc.dummy-devices must be >= 0");
        }
    }

    /** What the cluster announces of these. */
    public EmccSettings announced() {
        return new EmccSettings(enabled, remoteClusters, dummyDevices, geolocationFilter);
    }
}
