package org.guanai.core.registry.internal.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.security.Account;
import org.guanai.core.registry.internal.security.Accounts;

/**
 * Who receives a notice, and on which channels. Recipients: the active accounts named, and the active accounts holding
 * one of the audience's roles for the notice's school (a county role, 县级管理员 or 督导, for every school), each once.
 * A notice about a child reaches a role holder only where that role sees the child: a teacher by role gets it for the
 * children of her classes (given to the account, or whose head teacher she is), not for the rest of the school, as the
 * registry would show her.
 * Channels of a recipient: its preference for the notice's kind, else its preference for every kind ({@code *}), else
 * the channels of its roles; urgent-only channels are dropped from notices that are not urgent and added to urgent
 * ones; only channels that are on and for which the recipient has a target (an email address, a mobile number, a
 * webhook for the school or one of its roles) count.
 */
final class Recipients {
    record Recipient(long id, String username, Set<Role> roles, String email, String mobile) {
    }

    record Target(String channel, String target) {
    }

    private final ChannelSetup setup;

    Recipients(ChannelSetup setup) {
        this.setup = setup;
    }

    List<Recipient> of(Connection c, Notice n) throws SQLException {
        Set<String> named = n.audience().users().stream().map(u -> u.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<Role> roles = n.audience().roles();
        List<Recipient> out = new ArrayList<>();
        record Row(Recipient r, boolean atSchool, boolean inClass) {
        }
        Long childClass = n.childId() == null ? null
                : Jdbc.one(c, "SELECT class_id FROM core_child WHERE id = ?", rs -> Jdbc.longOrNull(rs, "class_id"), n.childId())
                        .orElse(null);
        List<Row> rows = Jdbc.list(c, "SELECT u.id, u.username, u.roles, u.email, u.mobile, (SELECT COUNT(*) FROM core_user_school s"
                + " WHERE s.user_id = u.id AND s.school_id = ?) AS at_school, (SELECT COUNT(*) FROM core_user_class uc"
                + " WHERE uc.user_id = u.id AND uc.class_id = ?) + (SELECT COUNT(*) FROM core_class cl WHERE cl.id = ?"
                + " AND cl.head_teacher_id = u.staff_id) AS in_class FROM core_user u WHERE u.active = TRUE ORDER BY u.id",
                rs -> new Row(new Recipient(rs.getLong("id"), rs.getString("username"), Accounts.parseRoles(rs.getString("roles")),
                        rs.getString("email"), rs.getString("mobile")), rs.getLong("at_school") > 0, rs.getLong("in_class") > 0),
                n.schoolId(), childClass, childClass);
        boolean aboutAChild = n.childId() != null;
        for (Row row : rows) {
            Recipient r = row.r();
            boolean byRole = r.roles().stream().anyMatch(x -> roles.contains(x)
                    && (Account.COUNTY_ROLES.contains(x) || row.atSchool()
                            && (!aboutAChild || Account.ALL_CLASS_ROLES.contains(x) || row.inClass())));
            if (byRole || named.contains(r.username())) {
                out.add(r);
            }
        }
        return out;
    }

    List<Target> targets(Connection c, Recipient r, Notice n) throws SQLException {
        Map<String, String> prefs = Jdbc.list(c, "SELECT kind, channels FROM core_notify_pref WHERE user_id = ? AND kind IN (?, '*')",
                rs -> Map.entry(rs.getString(1), rs.getString(2)), r.id(), n.kind()).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        String chosen = prefs.containsKey(n.kind()) ? prefs.get(n.kind()) : prefs.get("*");
        Set<String> channels = chosen != null ? ChannelSetup.channelList(chosen) : setup.forRoles(r.roles());
        channels = new LinkedHashSet<>(channels);
        if (n.urgent()) {
            channels.addAll(setup.urgentOnly());
        } else {
            channels.removeAll(setup.urgentOnly());
        }
        channels.retainAll(setup.enabled());
        List<Target> out = new ArrayList<>();
        for (String ch : channels) {
            Optional<String> target = switch (ch) {
                case Channel.EMAIL -> Optional.ofNullable(r.email());
                case Channel.SMS -> Optional.ofNullable(r.mobile());
                case Channel.WECOM -> setup.webhook(n.schoolId(), r.roles());
                default -> Optional.empty();
            };
            target.ifPresent(t -> out.add(new Target(ch, t)));
        }
        return out;
    }
}
