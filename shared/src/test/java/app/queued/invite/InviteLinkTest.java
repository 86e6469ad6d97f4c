package app.queued.invite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

class InviteLinkTest {

    @Test
    void theLinkCarriesTheCodeInItsFragment() {
        InviteLink link = new InviteLink("192.168.1.20", 7765, "K7QX4M");
        assertThat(link.url()).isEqualTo("http://192.168.1.20:7765/#code=K7QX4M");
        assertThat(link.shortAddress()).isEqualTo("192.168.1.20:7765");
        assertThat(link.loopbackOnly()).isFalse();
    }

    @Test
    void theCodeIsReadAsTheServerReadsIt() {
        assertThat(new InviteLink("party.local", 7765, " k7q-x4m ").url())
                .isEqualTo("http://party.local:7765/#code=K7QX4M");
    }

    @Test
    void ipv6HostsGoInBrackets() {
        assertThat(new InviteLink("fe80::1", 7765, "K7QX4M").url()).isEqualTo("http://[fe80::1]:7765/#code=K7QX4M");
        assertThat(new InviteLink("[::1]", 80, "K7QX4M").loopbackOnly()).isTrue();
    }

    @Test
    void partsThatCannotBeInALinkAreRefused() {
        assertThatThrownBy(() -> new InviteLink("", 7765, "K7QX4M")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InviteLink("evil.com/x?", 7765, "K7QX4M"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InviteLink("1.2.3.4", 0, "K7QX4M")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InviteLink("1.2.3.4", 65_536, "K7QX4M"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InviteLink("1.2.3.4", 7765, "K7&x=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InviteLink("1.2.3.4", 7765, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theQrCodeDecodesToExactlyTheLink() throws Exception {
        InviteLink link = new InviteLink("192.168.100.200", 7765, "K7QX4M");
        QrCode qr = link.qrCode();
        assertThat(qr.size()).isBetween(21, 41);
        assertThat(decode(qr, 4)).isEqualTo(link.url());
    }

    /** Renders the code dark on light with its quiet zone, as a screen shows it, and reads it with ZXing's reader. */
    static String decode(QrCode qr, int pixelsPerModule) throws Exception {
        int side = qr.sizeWithQuietZone() * pixelsPerModule;
        int[] pixels = new int[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int mx = x / pixelsPerModule - QrCode.QUIET_ZONE;
                int my = y / pixelsPerModule - QrCode.QUIET_ZONE;
                boolean dark = mx >= 0 && my >= 0 && mx < qr.size() && my < qr.size() && qr.isDark(mx, my);
                pixels[y * side + x] = dark ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }
}
