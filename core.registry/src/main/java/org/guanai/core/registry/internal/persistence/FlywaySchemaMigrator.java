package org.guanai.core.registry.internal.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.dto.MigrationReport;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs versioned SQL migrations with Flyway, one history table per owner ({@code <owner>_schema_history}). Scripts are
 * read from the owner's own bundle ({@code db/<owner>/V*.sql}) through a {@link ResourceProvider}, so Flyway never
 * scans class paths inside OSGi. Applies the core's own schema on activation, before any registry service starts.
 */
@Component(service = { SchemaMigrator.class, FlywaySchemaMigrator.class })
public final class FlywaySchemaMigrator implements SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(FlywaySchemaMigrator.class);
    private static final Pattern OWNER = Pattern.compile("[a-z][a-z0-9_]{1,30}");
    static final String CORE = "core";
    private static final String BASELINE = "0";
    /** The high bits of the PostgreSQL advisory lock keys of migrations: "GUANAIMG", the owner's hash in the low bits. */
    private static final long LOCK_KEYS = 0x4755414E41494D47L & 0xFFFFFFFF00000000L;

    private final DataSource dataSource;

    @Activate
    public FlywaySchemaMigrator(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource) {
        this.dataSource = dataSource;
        migrate(CORE, FlywaySchemaMigrator.class);
    }

    @Override
    public MigrationReport migrate(String owner, Class<?> anchor) {
        return migrate(owner, FrameworkUtil.getBundle(anchor), anchor);
    }

    /** Migrates the scripts of a bundle (the SDK's {@link org.guanai.sdk.data.Database#migrate()}). */
    public MigrationReport migrate(String owner, Bundle bundle) {
        return migrate(owner, bundle, null);
    }

    /**
     * @param bundle the bundle holding {@code db/<owner>/}, or {@code null} outside OSGi
     * @param anchor outside OSGi, a class whose class path holds the scripts
     */
    private synchronized MigrationReport migrate(String owner, Bundle bundle, Class<?> anchor) {
        checkOwner(owner);
        long start = System.nanoTime();
        Optional<String> current = bundle == null ? Optional.empty() : upToDate(owner, bundle);
        if (current.isPresent()) {
            LOG.info("Schema of '{}' is current at version {} (checked in {} ms)", owner, current.get(),
                    (System.nanoTime() - start) / 1_000_000);
            return new MigrationReport(owner, current.get(), current.get(), 0);
        }
        Flyway flyway = flyway(owner, bundle, anchor);
        MigrateResult result;
        try {
            result = acrossNodes(owner, flyway::migrate);
        } catch (FlywayException e) {
            IllegalStateException failure = new IllegalStateException("Migration of '" + owner + "' failed: " + e.getMessage(), e);
            forgetFailed(owner, failure);
            throw failure;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        MigrationReport report = new MigrationReport(owner, version(result.initialSchemaVersion),
                version(result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion),
                result.migrationsExecuted);
        if (report.applied() > 0) {
            LOG.info("Schema of '{}' migrated from {} to {} ({} scripts, {} ms)", owner, report.fromVersion(), report.toVersion(),
                    report.applied(), millis);
        } else {
            LOG.info("Schema of '{}' is at version {} (checked in {} ms)", owner, report.toVersion(), millis);
        }
        return report;
    }

    /**
     * Runs an owner's migration while no other node migrates the same owner. Two nodes started together on an empty
     * PostgreSQL database would otherwise both migrate: Flyway creates the history table before it takes its own lock,
     * and the second node, finding the tables of the first and an empty history, tries to baseline and fails. On
     * PostgreSQL a session advisory lock per owner, on a connection of its own held while Flyway works, makes the second
     * node wait and then find the history written; H2 (embedded, one node) needs none.
     */
    private MigrateResult acrossNodes(String owner, java.util.function.Supplier<MigrateResult> work) {
        try (Connection c = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                return work.get();
            }
            long key = LOCK_KEYS | (owner.hashCode() & 0xFFFFFFFFL);
            advisory(c, "SELECT pg_advisory_lock(?)", key);
            try {
                return work.get();
            } finally {
                advisory(c, "SELECT pg_advisory_unlock(?)", key);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Migration of '" + owner + "' could not take its lock: " + e.getMessage(), e);
        }
    }

    private static void advisory(Connection c, String sql, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            ps.executeQuery().close();
        }
    }

    @Override
    public synchronized String currentVersion(String owner) {
        checkOwner(owner);
        MigrationInfo current = flyway(owner, FrameworkUtil.getBundle(FlywaySchemaMigrator.class), FlywaySchemaMigrator.class).info().current();
        return current == null || current.getVersion() == null ? null : version(current.getVersion().getVersion());
    }

    /**
     * The common case at start-up, without starting Flyway (about half a second): every script of the bundle is in the
     * owner's history, applied successfully, with the checksum Flyway computed for it, and nothing else is. Anything else
     * (a new script, an edited one, a failed one, no history yet) goes through Flyway, which migrates or reports.
     *
     * @return the current version, if nothing is to be done
     */
    private Optional<String> upToDate(String owner, Bundle bundle) {
        Map<String, Integer> scripts = new HashMap<>();
        Enumeration<URL> entries = bundle.findEntries("db/" + owner, "V*__*.sql", false);
        if (entries == null) {
            return Optional.empty();
        }
        while (entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            String version = name.substring(1, name.indexOf("__")).replace('_', '.');
            try {
                scripts.put(version, checksum(url));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        Map<String, Integer> applied = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version, checksum, success, type FROM " + owner + "_schema_history")) {
            while (rs.next()) {
                if (!"SQL".equals(rs.getString("type"))) {
                    continue; // Flyway's own markers: the schema (TABLE) and the baseline of a new owner (BASELINE)
                }
                if (!rs.getBoolean("success") || rs.getString("version") == null) {
                    return Optional.empty();
                }
                int checksum = rs.getInt("checksum");
                applied.put(rs.getString("version"), rs.wasNull() ? null : checksum);
            }
        } catch (SQLException noHistoryYet) {
            return Optional.empty();
        }
        if (scripts.isEmpty() || !scripts.equals(applied)) {
            return Optional.empty();
        }
        return scripts.keySet().stream().max(FlywaySchemaMigrator::compareVersions);
    }

    /** Compares versions such as {@code 2} and {@code 10} or {@code 1.2} part by part, as numbers. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    /** Flyway's checksum of a script: CRC32 over its lines in UTF-8, without line breaks or a byte-order mark. */
    static int checksum(URL url) throws IOException {
        CRC32 crc = new CRC32();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8), 4096)) {
            String line = in.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            for (; line != null; line = in.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return (int) crc.getValue();
    }

    /** The baseline of a new owner (version 0) is no schema version of its own. */
    private static String version(String flywayVersion) {
        return flywayVersion == null || BASELINE.equals(flywayVersion) ? null : flywayVersion;
    }

    /**
     * Databases without transactional DDL (H2) keep a failed script in the history, which would block every later
     * migration; the contract is that the history records nothing for it.
     */
    private void forgetFailed(String owner, IllegalStateException failure) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + owner + "_schema_history WHERE success = FALSE");
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private Flyway flyway(String owner, Bundle bundle, Class<?> anchor) {
        // The class loader of this bundle holds the embedded Flyway jars and their META-INF/services plugin lists.
        FluentConfiguration config = Flyway.configure(FlywaySchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .loggers("slf4j")
                .table(owner + "_schema_history")
                .cleanDisabled(true)
                // The core's tables are already in the shared schema when a programme migrates for the first time:
                // start its history below its first script instead of refusing the non-empty schema.
                .baselineOnMigrate(true)
                .baselineVersion(BASELINE)
                .validateMigrationNaming(true)
                .failOnMissingLocations(false)
                .javaMigrationClassProvider(Collections::emptyList);
        if (bundle != null) {
            config.resourceProvider(new BundleResources(bundle, "db/" + owner));
        } else {
            // Outside OSGi (unit tests): the scripts are on the class path of the anchor.
            config.locations("classpath:db/" + owner);
        }
        return config.load();
    }

    private static void checkOwner(String owner) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("owner must match " + OWNER + ": " + owner);
        }
    }

    /** Lists and reads the {@code .sql} files of one folder of a bundle. */
    static final class BundleResources implements ResourceProvider {
        private final Bundle bundle;
        private final String folder;

        BundleResources(Bundle bundle, String folder) {
            this.bundle = bundle;
            this.folder = folder;
        }

        @Override
        public LoadableResource getResource(String name) {
            URL url = bundle.getEntry(folder + "/" + name);
            return url == null ? null : new UrlResource(url, name);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> out = new ArrayList<>();
            Enumeration<URL> entries = bundle.findEntries(folder, "*", false);
            if (entries == null) {
                return out;
            }
            while (entries.hasMoreElements()) {
                URL url = entries.nextElement();
                String path = url.getPath();
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (!name.startsWith(prefix)) {
                    continue;
                }
                for (String suffix : suffixes) {
                    if (name.endsWith(suffix)) {
                        out.add(new UrlResource(url, name));
                        break;
                    }
                }
            }
            Collections.sort(out);
            return out;
        }
    }

    static final class UrlResource extends LoadableResource {
        private final URL url;
        private final String name;

        UrlResource(URL url, String name) {
            this.url = url;
            this.name = name;
        }

        @Override
        public Reader read() {
            try {
                return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return url.toExternalForm();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return url.toExternalForm();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
