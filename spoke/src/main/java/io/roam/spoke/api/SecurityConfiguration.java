package io.roam.spoke.api;

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

    /** Case-insensitive, so it covers more than Spring MVC, which is case-sensitive, could ever route there. */
    static final RequestMatcher ADMIN_API = PathPatternRequestMatcher.withPathPatternParser(caseInsensitive())
            .matcher("/api/v1/admin/**");

    /**
     * The call every INVITE makes gets a chain without filters, as {@code web.ignoring()} would give it
     * but without its startup warning: nothing there needs authorizing, and the firewall still applies.
     */
    @Bean
    @Order(0)
    SecurityFilterChain routeChain() {
        return new DefaultSecurityFilterChain(PathPatternRequestMatcher.withDefaults().matcher(RouteServlet.PATH));
    }

    /**
     * The admin API needs the admin token; the phones' EM calls, directory reads, actuator and
     * dashboard stay open. Stateless: a bearer token, not a cookie, authenticates, so no CSRF.
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
                .addFilterBefore(new AdminTokenAuthenticationFilter(properties.adminToken()),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(ADMIN_API).hasAuthority(AdminTokenAuthenticationFilter.ADMIN_AUTHORITY)
                        .anyRequest().permitAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .build();
    }

    private static PathPatternParser caseInsensitive() {
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(false);
        return parser;
    }
}
