package io.roam.spoke.directory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Mounts {@link RouteServlet} at its exact path, which the servlet container prefers to the dispatcher's "/". */
@Configuration
public class RouteEndpoint {

    @Bean
    ServletRegistrationBean<RouteServlet> routeServlet(RoamingDirectory directory, Freshness freshness,
                                                       ObjectMapper mapper) {
        ServletRegistrationBean<RouteServlet> registration =
                new ServletRegistrationBean<>(new RouteServlet(directory, freshness, mapper), RouteServlet.PATH);
        registration.setName("route");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
