package io.roam.spoke.login;

import java.util.List;

public record LoginResult(String device, String userId, String cluster, List<String> dns, String loginId, long hlc) {
}
