package io.roam.spoke.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every call that reached an admin handler, by the handler's mapping, so a test can say none did. */
@TestConfiguration
public class AdminHandlers implements WebMvcConfigurer, HandlerInterceptor {

    private final List<String> reached = new CopyOnWriteArrayList<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null && pattern.toString().startsWith("/api/v1/admin")) {
            reached.add(request.getMethod() + " " + pattern + " from " + request.getRequestURI());
        }
        return true;
    }

    public List<String> drain() {
        List<String> calls = List.copyOf(reached);
        reached.clear();
        return calls;
    }
}
