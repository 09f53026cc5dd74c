package org.guanai.plugin.activities.internal;

import org.guanai.sdk.data.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's tables ({@code activities_*}) on the platform's database ({@link Database}): migrations
 * {@code db/activities/V*.sql} are applied here, once, before any store touches them. Every store reads and writes through
 * {@link #db()}; SQL that runs on H2 (PostgreSQL mode) and PostgreSQL.
 */
@Component(service = Tables.class)
public final class Tables {
    private final Database db;

    @Activate
    public Tables(@Reference Database db) {
        db.migrate();
        this.db = db;
    }

    /** @return the database, migrated */
    Database db() {
        return db;
    }
}
