package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * guanai.jar on PostgreSQL, chosen by {@code GUANAI_DB_URL}, {@code GUANAI_DB_USER} and {@code GUANAI_DB_PASSWORD_FILE}
 * before anything opens a database: a fresh database owned by a role of its own, the demo county loaded into it, and
 * no H2 database, no generated H2 password, nothing of H2 in the data folder. The PostgreSQL driver ships in guanai.jar
 * as a platform bundle (module administration lists it, not managed, and leaves it running); the backup endpoint,
 * H2's online backup, answers 409 (pg_dump is the way, README). Runs with {@code -Dguanai.test.postgres=jdbc:postgresql://…}
 * (a role that may create roles and databases), as the README's test command and {@code .ci/run} give it. Before this
 * change guanai.jar had no PostgreSQL driver and no such settings: it built and filled an H2 database under
 * {@code <data>/db}.
 */
@EnabledIfSystemProperty(named = "guanai.test.postgres", matches = ".+")
class PostgresIT {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void guanaiJarRunsOnPostgresChosenByTheEnvironment() throws Exception {
        String suffix = Long.toString(System.currentTimeMillis(), 36) + "_" + ProcessHandle.current().pid();
        String role = "guanai_e2e_" + suffix;
        String database = "guanai_pg_" + suffix;
        String password = "Pg-" + UUID.randomUUID();
        try (Connection admin = DriverManager.getConnection(TestPostgres.server()); Statement st = admin.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            st.execute("CREATE DATABASE " + database + " OWNER " + role);
        }
        // the secret in a file outside the data folder, as an administrator keeps it (a trailing line break, as echo writes)
        Path secret = tmp.resolve("db.password");
        Files.writeString(secret, password + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String url = TestPostgres.withDatabase(TestPostgres.withoutParameters(TestPostgres.server()), database);

        Path data = tmp.resolve("data");
        Map<String, String> env = Map.of("GUANAI_DEMO", "true", "GUANAI_DB_URL", url, "GUANAI_DB_USER", role,
                "GUANAI_DB_PASSWORD_FILE", secret.toString());
        try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), data, env)) {
            g.start();
            assertEquals(300, read(g.get("/api/children?size=1"), 200).get("total").asInt(), "the demo county, served");
            assertTrue(g.log().contains("database: " + url + " (user " + role + ")"), "the banner names it:\n" + g.log());
            assertFalse(g.log().contains(password), "the password never reaches the log");

            // the driver is part of the platform: listed, not managed, running
            JsonNode bundles = read(g.get("/api/admin/bundles"), 200);
            JsonNode driver = null;
            for (JsonNode b : bundles.has("items") ? bundles.get("items") : bundles) {
                if ("org.postgresql.jdbc".equals(b.path("bsn").asText())) {
                    driver = b;
                }
            }
            assertNotNull(driver, "the PostgreSQL driver is a bundle of guanai.jar: " + bundles);
            assertFalse(driver.get("managed").asBoolean(), driver.toString());
            assertEquals("ACTIVE", driver.get("state").asText(), driver.toString());

            HttpResponse<String> backup = g.post("/api/admin/backup", "{}");
            assertEquals(409, backup.statusCode(), backup.body());
            assertEquals("backup_unsupported", json.readTree(backup.body()).get("error").asText(), backup.body());

            int code = g.stop();
            assertTrue(code == 0 || code == 143, "stopped by SIGTERM: " + code);
            g.start();
            assertEquals(300, read(g.get("/api/children?size=1"), 200).get("total").asInt(), "the same data after a restart");
        }

        // nothing of H2 anywhere in the data folder, no generated database password
        assertFalse(Files.exists(data.resolve("db")), "no H2 database folder");
        assertFalse(Files.exists(data.resolve("secrets/db.password")), "no generated H2 password");
        try (Stream<Path> files = Files.walk(data)) {
            List<Path> h2 = files.filter(p -> p.getFileName().toString().matches(".*\\.(mv|trace)\\.db")).toList();
            assertEquals(List.of(), h2, "no H2 file");
        }
        // the data is in PostgreSQL, in the role's database
        try (Connection c = DriverManager.getConnection(url, role, password)) {
            assertEquals(300, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_child"));
            assertEquals(1, StoredDatabase.count(c, "SELECT COUNT(*) FROM core_user WHERE username = 'admin'"));
            assertTrue(StoredDatabase.count(c, "SELECT COUNT(*) FROM core_school") >= 2);
        }
    }

    private JsonNode read(HttpResponse<String> response, int expectedStatus) throws Exception {
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
