package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import org.guanai.core.registry.internal.audit.AuditLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The audit log over HTTP, read-only: {@code GET /api/audit?user=&child=&school=&action=&from=&to=&page=&size=} (newest
 * first) and {@code GET /api/audit/verify} (checks the whole sealed chain and every line of the anchor file:
 * {@code {ok, checked, brokenAt, reason}}, see {@link AuditLog#verify}). {@code from} and {@code to} are ISO-8601 instants or
 * dates; a date is a whole day in China Standard Time, so {@code from=2026-11-01&to=2026-11-30} is all of November.
 */
@Component(service = Servlet.class, property = { "guanai.route=GET /api/audit", "guanai.route=GET /api/audit/verify" })
@HttpWhiteboardServletName("guanai-audit")
@HttpWhiteboardServletPattern({ "/api/audit", "/api/audit/*" })
public final class AuditServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    static final int DEFAULT_PAGE_SIZE = 20;
    /** Dates in {@code from} and {@code to} are days here. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Times outside years 1 to 9999 are refused: PostgreSQL cannot compare with all of Java's. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private final transient AuditLog audit;

    @Activate
    public AuditServlet(@Reference AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException {
        boolean verify = path.size() == 1 && path.get(0).equals("verify");
        if (!path.isEmpty() && !verify) {
            throw notFound();
        }
        if (!rq.getMethod().equals("GET")) {
            throw methodNotAllowed(rs, "GET");
        }
        write(rs, 200, verify ? audit.verify() : audit.find(query(rq)));
    }

    AuditLog.Query query(HttpServletRequest rq) {
        Instant from = time(rq, "from", false);
        Instant to = time(rq, "to", true);
        if (from != null && to != null && !to.isAfter(from)) {
            throw new HttpError(400, "validation", List.of(messages.error("to", "error.audit.range")));
        }
        String action = text(rq, "action");
        return new AuditLog.Query(text(rq, "user"), longParam(rq, "child"), longParam(rq, "school"),
                action == null ? null : action.toUpperCase(Locale.ROOT), from, to, intParam(rq, "page", 0),
                intParam(rq, "size", DEFAULT_PAGE_SIZE));
    }

    /**
     * An instant, or a date: the start of that day in {@link #ZONE}, or for the end of a range ({@code to}, exclusive)
     * the start of the next day, so that the whole day is included.
     */
    Instant time(HttpServletRequest rq, String name, boolean end) {
        String v = text(rq, name);
        if (v == null) {
            return null;
        }
        // The '+' of an offset that the client did not encode arrives as a space.
        String s = v.replace(' ', '+');
        Instant t;
        try {
            if (s.indexOf('T') < 0) {
                LocalDate day = LocalDate.parse(s);
                t = (end ? day.plusDays(1) : day).atStartOfDay(ZONE).toInstant();
            } else {
                t = Instant.parse(s);
            }
        } catch (DateTimeException e) {
            t = null;
        }
        if (t == null || t.isBefore(FIRST) || t.isAfter(LAST)) {
            throw new HttpError(400, "validation", List.of(messages.error(name, "error.audit.time")));
        }
        return t;
    }

    private static String text(HttpServletRequest rq, String name) {
        String v = rq.getParameter(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
