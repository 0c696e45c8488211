package io.roam.spoke.login;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The phones' EM calls pass their source's rate limit before anything else is done for them. */
@Configuration
class EmCallsConfiguration implements WebMvcConfigurer {

    private final SourceRateLimit rateLimit;

    EmCallsConfiguration(SourceRateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(rateLimit).addPathPatterns("/api/v1/em/login", "/api/v1/em/logout");
    }
}
