package org.guanai.core.registry.internal.notify;

import java.time.Clock;
import java.util.Map;

import javax.sql.DataSource;

import org.guanai.core.api.notify.Notifications;

/** The real notification service for the tests of other packages: its default channels, a clock of their own. */
public final class TestNotifications {
    private TestNotifications() {
    }

    /** @return the notification service on the database, with every setting at its default (the console inbox only) */
    public static Notifications service(DataSource db, Clock clock) {
        return new NotificationService(db, new ChannelSetup(NotifyFixture.config(Map.of())), clock);
    }
}
