package org.guanai.sdk.data;

import java.sql.SQLException;

/** Database work, run by {@link Database#tx} or {@link Database#read}. Implemented by programmes, usually as a lambda. */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface Work<T> {

    /** @param sql statements on the work's connection */
    T run(Sql sql) throws SQLException;
}
