package io.roam.spoke;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Everything an operator sets for one cluster. Each property has an environment variable
 * through relaxed binding: {@code roam.spoke.cluster-id} is {@code ROAM_SPOKE_CLUSTERID}.
 */
@ConfigurationProperties("roam.spoke")
public record SpokeProperties(
        String clusterId,
        String hubId,
        @DefaultValue("") String routeString,
        @DefaultValue(SpokeProperties.DEFAULT_ADMIN_TOKEN) String adminToken,
        @DefaultValue("false") boolean allowDefaultAdminToken,
        @DefaultValue("") String routerToken,
        @DefaultValue("64KB") DataSize maxRequestBody,
        @DefaultValue Em em,
        @DefaultValue Replication replication) {

    /** The token everyone knows: the local topology's and the tests', never a real deployment's. */
    public static final String DEFAULT_ADMIN_TOKEN = "dev-admin-token";

    public SpokeProperties {
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("roam.spoke.cluster-id is required");
        }
        if (hubId == null || hubId.isBlank()) {
            throw new IllegalArgumentException("roam.spoke.hub-id is required");
        }
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalStateException("roam.spoke.admin-token is blank: set ROAM_ADMIN_TOKEN to a secret");
        }
        if (adminToken.equals(DEFAULT_ADMIN_TOKEN) && !allowDefaultAdminToken) {
            throw new IllegalStateException("roam.spoke.admin-token is the well-known default " + DEFAULT_ADMIN_TOKEN
                    + ": set ROAM_ADMIN_TOKEN to a secret (only the local roam topology and tests set"
                    + " roam.spoke.allow-default-admin-token=true)");
        }
        if (routerToken == null) {
            routerToken = "";
        }
        if (maxRequestBody == null) {
            maxRequestBody = DataSize.ofKilobytes(64);
        }
        if (routeString == null || routeString.isBlank()) {
            routeString = "sip:" + clusterId + ".roam.invalid:5060";
        }
    }

    /** The router role is on: directory reads, device state, route and replication need a router or admin token. */
    public boolean routerRoleOn() {
        return !routerToken.isBlank();
    }

    /**
     * Extension Mobility service parameters, as the EM seed names them. The seed gives no default
     * for Validate IP Address, Allow Proxy and Alphanumeric User ID: these keep a spoke accepting
     * the logins it accepted before they existed.
     */
    public record Em(
            @DefaultValue("ALLOWED") MultipleLoginBehavior multipleLoginBehavior,
            @DefaultValue("5") int maximumConcurrentRequests,
            @DefaultValue("0s") Duration intraClusterMaximumLoginTime,
            @DefaultValue("10") int pinHashCost,
            @DefaultValue("5") int lockoutAttempts,
            @DefaultValue("5m") Duration lockoutDuration,
            @DefaultValue("false") boolean validateIpAddress,
            @DefaultValue("") String trustedListOfIps,
            @DefaultValue("false") boolean allowProxy,
            @DefaultValue("true") boolean alphanumericUserId) {

        public Em {
            if (trustedListOfIps == null) {
                trustedListOfIps = "";
            }
        }
    }

    public record Replication(
            @DefaultValue("1s") Duration heartbeatInterval,
            @DefaultValue("10s") Duration staleAfter,
            @DefaultValue("5s") Duration maxClockSkew,
            @DefaultValue("30s") Duration clockWindow,
            @DefaultValue("2000") int applierBatchSize,
            @DefaultValue("60s") Duration fullSyncTimeout,
            @DefaultValue("60s") Duration stallAfter) {
    }
}
