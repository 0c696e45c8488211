package io.roam.spoke.http;

import io.roam.spoke.SpokeProperties;
import io.roam.spoke.directory.RouteServlet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call what. Every request first passes Spring Security's default firewall, which refuses
 * paths whose raw and decoded forms could be read differently ({@code ;}, encoded slashes, dots and
 * percents, {@code //}, {@code /./}, {@code /../}). The matchers then read the path as Spring MVC
 * does: decoded, path parameters removed.
 */
@Configuration
public class SecurityConfiguration {

    static final RequestMatcher ADMIN_API = caseInsensitive("/api/v1/admin/**");

    /** What a call router reads: every method, so that no unmapped one answers before the token is checked. */
    static final RequestMatcher ROUTER_API = new OrRequestMatcher(caseInsensitive("/api/v1/directory/**"),
            caseInsensitive("/api/v1/devices/**"), caseInsensitive("/api/v1/replication"),
            caseInsensitive(RouteServlet.PATH));

    /**
     * While the router role is off, the call every INVITE makes gets a chain without filters, as
     * {@code web.ignoring()} would give it but without its startup warning: nothing there needs
     * authorizing, and the firewall still applies. While it is on, this chain matches nothing and the
     * route call goes through the API chain, token and all.
     */
    @Bean
    @Order(0)
    SecurityFilterChain routeChain(SpokeProperties properties) {
        RequestMatcher route = properties.routerRoleOn()
                ? request -> false
                : PathPatternRequestMatcher.withDefaults().matcher(RouteServlet.PATH);
        return new DefaultSecurityFilterChain(route);
    }

    /**
     * The admin API needs the admin token; with the router role on, the router's reads need the
     * router token (or the admin's). The phones' EM calls, actuator and dashboard stay open.
     * Stateless: a bearer token, not a cookie, authenticates, so no CSRF.
     */
    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, SpokeProperties properties, JsonSecurityErrors errors)
            throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenAuthenticationFilter(properties.adminToken(), properties.routerToken()),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(ADMIN_API).hasAuthority(BearerTokenAuthenticationFilter.ADMIN_AUTHORITY);
                    if (properties.routerRoleOn()) {
                        requests.requestMatchers(ROUTER_API).hasAuthority(BearerTokenAuthenticationFilter.ROUTER_AUTHORITY);
                    }
                    requests.anyRequest().permitAll();
                })
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .build();
    }

    /** Case-insensitive, so it covers more than Spring MVC, which is case-sensitive, could ever route there. */
    private static RequestMatcher caseInsensitive(String pattern) {
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(false);
        return PathPatternRequestMatcher.withPathPatternParser(parser).matcher(pattern);
    }
}
