package app.queued.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Each node's {@code GET /health} after a run: its counters (how often the one-statement vote commit fell back). */
final class NodeHealth {
    private NodeHealth() {
    }

    /** Node address → its health answer's {@code counters} (or a note why there is none: a killed node). */
    static Map<String, Object> counters(List<URI> nodes) {
        Map<String, Object> all = new LinkedHashMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (URI node : nodes) {
            String key = node.getHost() + ":" + node.getPort();
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                URI.create("http://" + key + "/health")).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode json = new ObjectMapper().readTree(answer.body());
                all.put(json.path("node").asText(key), json.has("counters") ? json.get("counters") : json);
            } catch (Exception e) {
                all.put(key, "no answer (" + e.getClass().getSimpleName() + ")");
            }
        }
        return all;
    }
}
