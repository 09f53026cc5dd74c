package org.guanai.core.registry.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

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
@Component(service = SchemaMigrator.class)
public final class FlywaySchemaMigrator implements SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(FlywaySchemaMigrator.class);
    private static final Pattern OWNER = Pattern.compile("[a-z][a-z0-9_]{1,30}");
    static final String CORE = "core";
    private static final String BASELINE = "0";

    private final DataSource dataSource;

    @Activate
    public FlywaySchemaMigrator(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource) {
        this.dataSource = dataSource;
        migrate(CORE, FlywaySchemaMigrator.class);
    }

    @Override
    public synchronized MigrationReport migrate(String owner, Class<?> anchor) {
        checkOwner(owner);
        long start = System.nanoTime();
        Flyway flyway = flyway(owner, anchor);
        MigrateResult result;
        try {
            result = flyway.migrate();
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

    @Override
    public synchronized String currentVersion(String owner) {
        checkOwner(owner);
        MigrationInfo current = flyway(owner, FlywaySchemaMigrator.class).info().current();
        return current == null || current.getVersion() == null ? null : version(current.getVersion().getVersion());
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

    private Flyway flyway(String owner, Class<?> anchor) {
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
        Bundle bundle = FrameworkUtil.getBundle(anchor);
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
