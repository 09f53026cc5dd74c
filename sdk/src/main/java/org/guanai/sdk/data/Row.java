package org.guanai.sdk.data;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps the current row of a result set; implemented by programmes, usually as a method reference. */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface Row<T> {

    /** @return the value of the current row; do not move the cursor */
    T map(ResultSet rs) throws SQLException;
}
