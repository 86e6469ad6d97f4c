package app.queued.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link FloorServer} in its own JVM, as the vote server under test runs in its own: started, read, stopped. */
final class FloorProcess implements AutoCloseable {
    private final Process process;
    private final URI uri;

    private FloorProcess(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /** @param log where its stderr goes (null: nowhere) */
    static FloorProcess start(List<String> jvmOptions, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", ServerProcess.classPath(), FloorServer.class.getName()));
        ProcessBuilder.Redirect errors = log == null ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.to(log.toFile());
        Process process = new ProcessBuilder(command).redirectError(errors).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // the first line, or null if it died: bounded by the process itself
        if (line == null || !line.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("the floor server did not start: " + line);
        }
        return new FloorProcess(process, URI.create(line.substring("READY ".length()).trim()));
    }

    URI uri() {
        return uri;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // its main waits on stdin
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
