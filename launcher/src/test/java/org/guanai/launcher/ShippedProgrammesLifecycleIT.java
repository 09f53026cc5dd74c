package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every programme shipped inside guanai.jar (the jars the build copied into {@code programmes/}), on a running
 * guanai.jar with the demo county: updated at run time to a newer version, uninstalled (its routes gone, {@code 404}),
 * and installed again, its demo data and the schools' enablement kept throughout (its summary for a demo school, counted
 * from its tables, is the same before and after).
 */
class ShippedProgrammesLifecycleIT {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A shipped programme: its jar, bundle symbolic name and programme id. */
    record Shipped(byte[] jar, String bsn, String id) {
    }

    static List<Shipped> shipped() throws Exception {
        List<Shipped> out = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Path.of("target/classes/programmes"))) {
            for (Path p : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                byte[] jar = Files.readAllBytes(p);
                try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
                    Manifest m = in.getManifest();
                    out.add(new Shipped(jar, m.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].strip(),
                            m.getMainAttributes().getValue("Guanai-Programme")));
                }
            }
        }
        assertTrue(out.size() >= 5 && out.stream().anyMatch(s -> "home".equals(s.id())), out.toString());
        return out;
    }

    @Test
    void eachShippedProgrammeUpdatesUninstallsAndComesBackWithItsData() throws Exception {
        List<Shipped> programmes = shipped();
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), data, Map.of("GUANAI_DEMO", "true"))) {
            g.start();
            long school = read(g.get("/api/schools"), 200).get("items").get(0).get("id").asLong();
            for (Shipped p : programmes) {
                String summary = "/api/programmes/" + p.id() + "/?school=" + school;
                JsonNode before = answered(g, summary);

                byte[] newer = Jars.variant(p.jar(), Map.of("Bundle-Version", "1.1.1"), Map.of());
                read(g.upload("PUT", "/api/admin/bundles/" + p.bsn(), newer), 200);
                JsonNode bundle = read(g.get("/api/admin/bundles/" + p.bsn()), 200);
                assertEquals("1.1.1", bundle.get("version").asText(), bundle.toString());
                assertEquals(before, answered(g, summary), p.id() + ": the data kept through the update");

                read(g.delete("/api/admin/bundles/" + p.bsn()), 200);
                assertEquals(404, g.get(summary).statusCode(), p.id() + ": its routes are gone");
                assertEquals(404, g.get("/api/programmes/" + p.id() + "/").statusCode());

                read(g.upload("POST", "/api/admin/bundles", p.jar()), 201);
                assertEquals(before, answered(g, summary), p.id() + ": installed again, its data and enablement kept");
            }
        }
    }

    /** The summary once it answers 200 (a programme just installed registers its services in the background): at most 60 s. */
    private JsonNode answered(GuanaiProcess g, String path) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> r = g.get(path);
        while (r.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = g.get(path);
        }
        return read(r, 200).get("summary");
    }

    private JsonNode read(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
