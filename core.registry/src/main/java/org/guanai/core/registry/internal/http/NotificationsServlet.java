package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import org.guanai.core.registry.internal.Paging;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.notify.Inbox;
import org.guanai.core.registry.internal.notify.NotificationSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The signed-in user's notices and notification settings: {@code GET /api/inbox} (newest first, {@code page},
 * {@code size}, {@code unread=true} for unread ones only; with {@code total} and {@code unread}, the count of unread
 * notices), {@code POST /api/inbox/{id}/read}, {@code POST /api/inbox/read-all}, and {@code GET|PUT
 * /api/me/notifications} (email, mobile, channels per notice kind), and {@code POST /api/me/notifications/test}: a test
 * notice to oneself, for the school the request acts for, on every channel one's settings choose (at most one a minute:
 * {@code 200} with {@code "sent": false} for the others). A notice of another user is absent ({@code 404}). Each notice
 * about a child that a page of the inbox shows is an audited read ({@code READ notice}, with the child and school), as
 * a read of the child's archive is.
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/inbox", "guanai.route=POST /api/inbox/{notice}/read",
        "guanai.route=POST /api/inbox/read-all", "guanai.route=GET /api/me/notifications",
        "guanai.route=PUT /api/me/notifications", "guanai.route=POST /api/me/notifications/test" })
@HttpWhiteboardServletName("guanai-notifications")
@HttpWhiteboardServletPattern({ "/api/inbox", "/api/inbox/*", "/api/me/notifications", "/api/me/notifications/test" })
public final class NotificationsServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient Inbox inbox;
    private final transient NotificationSettings settings;
    private final transient Notifications notifications;
    private final transient CallerContext callers;
    private final transient AuditLog audit;
    private final transient Clock clock = Clock.systemUTC();

    @Activate
    public NotificationsServlet(@Reference Inbox inbox, @Reference NotificationSettings settings,
            @Reference Notifications notifications, @Reference CallerContext callers, @Reference AuditLog audit) {
        this.audit = audit;
        this.inbox = inbox;
        this.settings = settings;
        this.notifications = notifications;
        this.callers = callers;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        long me = AccountServlet.principal(rq).account().id();
        String method = rq.getMethod();
        if (rq.getServletPath().equals("/api/me/notifications/test")) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(rs, "POST");
            }
            test(rs, AccountServlet.principal(rq).account().username());
            return;
        }
        if (rq.getServletPath().equals("/api/me/notifications")) {
            settings(rq, rs, method, me);
            return;
        }
        if (path.isEmpty()) {
            if (!method.equals("GET")) {
                throw methodNotAllowed(rs, "GET");
            }
            int page = intParam(rq, "page", 0);
            int size = intParam(rq, "size", 20);
            Paging.check(page, size, messages);
            Inbox.Page p = inbox.page(me, page, size, boolParam(rq, "unread"));
            for (Inbox.Item i : p.items()) {
                if (i.childId() != null) {
                    // a notice about a child may say what concerns the child: read as the child's archive is, audited
                    audit.recordRead(AuditLog.Event.of(AuditActions.READ, "notice", i.id()).child(i.childId())
                            .school(i.schoolId()).outcome(AuditLog.OK));
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", p.items());
            out.put("total", p.total());
            out.put("unread", p.unread());
            out.put("page", page);
            out.put("size", size);
            write(rs, 200, out);
            return;
        }
        if (!method.equals("POST")) {
            throw methodNotAllowed(rs, "POST");
        }
        if (path.size() == 1 && path.get(0).equals("read-all")) {
            write(rs, 200, Map.of("marked", inbox.markAllRead(me), "unread", inbox.unread(me)));
        } else if (path.size() == 2 && path.get(1).equals("read")) {
            inbox.markRead(me, idSegment(path.get(0)));
            write(rs, 200, Map.of("unread", inbox.unread(me)));
        } else {
            throw notFound();
        }
    }

    private void settings(HttpServletRequest rq, HttpServletResponse rs, String method, long userId) throws IOException {
        switch (method) {
            case "GET" -> write(rs, 200, view(settings, userId));
            case "PUT" -> {
                settings.put(userId, input(this, body(rq)));
                write(rs, 200, view(settings, userId));
            }
            default -> throw methodNotAllowed(rs, "GET, PUT");
        }
    }

    /** A test notice to the caller, for the school the request acts for; one a minute. */
    private void test(HttpServletResponse rs, String user) throws IOException {
        Caller caller = callers.current().orElseThrow(() -> new HttpError(401, "unauthenticated", List.of()));
        long school = caller.schoolId().orElseThrow(() -> new HttpError(400, "validation",
                List.of(messages.error("X-Guanai-School", "error.required"))));
        String minute = clock.instant().truncatedTo(ChronoUnit.MINUTES).toString();
        boolean sent = notifications.send(Notice.builder("core", "TEST_NOTICE").about(school, null).to(Audience.users(user))
                .kindLabel(messages.zh("notify.test.kind"), messages.en("notify.test.kind"))
                .subject(messages.zh("notify.test.subject"), messages.en("notify.test.subject"))
                .body(messages.zh("notify.test.body"), messages.en("notify.test.body")).link("/#/inbox")
                .dedupKey("core:test:" + user + ":" + minute).build()).isPresent();
        write(rs, 200, Map.of("sent", sent));
    }

    /** The settings of an account as the console shows them: what it chose, the channels that are on, the kinds it had. */
    static Map<String, Object> view(NotificationSettings settings, long userId) {
        NotificationSettings.Settings s = settings.get(userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("email", s.email());
        out.put("mobile", s.mobile());
        out.put("channels", s.channels());
        out.put("available", settings.available());
        out.put("kinds", settings.kinds(userId));
        return out;
    }

    /** The settings a client sent: the fields it read back, less the read-only ones. */
    static NotificationSettings.Settings input(ApiServlet servlet, ObjectNode body) {
        ObjectNode fields = body.deepCopy();
        fields.remove(List.of("available", "kinds"));
        return servlet.convert(fields, NotificationSettings.Settings.class);
    }
}
