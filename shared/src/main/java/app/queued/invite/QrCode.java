package app.queued.invite;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A QR code as a square of dark and light modules, encoded by ZXing; free of any UI toolkit so each app paints it
 * its own way. The quiet zone (the light margin readers need around the code) is not part of {@link #size()}: a
 * painter leaves {@link #QUIET_ZONE} light modules on every side.
 */
public final class QrCode {
    /** Light modules on each side that a reader needs to find the code (the standard asks for four). */
    public static final int QUIET_ZONE = 4;

    private final boolean[][] dark;

    private QrCode(boolean[][] dark) {
        this.dark = dark;
    }

    /**
     * Encodes {@code text} with error correction level M (15 % of the code may be smudged or glared away), the
     * usual choice for a code on a screen.
     *
     * @throws IllegalArgumentException when the text is too long for a QR code
     */
    public static QrCode encode(String text) {
        try {
            ByteMatrix matrix = Encoder.encode(text, ErrorCorrectionLevel.M,
                    Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name())).getMatrix();
            boolean[][] modules = new boolean[matrix.getHeight()][matrix.getWidth()];
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    modules[y][x] = matrix.get(x, y) == 1;
                }
            }
            return new QrCode(modules);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode that as a QR code: " + e.getMessage(), e);
        }
    }

    /** Modules per side, without the quiet zone (21 for the smallest code, 4 more per version). */
    public int size() {
        return dark.length;
    }

    /** Modules per side with the quiet zone on both sides. */
    public int sizeWithQuietZone() {
        return size() + 2 * QUIET_ZONE;
    }

    /** Whether the module in column {@code x}, row {@code y} (from the top left, 0-based) is dark. */
    public boolean isDark(int x, int y) {
        return dark[y][x];
    }
}
