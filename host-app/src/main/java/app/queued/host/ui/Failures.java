package app.queued.host.ui;

import app.queued.protocol.ProtocolException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns a failed request into one sentence for the host. */
public final class Failures {
    private Failures() {
    }

    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    public static String sentence(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof ProtocolException p) {
            return p.getMessage();
        }
        if (t instanceof TimeoutException) {
            return "The server did not answer in time; try again.";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? "Something went wrong (" + t.getClass().getSimpleName() + ")." : m;
    }
}
