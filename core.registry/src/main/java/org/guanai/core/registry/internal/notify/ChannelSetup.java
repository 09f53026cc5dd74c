package org.guanai.core.registry.internal.notify;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels as configured ({@link NotifyConfig}): which are on (email with an SMTP host, SMS with a gateway URL,
 * 企业微信 with at least one webhook), the channels of each role, the urgent-only channels, and the {@link Secrets} that
 * mask what they must never show. A line of configuration that cannot be read is logged (without its value) and left out.
 */
final class ChannelSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelSetup.class);
    static final Set<String> ALL = Set.of(Channel.EMAIL, Channel.WECOM, Channel.SMS);

    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<Role, Set<String>> byRole = new EnumMap<>(Role.class);
    private final Set<String> urgentOnly = new LinkedHashSet<>();
    private final WecomChannel wecom;
    final Secrets secrets;
    final NotifyConfig config;

    ChannelSetup(NotifyConfig config) {
        this.config = config;
        Duration timeout = Duration.ofSeconds(Math.max(1, config.timeoutSeconds()));
        List<String> secretValues = new ArrayList<>(List.of(config.smtpPassword(), config.smsToken()));
        Map<String, String> hooks = new LinkedHashMap<>();
        for (String line : config.wecomWebhooks()) {
            int eq = line.indexOf('=');
            String key = eq > 0 ? line.substring(0, eq).trim().toLowerCase(Locale.ROOT) : "";
            if (eq > 0 && (key.matches("school:\\d+") || key.startsWith("role:") && role(key.substring(5)).isPresent())) {
                String url = line.substring(eq + 1).trim();
                hooks.put(key, url);
                secretValues.add(url);
            } else {
                LOG.warn("{} wecomWebhooks: an entry is neither school:<id>=<url> nor role:<role>=<url>; left out",
                        NotifyConfig.PID);
            }
        }
        this.secrets = new Secrets(secretValues);
        if (!config.smtpHost().isBlank()) {
            channels.put(Channel.EMAIL, new EmailChannel(config));
        }
        // an HTTP client (its TLS context, its selector thread) only for a channel that posts to a URL
        HttpClient http = hooks.isEmpty() && config.smsUrl().isBlank() ? null
                : HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.wecom = hooks.isEmpty() ? null : new WecomChannel(hooks, http, timeout);
        if (wecom != null) {
            channels.put(Channel.WECOM, wecom);
        }
        if (!config.smsUrl().isBlank()) {
            try {
                channels.put(Channel.SMS, new SmsChannel(config, http, timeout));
            } catch (IllegalArgumentException e) {
                LOG.warn("{} smsUrl is not a valid URL: SMS is off", NotifyConfig.PID);
            }
        }
        for (String line : config.roleChannels()) {
            int eq = line.indexOf('=');
            Optional<Role> role = eq > 0 ? role(line.substring(0, eq)) : Optional.empty();
            if (role.isEmpty()) {
                LOG.warn("{} roleChannels: an entry is not <role id>=<channels>; left out", NotifyConfig.PID);
                continue;
            }
            byRole.put(role.get(), channelList(line.substring(eq + 1)));
        }
        for (String c : config.urgentChannels()) {
            urgentOnly.addAll(channelList(c));
        }
    }

    /** A setup with the given channels instead of the configured ones (tests). */
    ChannelSetup with(Channel channel) {
        channels.put(channel.id(), channel);
        return this;
    }

    private static Optional<Role> role(String id) {
        String t = id.trim().toUpperCase(Locale.ROOT);
        for (Role r : Role.values()) {
            if (r.name().equals(t)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    static Set<String> channelList(String csv) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : csv.split(",")) {
            String c = s.trim().toLowerCase(Locale.ROOT);
            if (ALL.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** @return the ids of the channels that are on */
    Set<String> enabled() {
        return channels.keySet();
    }

    Channel channel(String id) {
        return channels.get(id);
    }

    /** @return the channels of an account without a preference for the kind: those of its roles, together */
    Set<String> forRoles(Set<Role> roles) {
        Set<String> out = new LinkedHashSet<>();
        roles.forEach(r -> out.addAll(byRole.getOrDefault(r, Set.of())));
        return out;
    }

    Set<String> urgentOnly() {
        return urgentOnly;
    }

    /** @return the key of the 企业微信 webhook for a school and roles: the school's, else the first role's that has one */
    Optional<String> webhook(long schoolId, Set<Role> roles) {
        if (wecom == null) {
            return Optional.empty();
        }
        if (wecom.has("school:" + schoolId)) {
            return Optional.of("school:" + schoolId);
        }
        return roles.stream().sorted().map(r -> "role:" + r.id()).filter(wecom::has).findFirst();
    }
}
