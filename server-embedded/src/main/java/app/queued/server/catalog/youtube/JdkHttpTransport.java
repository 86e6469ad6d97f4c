package app.queued.server.catalog.youtube;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Google client's HTTP transport on the JDK's {@link HttpClient}, where the read timeout bounds the whole
 * exchange: connecting, sending, the headers and the last byte of the body. {@code NetHttpTransport}'s read timeout
 * bounds each read only, so an answer trickling a byte every few seconds held a call for as long as it trickled.
 * Here the caller gets its answer or an {@link HttpTimeoutException} when the time is up, and the exchange is
 * cancelled. Answers are read whole into memory (the API's answers are a few kilobytes).
 */
final class JdkHttpTransport extends HttpTransport {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "connection", "expect", "host", "upgrade");

    private final HttpClient client = newClient();

    private static HttpClient newClient() {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER); // the Google client follows redirects itself
        ProxySelector proxies = ProxySelector.getDefault(); // the system's proxy settings, as HttpURLConnection uses
        if (proxies != null) {
            builder.proxy(proxies);
        }
        return builder.build();
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) {
        return new Exchange(method, url);
    }

    private final class Exchange extends LowLevelHttpRequest {
        private final String method;
        private final String url;
        private final List<String[]> headers = new ArrayList<>();
        private int connectMillis;
        private int totalMillis;

        Exchange(String method, String url) {
            this.method = method;
            this.url = url;
        }

        @Override
        public void addHeader(String name, String value) {
            headers.add(new String[] {name, value});
        }

        /** The connect timeout bounds connecting; the read timeout the whole exchange. 0 means none. */
        @Override
        public void setTimeout(int connectTimeout, int readTimeout) {
            this.connectMillis = connectTimeout;
            this.totalMillis = readTimeout;
        }

        @Override
        public LowLevelHttpResponse execute() throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, body());
            for (String[] header : headers) {
                if (!RESTRICTED.contains(header[0].toLowerCase(Locale.ROOT))) {
                    request.header(header[0], header[1]);
                }
            }
            if (getContentType() != null) {
                request.setHeader("Content-Type", getContentType());
            }
            if (getContentEncoding() != null) {
                request.setHeader("Content-Encoding", getContentEncoding());
            }
            int limit = totalMillis > 0 ? totalMillis : connectMillis;
            if (limit > 0) {
                request.timeout(Duration.ofMillis(limit)); // the JDK's own timer: until the headers arrive
            }
            CompletableFuture<HttpResponse<byte[]>> answer =
                    client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            try {
                return new Answer(totalMillis > 0 ? answer.get(totalMillis, TimeUnit.MILLISECONDS) : answer.get());
            } catch (TimeoutException e) {
                answer.cancel(true);
                throw new HttpTimeoutException("no whole answer within " + totalMillis + " ms");
            } catch (InterruptedException e) {
                answer.cancel(true);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the answer");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(cause);
            }
        }

        private HttpRequest.BodyPublisher body() throws IOException {
            if (getStreamingContent() == null) {
                return HttpRequest.BodyPublishers.noBody();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            getStreamingContent().writeTo(bytes);
            return HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray());
        }
    }

    private static final class Answer extends LowLevelHttpResponse {
        private final HttpResponse<byte[]> response;
        private final List<String> names = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        Answer(HttpResponse<byte[]> response) {
            this.response = response;
            for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
                if (header.getKey().startsWith(":")) {
                    continue; // HTTP/2 pseudo-headers
                }
                for (String value : header.getValue()) {
                    names.add(header.getKey());
                    values.add(value);
                }
            }
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(response.body());
        }

        @Override
        public String getContentEncoding() {
            return response.headers().firstValue("Content-Encoding").orElse(null);
        }

        @Override
        public long getContentLength() {
            return response.body().length;
        }

        @Override
        public String getContentType() {
            return response.headers().firstValue("Content-Type").orElse(null);
        }

        @Override
        public String getStatusLine() {
            return "HTTP/1.1 " + response.statusCode();
        }

        @Override
        public int getStatusCode() {
            return response.statusCode();
        }

        @Override
        public String getReasonPhrase() {
            return null; // HTTP/1.1 reason phrases are not kept by the JDK client
        }

        @Override
        public int getHeaderCount() {
            return names.size();
        }

        @Override
        public String getHeaderName(int index) {
            return names.get(index);
        }

        @Override
        public String getHeaderValue(int index) {
            return values.get(index);
        }
    }
}
