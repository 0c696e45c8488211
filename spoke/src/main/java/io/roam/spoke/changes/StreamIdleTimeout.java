package io.roam.spoke.changes;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Ends a change stream whose router stopped reading once nothing could be written to it for
 * {@code roam.spoke.changes.idle-timeout}, so that it gives its slot back. Tomcat fails a write
 * that has waited that long on a full socket (its connector's connection timeout, which also
 * bounds the wait for a request line and for a kept-alive connection's next request); the stream's
 * thread then ends. A stream that is merely quiet is never idle: it writes a heartbeat each interval.
 */
@Component
class StreamIdleTimeout implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ChangeFeedProperties properties;

    StreamIdleTimeout(ChangeFeedProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        int millis = Math.toIntExact(properties.idleTimeout().toMillis());
        factory.addConnectorCustomizers(connector -> connector.setProperty("connectionTimeout", String.valueOf(millis)));
    }
}
