package org.guanai.core.registry.internal.programmes;

import javax.sql.DataSource;

import org.guanai.core.api.dto.MigrationReport;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.registry.internal.persistence.FlywaySchemaMigrator;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.sdk.data.DataException;
import org.guanai.sdk.data.Database;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The SDK's {@link Database} for one programme bundle (bundle-scoped: each bundle gets its own, bound to its programme
 * id), over the platform's pooled data source and schema migrator; its statements and transactions are {@link SqlDatabase}'s.
 */
@Component(service = Database.class, scope = ServiceScope.BUNDLE)
public final class ProgrammeDatabase extends SqlDatabase {
    private final FlywaySchemaMigrator migrator;
    private final Bundle bundle;
    private final String owner;

    @Activate
    public ProgrammeDatabase(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference FlywaySchemaMigrator migrator, ComponentContext context) {
        this(dataSource, migrator, context.getUsingBundle(), ownerOf(context.getUsingBundle()));
    }

    ProgrammeDatabase(DataSource dataSource, FlywaySchemaMigrator migrator, Bundle bundle, String owner) {
        super(dataSource);
        this.migrator = migrator;
        this.bundle = bundle;
        this.owner = owner;
    }

    private static String ownerOf(Bundle b) {
        String id = b.getHeaders("").get(Programme.MANIFEST_HEADER);
        return id == null ? null : id.trim();
    }

    @Override
    public MigrationReport migrate() {
        if (owner == null) {
            throw new DataException("bundle " + bundle.getSymbolicName() + " is not a programme (no " + Programme.MANIFEST_HEADER
                    + " header): it has no migrations of its own", null);
        }
        try {
            return migrator.migrate(owner, bundle);
        } catch (IllegalStateException e) {
            throw new DataException(e.getMessage(), e);
        }
    }
}
