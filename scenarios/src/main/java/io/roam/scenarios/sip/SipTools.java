package io.roam.scenarios.sip;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The native programs the SIP scenarios run: Kamailio as the proxy of a dialing cluster, SIPp as
 * the phones and the caller. Missing ones are an error, not a reason to skip: CI installs them.
 */
public record SipTools(Path kamailio, Path sipp) {

    /**
     * The receive buffer SIPp and Kamailio ask for: thousands of calls a second arrive in bursts
     * that SIPp's default 64 KiB overflows. The kernel caps it at net.core.rmem_max.
     */
    public static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    static final String INSTALL_HINT = "apt-get install -y kamailio kamailio-utils-modules kamailio-extra-modules sip-tester";

    /** From the PATH, or the sbin directories Debian installs Kamailio to (not on a user's PATH). */
    public static SipTools locate() {
        Optional<Path> kamailio = find("kamailio");
        Optional<Path> sipp = find("sipp");
        if (kamailio.isEmpty() || sipp.isEmpty()) {
            String missing = kamailio.isEmpty() && sipp.isEmpty() ? "kamailio and sipp" : kamailio.isEmpty() ? "kamailio" : "sipp";
            throw new IllegalStateException(missing + " not found; install with: " + INSTALL_HINT);
        }
        return new SipTools(kamailio.get(), sipp.get());
    }

    /** A program on the PATH or in the sbin and bin directories a user's PATH may lack. */
    public static Optional<Path> find(String program) {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"));
        return directories.stream()
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
