package io.roam.spoke.directory;

import java.util.List;

/** A user as provisioned here or replicated from its home cluster. Never carries the PIN. */
public record UserView(String userId, String homeCluster, List<String> dns, boolean superuser, boolean emcc,
                       String selfServiceId, boolean removed) {
}
