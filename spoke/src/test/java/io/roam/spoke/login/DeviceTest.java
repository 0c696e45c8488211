package io.roam.spoke.login;

import io.roam.events.Geolocation;
import io.roam.events.HybridLogicalClock;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.roam.spoke.EmErrors.refusedWith;

class DeviceTest {

    private static final String PHONE = "SEP000000000011";
    private static final long WALL = 1_700_000_000_000L;
    private static final long T0 = HybridLogicalClock.pack(WALL, 0);
    private static final Geolocation BERLIN = new Geolocation("DE", "BE", "Berlin", "10117", "B1", "3");

    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Device.class);
        fixture.registerInjectableResource(new LocalCluster("cluster-1", "hub-a"));
        fixture.registerInjectableResource(new HybridLogicalClock(() -> WALL));
    }

    @Test
    void a_device_is_created_by_configuring_it() {
        fixture.givenNoPriorActivity()
                .when(new ConfigureDevice(PHONE, true, false, Geolocation.NONE, null))
                .expectEvents(configured(true, false));
    }

    @Test
    void configuring_a_device_as_it_already_is_records_nothing() {
        fixture.given(configured(true, false))
                .when(new ConfigureDevice(PHONE, true, false, Geolocation.NONE, null))
                .expectNoEvents();
    }

    @Test
    void a_device_gets_a_geolocation_and_a_device_pool() {
        fixture.given(configured(true, false))
                .when(new ConfigureDevice(PHONE, true, false, BERLIN, "DP-Berlin"))
                .expectEvents(new DeviceConfigured(PHONE, "cluster-1", true, false, BERLIN, "DP-Berlin"));
    }

    @Test
    void configuring_the_same_geolocation_and_pool_again_records_nothing() {
        fixture.given(new DeviceConfigured(PHONE, "cluster-1", true, false, BERLIN, "DP-Berlin"))
                .when(new ConfigureDevice(PHONE, true, false, BERLIN, "DP-Berlin"))
                .expectNoEvents();
    }

    @Test
    void a_device_pool_or_geolocation_taken_away_is_a_change() {
        fixture.given(new DeviceConfigured(PHONE, "cluster-1", true, false, BERLIN, "DP-Berlin"))
                .when(new ConfigureDevice(PHONE, true, false, null, null))
                .expectEvents(configured(true, false));
    }

    @Test
    void a_device_recorded_before_geolocations_has_none() {
        fixture.given(new DeviceConfigured(PHONE, "cluster-1", true, false, null, null))
                .when(new ConfigureDevice(PHONE, true, false, Geolocation.NONE, null))
                .expectNoEvents();
    }

    @Test
    void a_user_logs_in_on_an_em_enabled_free_device() {
        fixture.given(configured(true, false))
                .when(LogInUser.roaming(PHONE, "login-1", "bob"))
                .expectEvents(new UserLoggedIn("login-1", "bob", "cluster-1", PHONE, T0))
                .expectResultMessagePayload(new UserLoggedIn("login-1", "bob", "cluster-1", PHONE, T0));
    }

    @Test
    void a_device_without_em_refuses_logins_with_22() {
        fixture.given(configured(false, false))
                .when(LogInUser.roaming(PHONE, "login-1", "bob"))
                .expectException(refusedWith(EmError.DEV_LOGON_DISABLED))
                .expectNoEvents();
    }

    @Test
    void a_device_holds_one_user_at_a_time_18() {
        fixture.given(configured(true, false),
                        new UserLoggedIn("login-1", "alice", "cluster-1", PHONE, T0))
                .when(LogInUser.roaming(PHONE, "login-2", "bob"))
                .expectException(refusedWith(EmError.ANOTHER_USER_LOGGED_IN))
                .expectNoEvents();
    }

    @Test
    void the_user_logs_out_at_the_phone() {
        fixture.given(configured(true, false),
                        new UserLoggedIn("login-1", "bob", "cluster-1", PHONE, T0))
                .when(new LogOutUser(PHONE))
                .expectEvents(new UserLoggedOut("login-1", "bob", "cluster-1", PHONE, LogoutReason.USER, null, T0));
    }

    @Test
    void logging_out_of_a_free_device_is_19() {
        fixture.given(configured(true, false))
                .when(new LogOutUser(PHONE))
                .expectException(refusedWith(EmError.NO_USER_LOGGED_IN));
    }

    @Test
    void a_superseded_login_is_ended_naming_the_newer_login() {
        fixture.given(configured(true, false),
                        new UserLoggedIn("login-1", "bob", "cluster-1", PHONE, T0))
                .when(new EndLogin(PHONE, "login-1", LogoutReason.SUPERSEDED, "login-9"))
                .expectEvents(new UserLoggedOut("login-1", "bob", "cluster-1", PHONE, LogoutReason.SUPERSEDED,
                        "login-9", T0));
    }

    @Test
    void a_late_or_repeated_end_never_ends_a_newer_login_on_the_same_device() {
        fixture.given(configured(true, false),
                        new UserLoggedIn("login-1", "bob", "cluster-1", PHONE, T0),
                        new UserLoggedOut("login-1", "bob", "cluster-1", PHONE, LogoutReason.USER, null, T0),
                        new UserLoggedIn("login-2", "bob", "cluster-1", PHONE, T0 + 2))
                .when(new EndLogin(PHONE, "login-1", LogoutReason.SUPERSEDED, "login-9"))
                .expectNoEvents()
                .expectResultMessagePayload(Optional.empty());
    }

    private static DeviceConfigured configured(boolean emEnabled, boolean emccSupported) {
        return new DeviceConfigured(PHONE, "cluster-1", emEnabled, emccSupported, Geolocation.NONE, null);
    }
}
