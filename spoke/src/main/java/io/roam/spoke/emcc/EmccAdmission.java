package io.roam.spoke.emcc;

import io.roam.events.DevicePool;
import io.roam.events.EmccSettings;
import io.roam.events.Geolocation;
import io.roam.events.LoginMode;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.directory.ClusterInfo;
import io.roam.spoke.directory.Freshness;
import io.roam.spoke.directory.Login;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.directory.UserView;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which mode a login away from the user's home takes, and whether an EMCC login may happen here,
 * as the visiting cluster decides from what the home announced: the checks and codes of the
 * EMCC seed, in its order, then the home's roaming device pool for the phone.
 */
@Component
public class EmccAdmission {

    /**
     * How the login is recorded. {@code fellBack}: an EMCC login became a roaming one because the home is down.
     */
    public record Decision(LoginMode mode, String registrationCluster, String devicePool, boolean fellBack) {

        static Decision roaming(boolean fellBack) {
            return new Decision(LoginMode.ROAMING, null, null, fellBack);
        }
    }

    private final RoamingDirectory directory;
    private final Freshness freshness;
    private final EmccProperties settings;
    private final String cluster;

    public EmccAdmission(RoamingDirectory directory, Freshness freshness, EmccProperties settings, LocalCluster cluster) {
        this.directory = directory;
        this.freshness = freshness;
        this.settings = settings;
        this.cluster = cluster.id();
    }

    /**
     * @param requested      the mode the phone asked for, or null to let the cluster choose
     * @param phoneLocation  the phone's geolocation, for the home's roaming device pool
     */
    public Decision decide(UserView user, LoginMode requested, Geolocation phoneLocation) {
        if (user.homeCluster().equals(cluster)) {
            return Decision.roaming(false);
        }
        LoginMode mode = mode(user, requested);
        if (mode == LoginMode.ROAMING) {
            return Decision.roaming(false);
        }
        String home = user.homeCluster();
        if (!settings.remoteClusters().contains(home)) {
            throw new EmException(EmError.NO_REMOTE_CLUSTER, home + " is not a remote cluster of " + cluster
                    + " (roam.spoke.emcc.remote-clusters)");
        }
        ClusterInfo homeInfo = directory.cluster(home).orElse(null);
        if (homeInfo == null || freshness.isStale(home)) {
            if (settings.fallbackToRoaming() && user.superuser()) {
                return Decision.roaming(true);
            }
            throw new EmException(EmError.NO_RESPONSE_FROM_REMOTE_HOST, "the home cluster " + home
                    + " of " + user.userId() + " has not been heard from lately; EMCC needs it to register the phone");
        }
        EmccSettings homeSettings = homeInfo.emcc();
        if (!homeSettings.allowed()) {
            throw new EmException(EmError.EMCC_NOT_ALLOWED, home + " does not allow EMCC logins of its users");
        }
        if (!homeSettings.remoteClusters().contains(cluster)) {
            throw new EmException(EmError.VISITING_CLUSTER_UNKNOWN, cluster + " is not a remote cluster of " + home);
        }
        if (dummiesInUse(directory.openLocalLogins(), home) >= homeSettings.dummyDevices()) {
            throw new EmException(EmError.NO_FREE_EMCC_DUMMY_DEVICE, "all " + homeSettings.dummyDevices()
                    + " EMCC dummy devices of " + home + " for " + cluster + " are in use");
        }
        String pool = roamingDevicePool(homeInfo, phoneLocation).map(DevicePool::name).orElse(null);
        return new Decision(LoginMode.EMCC, home, pool, false);
    }

    private LoginMode mode(UserView user, LoginMode requested) {
        if (requested == LoginMode.EMCC) {
            if (!user.emcc()) {
                throw new EmException(EmError.EMCC_NOT_ACTIVATED, user.userId() + " is not enabled for EMCC");
            }
            return LoginMode.EMCC;
        }
        if (requested == LoginMode.ROAMING || !user.emcc()) {
            if (!user.superuser()) {
                throw new EmException(EmError.USER_DOES_NOT_EXIST,
                        user.userId() + " is not a roaming superuser and its home is " + user.homeCluster());
            }
            return LoginMode.ROAMING;
        }
        return user.superuser() ? settings.preferredMode() : LoginMode.EMCC;
    }

    /**
     * The home's pool that matches the phone in the most of the home's filter fields, the first
     * of equals in the home's order; none when none matches in any.
     */
    static Optional<DevicePool> roamingDevicePool(ClusterInfo home, Geolocation phone) {
        Set<Geolocation.Field> filter = home.emcc().geolocationFilter().isEmpty()
                ? EnumSet.allOf(Geolocation.Field.class) : EnumSet.copyOf(home.emcc().geolocationFilter());
        DevicePool best = null;
        int bestScore = 0;
        for (DevicePool pool : home.devicePools()) {
            int score = pool.geolocation().matches(phone, filter);
            if (score > bestScore) {
                best = pool;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The logins this cluster holds for EMCC users of one home: its dummy devices in use. */
    static long dummiesInUse(Iterable<Login> openHere, String home) {
        long count = 0;
        for (Login login : openHere) {
            if (login.mode() == LoginMode.EMCC && home.equals(login.registrationCluster())) {
                count++;
            }
        }
        return count;
    }
}
