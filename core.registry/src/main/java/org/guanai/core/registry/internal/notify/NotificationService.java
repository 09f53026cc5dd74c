package org.guanai.core.registry.internal.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.registry.Validator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * 消息通知服务 ({@link Notifications}): checks a notice, and in one transaction stores it ({@code core_notice}), puts it
 * in the inbox of every recipient ({@code core_inbox}) and queues one delivery per channel and target that the
 * recipients' preferences or roles choose ({@code core_delivery}), which {@link DeliveryWorker} sends. A notice whose
 * de-duplication key is stored already is not stored again; of two nodes racing with one key, the unique constraint
 * lets one in and the other answers empty.
 */
@Component(service = Notifications.class, configurationPid = NotifyConfig.PID)
@Designate(ocd = NotifyConfig.class)
public final class NotificationService implements Notifications {
    static final Pattern KIND = Pattern.compile("[A-Z][A-Z0-9_]{0,59}");
    private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9.]{0,39}");
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbc jdbc;
    private final ChannelSetup setup;
    private final Recipients recipients;
    private final Clock clock;
    private final Messages messages = new Messages();

    @Activate
    public NotificationService(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, NotifyConfig config) {
        this(dataSource, new ChannelSetup(config), Clock.systemUTC());
    }

    NotificationService(DataSource dataSource, ChannelSetup setup, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.setup = setup;
        this.recipients = new Recipients(setup);
        this.clock = clock;
    }

    @Override
    public OptionalLong send(Notice n) {
        Validator.throwIfAny(errors(n));
        String dedup = n.dedupKey() == null ? null : n.dedupKey().strip();
        try {
            return jdbc.tx(c -> {
                if (dedup != null && Jdbc.count(c, "SELECT COUNT(*) FROM core_notice WHERE dedup_key = ?", dedup) > 0) {
                    return OptionalLong.empty();
                }
                if (Jdbc.count(c, "SELECT COUNT(*) FROM core_school WHERE id = ?", n.schoolId()) == 0) {
                    throw new ValidationException(List.of(messages.error("schoolId", "error.notify.school")));
                }
                return OptionalLong.of(store(c, n, dedup));
            });
        } catch (Jdbc.DataAccessException e) {
            if (dedup != null && e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return OptionalLong.empty(); // another node stored the same key meanwhile
            }
            throw e;
        }
    }

    private long store(Connection c, Notice n, String dedup) throws SQLException {
        Instant now = clock.instant();
        long id = Jdbc.insert(c, "INSERT INTO core_notice (source, kind, kind_zh, kind_en, urgent, school_id, child_id, subject_zh,"
                + " subject_en, body_zh, body_en, link, dedup_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                n.source(), n.kind(), blankToNull(n.kindZh()), blankToNull(n.kindEn()), n.urgent(), n.schoolId(), n.childId(),
                n.subjectZh().strip(), n.subjectEn().strip(), blankToNull(n.bodyZh()), blankToNull(n.bodyEn()),
                blankToNull(n.link()), dedup, now);
        Set<String> queued = new HashSet<>();
        for (Recipients.Recipient r : recipients.of(c, n)) {
            Jdbc.update(c, "INSERT INTO core_inbox (notice_id, user_id) VALUES (?, ?)", id, r.id());
            for (Recipients.Target t : recipients.targets(c, r, n)) {
                if (queued.add(t.channel() + " " + t.target())) {
                    Jdbc.update(c, "INSERT INTO core_delivery (notice_id, user_id, channel, target, status, attempts, next_at)"
                            + " VALUES (?, ?, ?, ?, 'PENDING', 0, ?)", id, r.id(), t.channel(), t.target(), now);
                }
            }
        }
        return id;
    }

    /** @return what is wrong with a notice, each naming its field */
    List<FieldError> errors(Notice n) {
        List<FieldError> e = new ArrayList<>();
        if (n == null) {
            return List.of(messages.error("notice", "error.required"));
        }
        if (n.source() == null || !SOURCE.matcher(n.source()).matches()) {
            e.add(messages.error("source", n.source() == null ? "error.required" : "error.param.badValue"));
        }
        if (n.kind() == null || !KIND.matcher(n.kind()).matches()) {
            e.add(messages.error("kind", n.kind() == null ? "error.required" : "error.notify.kind"));
        }
        if (n.schoolId() <= 0) {
            e.add(messages.error("schoolId", "error.required"));
        }
        if (n.audience() == null || n.audience().isEmpty()) {
            e.add(messages.error("audience", "error.required"));
        }
        text(e, "subjectZh", n.subjectZh(), 200, true);
        text(e, "subjectEn", n.subjectEn(), 200, true);
        text(e, "bodyZh", n.bodyZh(), 4000, false);
        text(e, "bodyEn", n.bodyEn(), 4000, false);
        text(e, "link", n.link(), 500, false);
        if (n.link() != null && !n.link().isBlank() && !n.link().startsWith("/")) {
            e.add(messages.error("link", "error.notify.link"));
        }
        text(e, "dedupKey", n.dedupKey(), 200, false);
        text(e, "kindZh", n.kindZh(), 100, false);
        text(e, "kindEn", n.kindEn(), 100, false);
        return e;
    }

    private void text(List<FieldError> e, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                e.add(messages.error(field, "error.required"));
            }
        } else if (value.strip().length() > max) {
            e.add(messages.error(field, "error.tooLong", max));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
