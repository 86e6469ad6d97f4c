package app.queued.host.webguest;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.server.web.WebFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web guest's files as the vote server serves them: within the weight budget, complete (everything the page
 * loads is in files.txt), and nothing the Content-Security-Policy would block or that needs the internet.
 */
class WebGuestFilesTest {
    static final long BUDGET_GZIP_BYTES = 60 * 1024;
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:src|href)=\"/([^\"]+)\"|from '\\./([^']+)'|import\\('\\./([^']+)'\\)");

    @Test
    void theWholePageIsAtMostSixtyKilobytesGzipped() {
        WebFiles files = WebFiles.packaged();
        assertThat(files.paths()).contains("/", "/index.html", "/app.js", "/room-state.js", "/style.css");
        System.out.println("web guest: " + files.gzipBytes() + " bytes gzip in " + (files.paths().size() - 1) + " files");
        assertThat(files.gzipBytes()).as("all served files, gzip, bytes").isLessThanOrEqualTo(BUDGET_GZIP_BYTES);
    }

    @Test
    void everyFileThePageLoadsIsServed() throws IOException {
        Set<String> served = WebFiles.packaged().paths();
        Set<String> referenced = new LinkedHashSet<>();
        for (String path : served) {
            if (path.equals("/")) {
                continue;
            }
            Matcher m = REFERENCE.matcher(text(path));
            while (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        referenced.add("/" + m.group(g));
                    }
                }
            }
        }
        assertThat(referenced).contains("/app.js", "/style.css", "/room-state.js", "/connection.js");
        assertThat(served).containsAll(referenced);
    }

    @Test
    void nothingTheSecurityPolicyBlocksAndNothingFromTheInternet() throws IOException {
        String html = text("/index.html");
        assertThat(html).as("scripts only from files").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(html).as("no inline styles").doesNotContain("<style").doesNotContainPattern("\\sstyle=");
        assertThat(html).as("no inline handlers").doesNotContainPattern("\\son[a-z]+=");
        for (String path : WebFiles.packaged().paths()) {
            if (!path.equals("/")) {
                String text = text(path).replace("xmlns=\"http://www.w3.org/2000/svg\"", ""); // a name, not a fetch
                assertThat(text).as(path).doesNotContain("http://").doesNotContain("https://")
                        .doesNotContain("eval(").doesNotContain("new Function");
            }
        }
    }

    private static String text(String path) throws IOException {
        try (InputStream in = WebGuestFilesTest.class.getResourceAsStream(HarnessServer.WEB + path.substring(1))) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
