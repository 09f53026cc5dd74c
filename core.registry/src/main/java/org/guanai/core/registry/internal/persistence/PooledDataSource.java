package org.guanai.core.registry.internal.persistence;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

import javax.sql.DataSource;

import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.persistence.EmbeddedDatabase.Connector;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Builds the core's connection pool (HikariCP) over the JDBC driver's {@link DataSourceFactory} service and publishes
 * it as a {@link DataSource} service with {@code guanai.datasource=core}. By default the database is an H2 file in
 * PostgreSQL mode under the data directory ({@code guanai.data}, default {@code ./data}), with a generated password
 * and optionally encrypted ({@link EmbeddedDatabase}, {@link DatabaseKey}); a database that cannot be opened (its key
 * missing or wrong) is reported once in the log and no data source is registered. Closing the pool on deactivation
 * closes the last connection, which closes the H2 database cleanly.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=javax.sql.DataSource")
@Component(configurationPid = PooledDataSource.PID, immediate = true)
@Designate(ocd = DataSourceConfig.class)
public final class PooledDataSource {
    static final String PID = "org.guanai.core.datasource";
    /** Service property that names the core's data source. */
    public static final String NAME_PROPERTY = "guanai.datasource";
    /** Framework property: the database's JDBC URL when not the embedded H2 file ({@code GUANAI_DB_URL}). */
    public static final String URL_PROPERTY = "guanai.db.url";
    /** Framework property: the database user with {@link #URL_PROPERTY} ({@code GUANAI_DB_USER}). */
    public static final String USER_PROPERTY = "guanai.db.user";
    /** Framework property: its password ({@code GUANAI_DB_PASSWORD}, or read from {@code GUANAI_DB_PASSWORD_FILE}). */
    public static final String PASSWORD_PROPERTY = "guanai.db.password";
    /**
     * H2 settings: PostgreSQL compatibility; the database stays open until the pool closes it; every commit is written
     * at once (WRITE_DELAY=0), so a committed change survives a crash of the process; no trace file beside the
     * database (TRACE_LEVEL_FILE=0): H2 would write failed statements, with their data, into it (errors reach the
     * platform's log through the exceptions).
     */
    static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"
            + ";WRITE_DELAY=0;TRACE_LEVEL_FILE=0";

    private static final Logger LOG = LoggerFactory.getLogger(PooledDataSource.class);

    /** {@code null} when the database could not be opened (logged): nothing is registered then. */
    private final HikariDataSource pool;
    private final ServiceRegistration<DataSource> registration;
    /** The default H2 file database; {@code null} when the configuration names another URL. */
    private final EmbeddedDatabase embedded;

    @Activate
    public PooledDataSource(BundleContext context, DataSourceConfig config,
            @Reference(name = "driver", cardinality = ReferenceCardinality.AT_LEAST_ONE) List<DataSourceFactory> drivers)
            throws SQLException {
        Settings settings = Settings.of(config, context::getProperty);
        DataSourceFactory driver = driverFor(settings.url().isBlank() ? "jdbc:h2:" : settings.url(), drivers);
        if (driver == null) {
            LOG.error("数据库无法打开：没有适用于 {} 的 JDBC 驱动 / The database cannot be opened: no JDBC driver for {}",
                    redact(settings.url()), redact(settings.url()));
            this.embedded = null;
            this.pool = null;
            this.registration = null;
            return;
        }
        Connector connector = (url, user, password) -> driver.createDataSource(connectionProperties(url, user, password))
                .getConnection();
        String url = settings.url();
        String user = settings.user();
        String password = settings.password();
        EmbeddedDatabase database = null;
        EmbeddedDatabase.Opened opened = null;
        try {
            String key = DatabaseKey.read(context::getProperty, System::getenv);
            if (url.isBlank()) {
                database = new EmbeddedDatabase(dataDirectory(context), H2_SETTINGS, user, password, key, connector);
                opened = database.open();
                url = opened.credentials().url();
                password = opened.credentials().password();
            } else if (key != null) {
                LOG.warn("GUANAI_DB_KEY is ignored: the database is configured ({}), not the embedded H2 file; encrypt it "
                        + "where that database runs", redact(url));
            }
        } catch (EmbeddedDatabase.RefusedException e) {
            // One clear message, no stack trace and no retry loop: without the data source nothing else starts,
            // and /api/health answers 503 with "database":"DOWN".
            Messages messages = new Messages();
            LOG.error("数据库无法打开：{} / The database cannot be opened: {} ({})", messages.zh(e.messageKey),
                    messages.en(e.messageKey), e.getMessage());
            this.embedded = null;
            this.pool = null;
            this.registration = null;
            return;
        }
        this.embedded = database;
        DataSource raw = driver.createDataSource(connectionProperties(url, user, password));

        HikariConfig hc = new HikariConfig();
        hc.setPoolName("guanai-core");
        hc.setDataSource(raw);
        hc.setMaximumPoolSize(config.maximumPoolSize());
        hc.setMinimumIdle(Math.min(2, config.maximumPoolSize()));
        hc.setAutoCommit(true);
        try {
            this.pool = new HikariDataSource(hc);
        } finally {
            if (opened != null) {
                // held open until the pool has its own connections, so that H2 opens the file once
                opened.keepOpen().close();
            }
        }

        Hashtable<String, Object> serviceProps = new Hashtable<>();
        serviceProps.put(NAME_PROPERTY, "core");
        this.registration = context.registerService(DataSource.class, pool, serviceProps);
        LOG.info("Database ready: {}{}", redact(url), opened != null && opened.credentials().key() != null ? " (encrypted)" : "");
    }

    @Deactivate
    void deactivate() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
        pool.close();
        if (embedded != null) {
            embedded.restrictFiles();
        }
        LOG.info("Database closed");
    }

    /**
     * Which database: the configuration's {@code url} when it names one, else the framework properties
     * {@value #URL_PROPERTY}, {@value #USER_PROPERTY} and {@value #PASSWORD_PROPERTY} (the launcher sets them from
     * {@code GUANAI_DB_URL}, {@code GUANAI_DB_USER}, {@code GUANAI_DB_PASSWORD} or {@code GUANAI_DB_PASSWORD_FILE}
     * before any bundle starts), else an empty URL: the embedded H2 file. With the framework properties, a user or
     * password not given is {@code null}: the URL's own parameters decide.
     */
    record Settings(String url, String user, String password) {
        static Settings of(DataSourceConfig config, Function<String, String> framework) {
            if (!config.url().isBlank()) {
                return new Settings(config.url().strip(), config.user(), config.password());
            }
            String url = framework.apply(URL_PROPERTY);
            if (url == null || url.isBlank()) {
                return new Settings("", config.user(), config.password());
            }
            // without them, what the URL says (user=, password=) or the driver's default (the system user's name)
            String user = framework.apply(USER_PROPERTY);
            String password = framework.apply(PASSWORD_PROPERTY);
            return new Settings(url.strip(), user == null || user.isBlank() ? null : user.strip(), password);
        }
    }

    /** @return the DataSourceFactory's properties; a user or password not given is left to the URL */
    private static Properties connectionProperties(String url, String user, String password) {
        Properties props = new Properties();
        props.setProperty(DataSourceFactory.JDBC_URL, url);
        if (user != null) {
            props.setProperty(DataSourceFactory.JDBC_USER, user);
        }
        if (password != null) {
            props.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        }
        return props;
    }

    /**
     * @return the first driver (highest ranked first) that accepts the URL, {@code null} when none does: the H2 and
     *         PostgreSQL drivers both ship in guanai.jar and start before the core (start level 1)
     */
    static DataSourceFactory driverFor(String url, List<DataSourceFactory> drivers) {
        for (DataSourceFactory driver : drivers) {
            try {
                if (driver.createDriver(null).acceptsURL(url)) {
                    return driver;
                }
            } catch (SQLException e) {
                LOG.debug("JDBC driver {} cannot say whether it accepts the URL", driver, e);
            }
        }
        return null;
    }

    /** @return the data directory: framework property {@code guanai.data}, default {@code ./data} */
    public static Path dataDirectory(BundleContext context) {
        String data = context.getProperty("guanai.data");
        return Paths.get(data == null || data.isBlank() ? "data" : data).toAbsolutePath();
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
