package app.queued.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.queued.server.testing.TcpProxy;
import app.queued.server.testing.TestCluster;
import app.queued.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a load balancer polls: a node that cannot reach PostgreSQL says so with 503, and recovers by itself. */
class NodeHealthTest {

    @Test
    void healthIsUnavailableWhileTheNodeCannotReachItsDatabase() throws Exception {
        TcpProxy[] database = new TcpProxy[1];
        try (TestServer server = TestServer.start(config -> {
            Matcher port = Pattern.compile("//[^:/]+:(\\d+)/").matcher(config.dbUrl());
            if (!port.find()) {
                throw new IllegalStateException("no port in " + config.dbUrl());
            }
            try {
                database[0] = new TcpProxy(Integer.parseInt(port.group(1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String proxied = config.dbUrl().replace(":" + port.group(1) + "/", ":" + database[0].port() + "/");
            return config.withExternal(proxied, config.dbUser(), config.dbPassword(), config.redisUrl())
                    .withCluster(TestCluster.FAST.withNodeId("lonely"));
        }); TcpProxy proxy = database[0]) {
            URI health = URI.create("http://127.0.0.1:" + server.server().port() + "/health");
            HttpResponse<String> ok = get(health);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"status\":\"ok\"", "\"node\":\"lonely\"", "\"database\":\"ok\"");

            proxy.block();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(health).statusCode() == 503);
            assertThat(get(health).body()).contains("\"database\":\"unreachable\"");

            proxy.unblock();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(health).statusCode() == 200);
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
