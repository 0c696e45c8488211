package io.roam.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code roam import} against a stand-in for a spoke's import endpoint, which answers as the spoke would. */
class ImportCommandTest {

    private static final String FILE = "userId,pin,dns,superuser,selfServiceId,emcc\nann,1234,1000001,true,,false\n";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicReference<String> received = new AtomicReference<>();
    private final AtomicReference<String> contentType = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> answer = new AtomicReference<>();
    private int status;
    private HttpServer spoke;

    @TempDir
    Path dir;

    @BeforeEach
    void startSpoke() throws IOException {
        spoke = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        spoke.createContext("/api/v1/admin/import", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        spoke.start();
    }

    @AfterEach
    void stopSpoke() {
        spoke.stop(0);
    }

    @Test
    void the_file_is_sent_whole_as_csv_with_the_token_and_the_summary_printed() throws IOException {
        status = 200;
        answer.set("{\"kind\":\"users\",\"rows\":1,\"created\":1,\"changed\":0,\"unchanged\":0,\"readMs\":1,\"pinsMs\":60,"
                + "\"applyMs\":4}");

        assertThat(roam("import", file().toString(), "--spoke", url(), "--token", "secret")).isZero();

        assertThat(received.get()).isEqualTo(FILE);
        assertThat(contentType.get()).startsWith("text/csv");
        assertThat(authorization.get()).isEqualTo("Bearer secret");
        assertThat(out.toString()).contains("users: 1 rows: 1 created, 0 changed, 0 unchanged", "rows/s");
        assertThat(err.toString()).contains("100%");
    }

    @Test
    void a_refused_file_prints_each_bad_row_and_how_many_more_and_fails() throws IOException {
        status = 400;
        answer.set("{\"code\":1,\"error\":\"Error on parsing\",\"message\":\"1002 of 1002 rows break a rule; nothing was "
                + "stored\",\"rows\":1002,\"refused\":1002,\"badRows\":[{\"line\":2,\"reason\":\"invalid DN: x\"},"
                + "{\"line\":3,\"reason\":\"ann is on line 2 already\"}]}");

        assertThat(roam("import", file().toString(), "--spoke", url())).isEqualTo(1);

        assertThat(authorization.get()).isEqualTo("Bearer dev-admin-token");
        assertThat(out.toString()).contains("nothing was stored", "line 2: invalid DN: x",
                "line 3: ann is on line 2 already", "1,000 more bad rows");
    }

    @Test
    void a_missing_file_is_said_before_anything_is_sent() {
        assertThat(roam("import", dir.resolve("none.csv").toString(), "--spoke", url())).isEqualTo(1);

        assertThat(err.toString()).contains("no file");
        assertThat(received.get()).isNull();
    }

    private Path file() throws IOException {
        return Files.writeString(dir.resolve("users.csv"), FILE);
    }

    private String url() {
        return "http://127.0.0.1:" + spoke.getAddress().getPort();
    }

    private int roam(String... args) {
        CommandLine roam = RoamCommand.commandLine();
        roam.setOut(new PrintWriter(out, true));
        roam.setErr(new PrintWriter(err, true));
        return roam.execute(args);
    }
}
