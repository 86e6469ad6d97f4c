package app.queued.fx.invite;

import app.queued.invite.QrCode;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * Paints a {@link QrCode}: black modules on white with the quiet zone around them, every module a whole number of
 * pixels so the edges stay crisp (no smoothing, no half pixels a phone's camera would read as grey). Takes as much
 * of its square as fits whole modules and centres the code in it.
 */
public final class QrCodeView extends Region {
    private final ObjectProperty<QrCode> code = new SimpleObjectProperty<>(this, "code");
    private final Canvas canvas = new Canvas();
    private final double preferredSide;

    /** @param preferredSide the side the code asks its parent for, in pixels */
    public QrCodeView(double preferredSide) {
        this.preferredSide = preferredSide;
        getStyleClass().add("qr-code");
        getChildren().add(canvas);
        code.addListener((obs, old, now) -> requestLayout());
        setMinSize(USE_PREF_SIZE, USE_PREF_SIZE);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    }

    public ObjectProperty<QrCode> codeProperty() {
        return code;
    }

    /** The size of one module on screen now, in pixels (0 while nothing is drawn). */
    public int modulePixels() {
        QrCode qr = code.get();
        return qr == null ? 0 : (int) Math.floor(Math.min(getWidth(), getHeight()) / qr.sizeWithQuietZone());
    }

    @Override
    protected double computePrefWidth(double height) {
        return preferredSide;
    }

    @Override
    protected double computePrefHeight(double width) {
        return preferredSide;
    }

    @Override
    protected void layoutChildren() {
        QrCode qr = code.get();
        int module = modulePixels();
        if (qr == null || module < 1) {
            canvas.setWidth(0);
            canvas.setHeight(0);
            return;
        }
        int side = module * qr.sizeWithQuietZone();
        canvas.setWidth(side);
        canvas.setHeight(side);
        canvas.relocate(Math.floor((getWidth() - side) / 2), Math.floor((getHeight() - side) / 2));
        paint(canvas.getGraphicsContext2D(), qr, module, side);
    }

    private static void paint(GraphicsContext g, QrCode qr, int module, int side) {
        g.setImageSmoothing(false);
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, side, side);
        g.setFill(Color.BLACK);
        int offset = QrCode.QUIET_ZONE * module;
        for (int y = 0; y < qr.size(); y++) {
            for (int x = 0; x < qr.size(); x++) {
                if (qr.isDark(x, y)) {
                    g.fillRect(offset + x * module, offset + y * module, module, module);
                }
            }
        }
    }
}
