package io.roam.spoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The calls a phone and an administrator make, for tests that read like the API. */
public record SpokeCalls(MockMvc http) {

    public static final String ADMIN = "Bearer dev-admin-token";

    public ResultActions login(String body) throws Exception {
        return http.perform(post("/api/v1/em/login").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    public ResultActions login(String device, String userId, String pin) throws Exception {
        return login("{\"device\":\"" + device + "\",\"userId\":\"" + userId + "\",\"pin\":\"" + pin + "\"}");
    }

    public ResultActions logout(String device) throws Exception {
        return http.perform(post("/api/v1/em/logout").contentType(MediaType.APPLICATION_JSON)
                .content("{\"device\":\"" + device + "\"}"));
    }

    public ResultActions device(String device) throws Exception {
        return http.perform(get("/api/v1/devices/" + device));
    }

    public ResultActions admin(MockHttpServletRequestBuilder request, String body) throws Exception {
        return http.perform(request.header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    public void provisionSuperuser(String userId, String pin, String dn) throws Exception {
        admin(put("/api/v1/admin/users/" + userId),
                "{\"pin\":\"" + pin + "\",\"dns\":[\"" + dn + "\"],\"superuser\":true}").andExpect(status().isOk());
    }

    public void enableDevice(String device) throws Exception {
        admin(put("/api/v1/admin/devices/" + device), "{\"emEnabled\":true}").andExpect(status().isOk());
    }

    /** Each Spring context gets a store of its own, so test classes never see each other's facts. */
    public static void useFreshDataDir(DynamicPropertyRegistry registry) {
        try {
            String dir = Files.createTempDirectory("spoke-store-").toString();
            registry.add("roam.spoke.data-dir", () -> dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void expectCode(ResultActions result, int code, int httpStatus) throws Exception {
        result.andExpect(status().is(httpStatus)).andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.error").isString()).andExpect(jsonPath("$.message").isString());
    }
}
