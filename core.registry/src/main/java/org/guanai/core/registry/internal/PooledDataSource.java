package org.guanai.core.registry.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.Hashtable;
import java.util.Properties;

import javax.sql.DataSource;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Builds the core's connection pool (HikariCP) over the JDBC driver's {@link DataSourceFactory} service and publishes
 * it as a {@link DataSource} service with {@code guanai.datasource=core}. By default the database is an H2 file in
 * PostgreSQL mode under the data directory ({@code guanai.data}, default {@code ./data}). Closing the pool on
 * deactivation closes the last connection, which closes the H2 database cleanly.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=javax.sql.DataSource")
@Component(configurationPid = PooledDataSource.PID, immediate = true)
@Designate(ocd = DataSourceConfig.class)
public final class PooledDataSource {
    static final String PID = "org.guanai.core.datasource";
    /** Service property that names the core's data source. */
    public static final String NAME_PROPERTY = "guanai.datasource";
    /**
     * H2 settings: PostgreSQL compatibility; the database stays open until the pool closes it; every commit is written
     * at once (WRITE_DELAY=0), so a committed change survives a crash of the process.
     */
    static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"
            + ";WRITE_DELAY=0";

    private static final Logger LOG = LoggerFactory.getLogger(PooledDataSource.class);

    private final HikariDataSource pool;
    private final ServiceRegistration<DataSource> registration;

    @Activate
    public PooledDataSource(BundleContext context, DataSourceConfig config,
            @Reference(name = "driver") DataSourceFactory driver) throws SQLException {
        String url = config.url().isBlank() ? defaultUrl(context) : config.url();
        Properties props = new Properties();
        props.setProperty(DataSourceFactory.JDBC_URL, url);
        props.setProperty(DataSourceFactory.JDBC_USER, config.user());
        props.setProperty(DataSourceFactory.JDBC_PASSWORD, config.password());
        DataSource raw = driver.createDataSource(props);

        HikariConfig hc = new HikariConfig();
        hc.setPoolName("guanai-core");
        hc.setDataSource(raw);
        hc.setMaximumPoolSize(config.maximumPoolSize());
        hc.setMinimumIdle(Math.min(2, config.maximumPoolSize()));
        hc.setAutoCommit(true);
        this.pool = new HikariDataSource(hc);

        Hashtable<String, Object> serviceProps = new Hashtable<>();
        serviceProps.put(NAME_PROPERTY, "core");
        this.registration = context.registerService(DataSource.class, pool, serviceProps);
        LOG.info("Database ready: {}", redact(url));
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
        pool.close();
        LOG.info("Database closed");
    }

    /** @return the data directory: framework property {@code guanai.data}, default {@code ./data} */
    static Path dataDirectory(BundleContext context) {
        String data = context.getProperty("guanai.data");
        return Paths.get(data == null || data.isBlank() ? "data" : data).toAbsolutePath();
    }

    static String defaultUrl(BundleContext context) {
        Path dir = dataDirectory(context).resolve("db");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database directory " + dir, e);
        }
        return "jdbc:h2:file:" + dir.resolve("guanai") + H2_SETTINGS;
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
