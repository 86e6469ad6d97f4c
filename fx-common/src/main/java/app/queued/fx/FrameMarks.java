package app.queued.fx;

import app.queued.appdata.StartMarks;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;

/** Start-up marks ({@link StartMarks}) taken at a frame: what the user sees, not when the code asked for it. */
public final class FrameMarks {
    private FrameMarks() {
    }

    /** Marks {@code name} at the end of layout of the next frame (the frame that paints what was just put up). */
    public static void markNextFrame(Scene scene, String name) {
        markFrameWhen(scene, () -> true, name);
    }

    /** Marks {@code name} at the end of layout of the first frame at which {@code shown} holds. FX thread. */
    public static void markFrameWhen(Scene scene, BooleanSupplier shown, String name) {
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (shown.getAsBoolean()) {
                scene.removePostLayoutPulseListener(listener[0]);
                StartMarks.mark(name);
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }
}
