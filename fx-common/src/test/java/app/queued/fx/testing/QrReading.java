package app.queued.fx.testing;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.testfx.util.WaitForAsyncUtils;

/** Reads a QR code off the screen as a phone would: a picture of the node, decoded by ZXing's reader. */
public final class QrReading {
    private QrReading() {
    }

    /** The text of the QR code the node shows; fails when there is none a reader can find. */
    public static String decode(Node node) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
            SnapshotParameters params = new SnapshotParameters();
            params.setFill(Color.DARKSLATEGRAY); // not white: the code must bring its own light quiet zone
            return node.snapshot(params, null);
        }).get(10, TimeUnit.SECONDS);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        try {
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException e) {
            throw new AssertionError("no QR code a reader can find in a " + width + "x" + height + " picture", e);
        }
    }
}
