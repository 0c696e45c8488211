package io.roam.scenarios.broker;

import io.roam.events.TopicPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the broker: the ACL table of docs/operations.md. Writes are granted on literal
 * topic names only, so a spoke writes its own outbound topic and nothing else, and only a hub writes
 * its mesh, its feed and the dead letters. Reads of outbound topics and meshes are granted by
 * prefix, since a full sync reads every spoke's outbound topic and a hub finds its peers' meshes
 * by pattern; a spoke reads its own hub's feed only. Each principal may create exactly the topics
 * it ensures at start, as the broker creates none itself: a spoke never creates its hub's feed.
 */
public final class RoamAcls {

    private static final String SPOKE_TOPICS = "ils.spoke.";
    private static final String HUB_TOPICS = "ils.hub.";

    private RoamAcls() {
    }

    /** The SCRAM user of a spoke, e.g. {@code spoke-cluster-1}. */
    public static String spokeUser(String clusterId) {
        TopicPolicy.spokeOutbound(clusterId);
        return "spoke-" + clusterId;
    }

    /** The SCRAM user of every instance of a hub, e.g. {@code hub-hub-a}: also its consumer group's name. */
    public static String hubUser(String hubId) {
        TopicPolicy.hubMesh(hubId);
        return "hub-" + hubId;
    }

    /**
     * A spoke writes its outbound topic; it reads its hub's feed and, for a full sync, every
     * spoke's outbound topic. It reads by {@code assign()}, without a consumer group, and its
     * idempotent producer needs no cluster right once it may write a topic.
     */
    public static List<AclBinding> spoke(String clusterId, String hubId) {
        String user = spokeUser(clusterId);
        String outbound = TopicPolicy.spokeOutbound(clusterId);
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(user, ResourceType.TOPIC, outbound, PatternType.LITERAL, AclOperation.WRITE));
        acls.add(allow(user, ResourceType.TOPIC, outbound, PatternType.LITERAL, AclOperation.CREATE));
        acls.add(allow(user, ResourceType.TOPIC, TopicPolicy.hubFeed(hubId), PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(user, ResourceType.TOPIC, SPOKE_TOPICS, PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    /**
     * A hub reads its spokes' outbound topics and its peers' meshes in its consumer group, and
     * writes, in transactions, its own mesh and feed, its membership changelog and the dead letters. Every instance shares the group and has a transactional id under
     * {@code hub-<hubId>-}.
     */
    public static List<AclBinding> hub(String hubId, List<String> spokes) {
        String user = hubUser(hubId);
        List<AclBinding> acls = new ArrayList<>();
        for (String spoke : spokes) {
            String outbound = TopicPolicy.spokeOutbound(spoke);
            acls.add(allow(user, ResourceType.TOPIC, outbound, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(user, ResourceType.TOPIC, outbound, PatternType.LITERAL, AclOperation.CREATE));
        }
        for (String written : List.of(TopicPolicy.hubMesh(hubId), TopicPolicy.hubFeed(hubId), TopicPolicy.hubMembers(hubId),
                TopicPolicy.DEAD_LETTERS)) {
            acls.add(allow(user, ResourceType.TOPIC, written, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow(user, ResourceType.TOPIC, written, PatternType.LITERAL, AclOperation.CREATE));
        }
        acls.add(allow(user, ResourceType.TOPIC, HUB_TOPICS, PatternType.PREFIXED, AclOperation.READ));
        acls.add(allow(user, ResourceType.GROUP, user, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(user, ResourceType.TRANSACTIONAL_ID, user + "-", PatternType.PREFIXED, AclOperation.WRITE));
        acls.add(allow(user, ResourceType.TRANSACTIONAL_ID, user + "-", PatternType.PREFIXED, AclOperation.DESCRIBE));
        return acls;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
