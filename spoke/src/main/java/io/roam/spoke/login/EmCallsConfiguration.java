package io.roam.spoke.login;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The phones' EM calls pass their source's rate limit, then its trust, before anything else is done for them. */
@Configuration
class EmCallsConfiguration implements WebMvcConfigurer {

    private final SourceRateLimit rateLimit;
    private final TrustedSources trustedSources;

    EmCallsConfiguration(SourceRateLimit rateLimit, TrustedSources trustedSources) {
        this.rateLimit = rateLimit;
        this.trustedSources = trustedSources;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(rateLimit).addPathPatterns("/api/v1/em/login", "/api/v1/em/logout");
        registry.addInterceptor(trustedSources).addPathPatterns("/api/v1/em/login", "/api/v1/em/logout");
    }
}
