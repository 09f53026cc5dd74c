package org.guanai.core.registry.internal.safety;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import javax.sql.DataSource;

import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the safety components tell people: the child's head teacher and the school's and the county's administrators,
 * through the optional {@link Notifications} service, with texts from the core's messages and a de-duplication key so
 * that each notice is queued once. One component that {@link SafetyService} and {@link SafetySweep} share, so that the
 * optional service is bound in one place.
 */
@Component(service = SafetyNotices.class)
public final class SafetyNotices {
    private static final Logger LOG = LoggerFactory.getLogger(SafetyNotices.class);
    private static final String LINK = "/#/safety";

    private final Jdbc jdbc;
    private final Messages messages = new Messages();
    private final AtomicReference<Notifications> service = new AtomicReference<>();

    @Activate
    public SafetyNotices(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setNotifications(Notifications n) {
        service.set(n);
    }

    public void unsetNotifications(Notifications n) {
        service.compareAndSet(n, null);
    }

    /** @return a text of the core's messages in 中文 ({@code true}) or English */
    String text(boolean zh, String key) {
        return zh ? messages.zh(key) : messages.en(key);
    }

    /**
     * Tells the child's head teacher and the school's and the county's administrators: subject and body from
     * {@code <key>.subject} and {@code <key>.body}, both formatted with the arguments of each language ({@code true}: 中文).
     *
     * @return whether the notification service took it
     */
    boolean notify(String kind, boolean urgent, long school, long child, String key, String dedupKey,
            Function<Boolean, Object[]> args) {
        Object[] zh = args.apply(true);
        Object[] en = args.apply(false);
        return send(Notice.builder("core", kind).urgent(urgent).about(school, child)
                .kindLabel(messages.zh("safety.notice.kind." + kind), messages.en("safety.notice.kind." + kind))
                .to(headTeacherOf(child).and(Role.SCHOOL_ADMIN, Role.COUNTY_ADMIN))
                .subject(messages.zh(key + ".subject", zh), messages.en(key + ".subject", en))
                .body(messages.zh(key + ".body", zh), messages.en(key + ".body", en)).link(LINK).dedupKey(dedupKey).build());
    }

    /** @return whether a notification service took the notice (queued now or before, by its de-duplication key) */
    private boolean send(Notice notice) {
        Notifications n = service.get();
        if (n == null) {
            return false;
        }
        try {
            n.send(notice);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Notice {} could not be queued; tried again at the next sweep", notice.dedupKey(), e);
            return false;
        }
    }

    /** The account of the head teacher of the child's class, when there is one. */
    private Audience headTeacherOf(long childId) {
        List<String> users = jdbc.read(c -> Jdbc.list(c, "SELECT u.username FROM core_child k"
                + " JOIN core_class cl ON cl.id = k.class_id JOIN core_staff st ON st.id = cl.head_teacher_id AND st.active = TRUE"
                + " JOIN core_user u ON u.staff_id = st.id AND u.active = TRUE WHERE k.id = ?", rs -> rs.getString(1), childId));
        return new Audience(Set.copyOf(users), Set.of());
    }
}
