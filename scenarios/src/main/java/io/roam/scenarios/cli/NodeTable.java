package io.roam.scenarios.cli;

import io.roam.scenarios.topology.NodeStatus;
import java.io.PrintWriter;
import java.util.List;

/** The nodes of a topology as an aligned table. */
final class NodeTable {

    private NodeTable() {
    }

    static void print(PrintWriter out, List<NodeStatus> nodes) {
        out.printf("  %-11s %-6s %-28s %-8s %-9s %s%n", "NODE", "KIND", "ADDRESS", "PID", "RSS", "LOG");
        for (NodeStatus node : nodes) {
            String pid = node.pid() == null ? "down" : node.pid() + (node.paused() ? "*" : "");
            out.printf("  %-11s %-6s %-28s %-8s %-9s %s%n", node.name(), node.kind(), node.address(), pid,
                    megabytes(node.rssKb()), node.log());
        }
        if (nodes.stream().anyMatch(NodeStatus::paused)) {
            out.println("  (* paused)");
        }
        out.flush();
    }

    static String megabytes(Long kilobytes) {
        return kilobytes == null ? "-" : (kilobytes / 1024) + " MB";
    }
}
