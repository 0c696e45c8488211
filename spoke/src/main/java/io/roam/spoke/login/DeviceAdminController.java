package io.roam.spoke.login;

import io.roam.events.Geolocation;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

@RestController
@RequestMapping("/api/v1/admin/devices")
public class DeviceAdminController {

    private final CommandGateway commands;
    private final DeviceRegistry devices;
    private final String cluster;

    public DeviceAdminController(CommandGateway commands, DeviceRegistry devices, LocalCluster cluster) {
        this.commands = commands;
        this.devices = devices;
        this.cluster = cluster.id();
    }

    /** All optional: EM defaults to enabled, EMCC support, geolocation and device pool to none. */
    public record DeviceSettings(Boolean emEnabled, Boolean emccSupported, Geolocation geolocation, String devicePool) {
    }

    @PutMapping("/{device}")
    EmController.DeviceState configure(@PathVariable String device, @RequestBody DeviceSettings settings) {
        commands.sendAndWait(DeviceRules.configure(device, settings.emEnabled(), settings.emccSupported(),
                settings.geolocation(), settings.devicePool()));
        return EmController.DeviceState.of(devices.device(device).orElseThrow(), cluster);
    }

    @PostMapping("/{device}/logout")
    EmController.LogoutResult logOut(@PathVariable String device) {
        DeviceView view = devices.device(device)
                .orElseThrow(() -> new EmException(EmError.DEVICE_DOES_NOT_EXIST, device + " is not a device of " + cluster));
        if (view.loginId() == null) {
            throw new EmException(EmError.NO_USER_LOGGED_IN, "nobody is logged in on " + device);
        }
        Optional<UserLoggedOut> out = commands.sendAndWait(new EndLogin(device, view.loginId(), LogoutReason.ADMIN, null));
        return out.map(e -> new EmController.LogoutResult(device, e.userId(), cluster))
                .orElseThrow(() -> new EmException(EmError.NO_USER_LOGGED_IN, "nobody is logged in on " + device));
    }
}
