package org.guanai.core.registry.internal.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * 站内消息 (the console inbox): the notices of one account, newest first, and marking them read. Every method takes the
 * account's id and touches only its rows: another account's notice is absent ({@link NotFoundException}).
 */
@Component(service = Inbox.class)
public final class Inbox {
    /** One notice as its recipient sees it. */
    public record Item(long id, String source, String kind, boolean urgent, long schoolId, Long childId, String subjectZh,
            String subjectEn, String bodyZh, String bodyEn, String link, Instant createdAt, Instant readAt) {
    }

    /** A page of the inbox with the totals. */
    public record Page(List<Item> items, long total, long unread) {
    }

    private final Jdbc jdbc;
    private final Clock clock;

    @Activate
    public Inbox(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator) {
        this(dataSource, Clock.systemUTC());
    }

    Inbox(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** @return the account's notices, newest first, {@code size} from {@code page * size}; {@code unreadOnly}: unread ones */
    public Page page(long userId, int page, int size, boolean unreadOnly) {
        return jdbc.read(c -> {
            String only = unreadOnly ? " AND i.read_at IS NULL" : "";
            List<Item> items = Jdbc.list(c, "SELECT n.*, i.read_at FROM core_inbox i JOIN core_notice n ON n.id = i.notice_id"
                    + " WHERE i.user_id = ?" + only + " ORDER BY n.created_at DESC, n.id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                    rs -> new Item(rs.getLong("id"), rs.getString("source"), rs.getString("kind"), rs.getBoolean("urgent"),
                            rs.getLong("school_id"), Jdbc.longOrNull(rs, "child_id"), rs.getString("subject_zh"),
                            rs.getString("subject_en"), rs.getString("body_zh"), rs.getString("body_en"), rs.getString("link"),
                            Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "read_at")),
                    userId, (long) page * size, size);
            long total = Jdbc.count(c, "SELECT COUNT(*) FROM core_inbox i WHERE i.user_id = ?" + only, userId);
            long unread = Jdbc.count(c, "SELECT COUNT(*) FROM core_inbox WHERE user_id = ? AND read_at IS NULL", userId);
            return new Page(items, total, unread);
        });
    }

    /** @return the account's unread notices */
    public long unread(long userId) {
        return jdbc.read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM core_inbox WHERE user_id = ? AND read_at IS NULL", userId));
    }

    /** Marks one of the account's notices read (again: unchanged); another's is absent. */
    public void markRead(long userId, long noticeId) {
        jdbc.tx(c -> {
            if (Jdbc.count(c, "SELECT COUNT(*) FROM core_inbox WHERE user_id = ? AND notice_id = ?", userId, noticeId) == 0) {
                throw new NotFoundException("notice", noticeId);
            }
            return Jdbc.update(c, "UPDATE core_inbox SET read_at = ? WHERE user_id = ? AND notice_id = ? AND read_at IS NULL",
                    clock.instant(), userId, noticeId);
        });
    }

    /** @return how many of the account's notices were marked read */
    public int markAllRead(long userId) {
        return jdbc.tx(c -> Jdbc.update(c, "UPDATE core_inbox SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
                clock.instant(), userId));
    }
}
