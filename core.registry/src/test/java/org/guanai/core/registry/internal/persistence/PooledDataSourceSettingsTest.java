package org.guanai.core.registry.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.Test;
import org.osgi.service.jdbc.DataSourceFactory;
import org.postgresql.osgi.PGDataSourceFactory;

/**
 * Which database the core opens: the configuration's URL, else the framework properties the launcher sets from
 * {@code GUANAI_DB_URL}…, else the embedded H2 file; and which JDBC driver serves it (both ship in guanai.jar). Before
 * this change the core knew no framework property and bound the H2 driver only.
 */
class PooledDataSourceSettingsTest {

    @Test
    void theFrameworkPropertiesNameTheDatabaseUnlessTheConfigurationDoes() {
        Map<String, String> framework = Map.of(PooledDataSource.URL_PROPERTY, "jdbc:postgresql://db/guanai",
                PooledDataSource.USER_PROPERTY, "guanai", PooledDataSource.PASSWORD_PROPERTY, "pg-secret");
        assertEquals(new PooledDataSource.Settings("jdbc:postgresql://db/guanai", "guanai", "pg-secret"),
                PooledDataSource.Settings.of(config("", "sa", ""), framework::get));
        assertEquals(new PooledDataSource.Settings("jdbc:h2:mem:x", "sa", "configured"),
                PooledDataSource.Settings.of(config("jdbc:h2:mem:x", "sa", "configured"), framework::get), "the configuration wins");
        assertEquals(new PooledDataSource.Settings("", "sa", ""), PooledDataSource.Settings.of(config("", "sa", ""), k -> null),
                "neither: the embedded H2 file");

        PooledDataSource.Settings urlOnly = PooledDataSource.Settings.of(config("", "sa", ""),
                Map.of(PooledDataSource.URL_PROPERTY, "jdbc:postgresql://db/guanai?user=guanai")::get);
        assertNull(urlOnly.user(), "no user given: the URL's user= decides, not H2's sa");
        assertNull(urlOnly.password());
    }

    @Test
    void theDriverIsTheOneThatAcceptsTheUrl() {
        DataSourceFactory h2 = new OsgiDataSourceFactory(new org.h2.Driver());
        DataSourceFactory pg = new PGDataSourceFactory();
        List<DataSourceFactory> drivers = List.of(h2, pg);
        assertSame(pg, PooledDataSource.driverFor("jdbc:postgresql://db:5432/guanai", drivers));
        assertSame(h2, PooledDataSource.driverFor("jdbc:h2:file:/srv/guanai/data/db/guanai", drivers));
        assertSame(pg, PooledDataSource.driverFor("jdbc:postgresql://db/guanai", List.of(pg, h2)));
        assertNull(PooledDataSource.driverFor("jdbc:mysql://db/guanai", drivers), "none: nothing is opened");
    }

    private static DataSourceConfig config(String url, String user, String password) {
        return new DataSourceConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DataSourceConfig.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public int maximumPoolSize() {
                return 2;
            }

            @Override
            public String driver_target() {
                return "(osgi.jdbc.driver.class=*)";
            }
        };
    }
}
