package org.guanai.core.registry.internal.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.Texts;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.registry.Validator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * An account's contact details (email, mobile) and its channels per notice kind ({@code core_notify_pref}), as the
 * account itself ({@code /api/me/notifications}) and its administrators ({@code /api/users/{id}/notifications}) read and
 * change them. A change is checked whole and stored whole, or not at all.
 */
@Component(service = NotificationSettings.class, configurationPid = NotifyConfig.PID)
public final class NotificationSettings {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

    /** What an account chose: contact details and, per kind ({@code *}: every other kind), its channels. */
    public record Settings(String email, String mobile, Map<String, List<String>> channels) {
    }

    /** A kind the account received, with the subject of its latest notice, so that the console can name it. */
    public record Kind(String kind, String labelZh, String labelEn) {
    }

    private final Jdbc jdbc;
    private final Set<String> available;
    private final Messages messages = new Messages();

    @Activate
    public NotificationSettings(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, NotifyConfig config) {
        this(dataSource, new ChannelSetup(config).enabled());
    }

    NotificationSettings(DataSource dataSource, Set<String> available) {
        this.jdbc = new Jdbc(dataSource);
        this.available = Set.copyOf(available);
    }

    /** @return the channels that are on, besides the inbox */
    public List<String> available() {
        return ChannelSetup.ALL.stream().filter(available::contains).sorted().toList();
    }

    public Settings get(long userId) {
        return jdbc.read(c -> {
            var contact = Jdbc.one(c, "SELECT email, mobile FROM core_user WHERE id = ?",
                    rs -> new String[] { rs.getString(1), rs.getString(2) }, userId)
                    .orElseThrow(() -> new NotFoundException("user", userId));
            Map<String, List<String>> channels = new TreeMap<>();
            Jdbc.list(c, "SELECT kind, channels FROM core_notify_pref WHERE user_id = ?",
                    rs -> Map.entry(rs.getString(1), rs.getString(2)), userId)
                    .forEach(e -> channels.put(e.getKey(), List.copyOf(ChannelSetup.channelList(e.getValue()))));
            return new Settings(contact[0], contact[1], channels);
        });
    }

    /**
     * @return the kinds of the notices the account received, each named by the kind's words its sender gave (else by the
     *         latest subject of that kind)
     */
    public List<Kind> kinds(long userId) {
        return jdbc.read(c -> {
            Map<String, Kind> out = new LinkedHashMap<>();
            Jdbc.list(c, "SELECT n.kind, COALESCE(n.kind_zh, n.subject_zh), COALESCE(n.kind_en, n.subject_en) FROM core_inbox i"
                    + " JOIN core_notice n ON n.id = i.notice_id WHERE i.user_id = ? ORDER BY n.created_at DESC, n.id DESC"
                    + " FETCH FIRST 500 ROWS ONLY", rs -> new Kind(rs.getString(1), rs.getString(2), rs.getString(3)), userId)
                    .forEach(k -> out.putIfAbsent(k.kind(), k));
            return List.copyOf(out.values());
        });
    }

    /** Replaces the account's contact details and channels; every error names its field, nothing is stored then. */
    public Settings put(long userId, Settings in) {
        List<FieldError> errors = new ArrayList<>();
        String email = Texts.clean(in.email());
        String mobile = Texts.clean(in.mobile());
        if (email != null && (email.length() > 200 || !EMAIL.matcher(email).matches())) {
            errors.add(messages.error("email", "error.email"));
        }
        if (mobile != null && !MOBILE.matcher(mobile).matches()) {
            errors.add(messages.error("mobile", "error.mobile"));
        }
        Map<String, List<String>> channels = in.channels() == null ? Map.of() : in.channels();
        channels.forEach((kind, list) -> {
            if (kind == null || !kind.equals("*") && !NotificationService.KIND.matcher(kind).matches()) {
                errors.add(messages.error("channels", "error.notify.kind"));
            } else if (list == null || list.stream().anyMatch(ch -> ch == null || !ChannelSetup.ALL.contains(ch))) {
                errors.add(messages.error("channels." + kind, "error.notify.channel"));
            }
        });
        Validator.throwIfAny(errors);
        jdbc.tx(c -> {
            if (Jdbc.update(c, "UPDATE core_user SET email = ?, mobile = ? WHERE id = ?", email, mobile, userId) == 0) {
                throw new NotFoundException("user", userId);
            }
            Jdbc.update(c, "DELETE FROM core_notify_pref WHERE user_id = ?", userId);
            for (Map.Entry<String, List<String>> e : channels.entrySet()) {
                Jdbc.update(c, "INSERT INTO core_notify_pref (user_id, kind, channels) VALUES (?, ?, ?)", userId, e.getKey(),
                        String.join(",", ChannelSetup.channelList(String.join(",", e.getValue()))));
            }
            return null;
        });
        return get(userId);
    }
}
