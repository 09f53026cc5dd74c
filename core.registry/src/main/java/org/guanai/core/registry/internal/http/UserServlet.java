package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Role;
import org.guanai.core.registry.internal.notify.NotificationSettings;
import org.guanai.core.registry.internal.security.Account;
import org.guanai.core.registry.internal.security.Accounts;
import org.guanai.core.registry.internal.security.LoginThrottle;
import org.guanai.core.registry.internal.security.RolePermissions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * User administration (用户管理, {@code users.manage}; 管理本校用户, {@code users.manage.school}: the accounts of the
 * caller's schools only, as {@link Accounts} decides): {@code GET|POST /api/users}, {@code GET|PUT /api/users/{id}},
 * {@code POST /api/users/{id}/password} (set a new password: sessions end, tokens are revoked),
 * {@code POST /api/users/{id}/unlock} (no address waits any more for the user), {@code GET|PUT
 * /api/users/{id}/notifications} (the account's email, mobile and notification channels, as {@code /api/me/notifications}), and {@code GET /api/roles} (each role
 * with its permissions, every permission with its names, and {@code grantable}: the roles the caller may give). An
 * account the caller does not manage answers {@code 404} on every {@code /api/users/{id}} route, before its body is
 * read. Accounts are disabled ({@code "active": false}), never
 * deleted, so the audit log keeps its meaning. Each user carries {@code failedLogins}: {@code {"count", "addresses",
 * "last", "delayed"}} over the last 24 hours (attempts that did not get in, how many addresses they came from, the
 * latest, how many addresses wait now), or {@code null} when there were none.
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/users", "guanai.route=POST /api/users",
        "guanai.route=GET /api/users/{user}", "guanai.route=PUT /api/users/{user}",
        "guanai.route=POST /api/users/{user}/password", "guanai.route=POST /api/users/{user}/unlock",
        "guanai.route=GET /api/users/{user}/notifications", "guanai.route=PUT /api/users/{user}/notifications",
        "guanai.route=GET /api/roles" })
@HttpWhiteboardServletName("guanai-users")
@HttpWhiteboardServletPattern({ "/api/users", "/api/users/*", "/api/roles" })
public final class UserServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient Accounts accounts;
    private final transient RolePermissions roles;
    private final transient NotificationSettings notifications;

    @Activate
    public UserServlet(@Reference Accounts accounts, @Reference RolePermissions roles,
            @Reference NotificationSettings notifications) {
        this.accounts = accounts;
        this.roles = roles;
        this.notifications = notifications;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        String method = rq.getMethod();
        if (rq.getServletPath().equals("/api/roles")) {
            if (!path.isEmpty()) {
                throw notFound();
            }
            if (!method.equals("GET")) {
                throw methodNotAllowed(rs, "GET");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> byRole = new LinkedHashMap<>();
            roles.roles().forEach((r, p) -> byRole.put(r.name(), p));
            out.put("roles", byRole);
            Map<String, Object> names = new LinkedHashMap<>();
            roles.catalogue().forEach((id, n) -> names.put(id, Map.of("nameZh", n[0], "nameEn", n[1])));
            out.put("permissions", names);
            out.put("grantable", accounts.grantableRoles().stream().sorted().map(Role::name).toList());
            write(rs, 200, out);
            return;
        }
        if (path.isEmpty()) {
            switch (method) {
                case "GET" -> {
                    Map<String, LoginThrottle.FailedLogins> failed = accounts.failedLogins();
                    write(rs, 200, Map.of("items", accounts.list().stream().map(a -> view(a, failed.get(a.username()))).toList()));
                }
                case "POST" -> {
                    Account a = accounts.create(input(body(rq), true));
                    created(rq, rs, "/api/users/" + a.id(), view(a, accounts.failedLogins(a)));
                }
                default -> throw methodNotAllowed(rs, "GET, POST");
            }
            return;
        }
        long id = idSegment(path.get(0));
        // out of the caller's reach: absent, whatever the method and body
        Account reached = accounts.get(id).orElseThrow(() -> new NotFoundException("user", id));
        if (path.size() == 1) {
            switch (method) {
                case "GET" -> write(rs, 200, view(reached, accounts.failedLogins(reached)));
                case "PUT" -> {
                    ObjectNode body = body(rq);
                    long version = version(body, rq);
                    Account a = accounts.update(id, version, input(body, false));
                    write(rs, 200, view(a, accounts.failedLogins(a)));
                }
                default -> throw methodNotAllowed(rs, "GET, PUT");
            }
            return;
        }
        if (path.size() != 2) {
            throw notFound();
        }
        if (path.get(1).equals("notifications")) {
            // the account's contact details and channels (issue 19), for whoever manages the account
            switch (method) {
                case "GET" -> write(rs, 200, NotificationsServlet.view(notifications, id));
                case "PUT" -> {
                    notifications.put(id, NotificationsServlet.input(this, body(rq)));
                    write(rs, 200, NotificationsServlet.view(notifications, id));
                }
                default -> throw methodNotAllowed(rs, "GET, PUT");
            }
            return;
        }
        if (!method.equals("POST")) {
            throw methodNotAllowed(rs, "POST");
        }
        switch (path.get(1)) {
            case "password" -> {
                JsonNode pw = body(rq).get("password");
                accounts.resetPassword(id, pw == null || pw.isNull() ? null : pw.asText());
                rs.setStatus(204);
            }
            case "unlock" -> {
                accounts.unlock(id);
                rs.setStatus(204);
            }
            default -> throw notFound();
        }
    }

    /** An account as the administration pages see it, with its failed logins of the last day ({@code null}: none). */
    private ObjectNode view(Account a, LoginThrottle.FailedLogins failed) {
        ObjectNode n = responses.mapper().valueToTree(a);
        n.set("failedLogins", failed == null ? null : responses.mapper().valueToTree(failed));
        return n;
    }

    /** The fields an administrator may send; unknown fields are refused. */
    private record UserBody(String username, String displayName, String password, Set<Role> roles, Set<Long> schoolIds,
            Set<Long> classIds, Long staffId, Boolean active) {
    }

    private Accounts.UserInput input(ObjectNode body, boolean create) {
        ObjectNode fields = body.deepCopy();
        // read-only fields a client may send back as it read them (lockedUntil: as a console from before V10 read it)
        fields.remove(List.of("id", "version", "failedLogins", "lockedUntil", "createdAt", "updatedAt"));
        if (!create) {
            fields.remove(List.of("username", "password"));
        }
        UserBody b = convert(fields, UserBody.class);
        return new Accounts.UserInput(b.username(), b.displayName(), b.password(), b.roles() == null ? Set.of() : b.roles(),
                b.schoolIds() == null ? Set.of() : b.schoolIds(), b.classIds() == null ? Set.of() : b.classIds(), b.staffId(),
                b.active());
    }
}
