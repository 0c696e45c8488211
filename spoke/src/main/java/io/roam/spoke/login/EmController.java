package io.roam.spoke.login;

import io.roam.events.Geolocation;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.api.RequestSource;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the phones call: EM login and logout ({@link SourceRateLimit} has admitted them), and a device's state. */
@RestController
@RequestMapping("/api/v1")
public class EmController {

    private final ExtensionMobility em;
    private final DeviceRegistry devices;
    private final RequestSource sources;
    private final String cluster;

    public EmController(ExtensionMobility em, DeviceRegistry devices, RequestSource sources, LocalCluster cluster) {
        this.em = em;
        this.devices = devices;
        this.sources = sources;
        this.cluster = cluster.id();
    }

    public record LogoutRequest(String device) {
    }

    public record LogoutResult(String device, String userId, String cluster) {
    }

    public record DeviceState(String device, String cluster, boolean emEnabled, boolean emccSupported,
                              Geolocation geolocation, String devicePool, String userId, Integer lastRefusal) {

        static DeviceState of(DeviceView view, String cluster) {
            return new DeviceState(view.device(), cluster, view.emEnabled(), view.emccSupported(), view.geolocation(),
                    view.devicePool(), view.userId(), view.lastRefusal());
        }
    }

    @PostMapping("/em/login")
    LoginResult logIn(@RequestBody LoginRequest request, HttpServletRequest http) {
        return em.logIn(request, sources.of(http));
    }

    @PostMapping("/em/logout")
    LogoutResult logOut(@RequestBody LogoutRequest request) {
        UserLoggedOut out = em.logOut(request.device());
        return new LogoutResult(out.device(), out.userId(), out.cluster());
    }

    @GetMapping("/devices/{device}")
    DeviceState device(@PathVariable String device) {
        DeviceView view = devices.device(device)
                .orElseThrow(() -> new EmException(EmError.DEVICE_DOES_NOT_EXIST, device + " is not a device of " + cluster));
        return DeviceState.of(view, cluster);
    }
}
