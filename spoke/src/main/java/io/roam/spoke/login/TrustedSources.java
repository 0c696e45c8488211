package io.roam.spoke.login;

import io.roam.spoke.SpokeProperties;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.api.RequestSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The EM service parameters Validate IP Address, Trusted List of IPs and Allow Proxy: with
 * validation on, a phone's login or logout must come from a trusted address (else 28) and, unless
 * proxies are allowed, not through a web proxy (else 30). The spoke registers no phones, so the
 * trusted list is the only source of trust; hostnames in it are resolved once, at start.
 */
@Component
public class TrustedSources implements HandlerInterceptor {

    /** The seed's limit on the parameter's text box. */
    static final int MAX_LIST_LENGTH = 1024;
    /** Addresses and hostnames only: the seed supports no ranges and no regular expressions. */
    private static final Pattern ENTRY = Pattern.compile("[0-9A-Za-z.:\\-\\[\\]]+");

    private final RequestSource sources;
    private final boolean validate;
    private final boolean allowProxy;
    private final Set<InetAddress> trusted;

    @Autowired
    public TrustedSources(RequestSource sources, SpokeProperties properties) {
        this(sources, properties.em().validateIpAddress(), properties.em().allowProxy(), properties.em().trustedListOfIps());
    }

    TrustedSources(RequestSource sources, boolean validate, boolean allowProxy, String trustedList) {
        this.sources = sources;
        this.validate = validate;
        this.allowProxy = allowProxy;
        this.trusted = resolve(trustedList);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!validate) {
            return true;
        }
        if (!allowProxy && sources.throughProxy(request)) {
            throw new EmException(EmError.PROXY_NOT_ALLOWED, "EM calls through a proxy are not allowed (Allow Proxy is off)");
        }
        String source = sources.of(request);
        if (address(source).filter(trusted::contains).isEmpty()) {
            throw new EmException(EmError.UNTRUSTED_IP, source + " is not in the Trusted List of IPs");
        }
        return true;
    }

    /** Semicolon-separated addresses and hostnames, as the seed's text box takes them. */
    static Set<InetAddress> resolve(String trustedList) {
        if (trustedList.length() > MAX_LIST_LENGTH) {
            throw new IllegalArgumentException("roam.spoke.em.trusted-list-of-ips is over " + MAX_LIST_LENGTH + " characters");
        }
        Set<InetAddress> addresses = new HashSet<>();
        for (String entry : trustedList.split(";")) {
            String name = entry.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!ENTRY.matcher(name).matches()) {
                throw new IllegalArgumentException("roam.spoke.em.trusted-list-of-ips: '" + name
                        + "' is no address or hostname (ranges and patterns are not supported)");
            }
            try {
                addresses.addAll(Arrays.asList(InetAddress.getAllByName(unbracketed(name))));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("roam.spoke.em.trusted-list-of-ips: '" + name + "' does not resolve", e);
            }
        }
        return Set.copyOf(addresses);
    }

    /** The source as an address, without a DNS lookup: a source that is no address literal is trusted by nothing. */
    private static Optional<InetAddress> address(String source) {
        String literal = unbracketed(source);
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String unbracketed(String name) {
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    }
}
