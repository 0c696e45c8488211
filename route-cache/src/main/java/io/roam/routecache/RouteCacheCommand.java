package io.roam.routecache;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code route-cache --changes URL --kamailio HOST:PORT}: runs the feeder until the process is stopped. */
@Command(name = "route-cache", mixinStandardHelpOptions = true,
        description = {"Keeps a Kamailio proxy's routing tables equal to a spoke's change feed, through the proxy's evapi.",
                "The spoke's router token, if it requires one, is read from the environment variable ROAM_ROUTER_TOKEN."})
public final class RouteCacheCommand implements Callable<Integer> {

    public static final String TOKEN_VARIABLE = "ROAM_ROUTER_TOKEN";

    @Option(names = "--changes", required = true, paramLabel = "URL",
            description = "The spoke's change feed, e.g. http://127.0.0.1:8083/api/v1/directory/changes.")
    URI changes;

    @Option(names = "--kamailio", required = true, paramLabel = "HOST:PORT", description = "Where the proxy's evapi listens.")
    String kamailio;

    @Option(names = "--retry", defaultValue = "PT0.5S", paramLabel = "DURATION",
            description = "The pause before connecting again after a failure (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration retry;

    @Option(names = "--stall", defaultValue = "PT3S", paramLabel = "DURATION",
            description = "How long the feed may be silent before it is opened again; the spoke's heartbeat must "
                    + "be shorter (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration stall;

    @Override
    public Integer call() {
        int colon = kamailio.lastIndexOf(':');
        if (colon < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--kamailio needs HOST:PORT, not " + kamailio);
        }
        InetSocketAddress address = new InetSocketAddress(kamailio.substring(0, colon), Integer.parseInt(kamailio.substring(colon + 1)));
        Optional<String> token = Optional.ofNullable(System.getenv(TOKEN_VARIABLE)).filter(t -> !t.isBlank());
        RouteCacheFeeder feeder = new RouteCacheFeeder(changes, token, address, retry, stall);
        Runtime.getRuntime().addShutdownHook(new Thread(feeder::stop, "route-cache-stop"));
        feeder.run();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RouteCacheCommand()).execute(args));
    }
}
