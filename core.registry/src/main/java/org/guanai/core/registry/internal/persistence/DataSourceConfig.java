package org.guanai.core.registry.internal.persistence;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Guanai database", description = "The core's pooled JDBC DataSource (数据库连接)")
@interface DataSourceConfig {

    @AttributeDefinition(description = "JDBC URL; empty: GUANAI_DB_URL (with GUANAI_DB_USER and GUANAI_DB_PASSWORD) when set, "
            + "else an H2 file database in PostgreSQL mode under <guanai.data>/db, with a "
            + "generated password in <guanai.data>/secrets/db.password, encrypted when GUANAI_DB_KEY is set")
    String url() default "";

    @AttributeDefinition(description = "Database user")
    String user() default "sa";

    @AttributeDefinition(description = "Database password; empty with the default H2 file: the generated one in "
            + "<guanai.data>/secrets/db.password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "Largest number of pooled connections")
    int maximumPoolSize() default 16;

    @AttributeDefinition(description = "Filter selecting the DataSourceFactory (JDBC driver) services; of these, the first "
            + "that accepts the URL is used (H2 and PostgreSQL ship in guanai.jar)")
    String driver_target() default "(osgi.jdbc.driver.class=*)";
}
