package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration files in the data folder: guanai.jar creates {@code <data>/etc/}, and a {@code <pid>.cfg} written there
 * while the platform runs takes effect without a restart. Here {@code org.guanai.core.accounts.cfg} with
 * {@code freeFailures=1}: before it, a second wrong password is answered 401 (five free failures); after it, 429 with
 * {@code Retry-After}. Before this change there was no etc/ folder; only an undocumented .cfg in deploy/ worked.
 */
class ConfigFolderIT {
    @TempDir
    Path tmp;

    @Test
    void aCfgFileInEtcTakesEffectWithoutARestart() throws Exception {
        Path data = tmp.resolve("data");
        try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "false"))) {
            g.start();
            Path etc = data.resolve("etc");
            assertTrue(Files.isDirectory(etc), "created at start: " + etc);
            assertEquals(401, wrongPassword(g, "before-1").statusCode());
            assertEquals(401, wrongPassword(g, "before-1").statusCode(), "the second failure is free by default");

            Files.writeString(etc.resolve("org.guanai.core.accounts.cfg"), "# one free failure, then wait\nfreeFailures = 1\n",
                    StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status = 0;
            for (int i = 0; System.nanoTime() < deadline; i++) {
                String user = "after-" + i;
                wrongPassword(g, user);
                status = wrongPassword(g, user).statusCode();
                if (status == 429) {
                    break;
                }
                Thread.sleep(500); // FileInstall looks at the folder every second
            }
            assertEquals(429, status, "the second failure waits once freeFailures=1 is applied\n" + g.log());
        }
    }

    private static HttpResponse<String> wrongPassword(GuanaiProcess g, String user) throws Exception {
        return g.anonymous().post("/api/login", "{\"username\":\"" + user + "\",\"password\":\"wrong-password-1\"}");
    }
}
