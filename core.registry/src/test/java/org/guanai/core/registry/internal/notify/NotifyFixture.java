package org.guanai.core.registry.internal.notify;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.guanai.core.api.dto.Role;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLogTest;
import org.guanai.core.registry.internal.persistence.Jdbc;

import com.sun.net.httpserver.HttpServer;

/**
 * A database with two schools and the accounts the notification tests need, a clock the tests move, {@link NotifyConfig}
 * as the component runtime gives it, and a local HTTP receiver.
 */
final class NotifyFixture implements AutoCloseable {
    final TestRegistry r = new TestRegistry("notify");
    final AuditLogTest.MutableClock clock = new AuditLogTest.MutableClock(TestSupport.CLOCK.instant());
    final long school1 = r.school("温水镇中心小学").id();
    final long school2 = r.school("良村镇中心小学").id();

    /** Creates an active account with roles, schools and contact details; @return its id */
    long user(String name, Role role, Long school, String email, String mobile) {
        return new Jdbc(r.db).tx(c -> {
            Instant now = clock.instant();
            long id = Jdbc.insert(c, "INSERT INTO core_user (username, display_name, password_hash, roles, active,"
                    + " password_changed_at, created_at, updated_at, email, mobile) VALUES (?, ?, 'x', ?, TRUE, ?, ?, ?, ?, ?)",
                    name, name, role.name(), now, now, now, email, mobile);
            if (school != null) {
                Jdbc.update(c, "INSERT INTO core_user_school (user_id, school_id) VALUES (?, ?)", id, school);
            }
            return id;
        });
    }

    /** Sets the channels an account chose for a kind. */
    void prefer(long userId, String kind, String channels) {
        new Jdbc(r.db).tx(c -> Jdbc.update(c, "INSERT INTO core_notify_pref (user_id, kind, channels) VALUES (?, ?, ?)", userId,
                kind, channels));
    }

    void exec(String sql, Object... args) {
        new Jdbc(r.db).tx(c -> Jdbc.update(c, sql, args));
    }

    long count(String sql, Object... args) {
        return TestSupport.count(r.db, sql, args);
    }

    List<List<Object>> rows(String sql, Object... args) {
        return TestSupport.rows(r.db, sql, args);
    }

    /** {@link NotifyConfig} with its defaults but for the given attributes. */
    static NotifyConfig config(Map<String, Object> values) {
        Map<String, Object> v = new HashMap<>(values);
        return (NotifyConfig) Proxy.newProxyInstance(NotifyConfig.class.getClassLoader(), new Class<?>[] { NotifyConfig.class },
                (proxy, m, args) -> switch (m.getName()) {
                    case "annotationType" -> NotifyConfig.class;
                    case "toString" -> "NotifyConfig" + v.keySet();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> v.containsKey(m.getName()) ? v.get(m.getName()) : m.getDefaultValue();
                });
    }

    NotificationService service(NotifyConfig config) {
        return new NotificationService(r.db, new ChannelSetup(config), clock);
    }

    DeliveryWorker worker(NotifyConfig config, String node) {
        return new DeliveryWorker(r.db, new ChannelSetup(config), clock, node);
    }

    @Override
    public void close() {
        r.close();
    }

    /** A request a {@link Receiver} got. */
    record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    /** A local HTTP server that records every request and answers with the status {@code status} gives, and {@code body}. */
    static final class Receiver implements AutoCloseable {
        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        private final HttpServer server;

        Receiver(IntSupplier status, String body) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                calls.incrementAndGet();
                try (InputStream in = ex.getRequestBody()) {
                    received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                            Map.copyOf(ex.getRequestHeaders()), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status.getAsInt(), out.length);
                ex.getResponseBody().write(out);
                ex.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
