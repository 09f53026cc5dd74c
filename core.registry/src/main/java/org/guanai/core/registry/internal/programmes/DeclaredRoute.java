package org.guanai.core.registry.internal.programmes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.Permissions;
import org.guanai.sdk.http.Handler;
import org.guanai.sdk.http.Route;

/**
 * One route a programme declared through {@link org.guanai.sdk.http.Routes}: method, path template, handler, the
 * permission it needs and what the OpenAPI document says about it. Built while the programme declares (single thread),
 * read afterwards by any request thread: the fields set by the refining calls are volatile.
 */
public final class DeclaredRoute implements Route {
    /** A query parameter, for the OpenAPI document. */
    public record QueryParam(String name, Class<?> type, String zh, String en) {
    }

    private final String programme;
    private final String method;
    private final String path;
    private final List<String> segments;
    private final Handler handler;
    private volatile String permission;
    private volatile String summaryZh;
    private volatile String summaryEn;
    private volatile Class<?> bodyType;
    private volatile Class<?> returnType;
    private volatile String produces;
    private volatile List<String> consumes = List.of();
    private final List<QueryParam> query = Collections.synchronizedList(new ArrayList<>());

    public DeclaredRoute(String programme, String method, String path, Handler handler) {
        this.programme = programme;
        this.method = method;
        this.path = normalise(path);
        this.segments = segments(this.path);
        for (String s : segments) {
            if (s.isEmpty() || s.startsWith("{") != s.endsWith("}") || s.equals("{}")) {
                throw new IllegalArgumentException("bad route path '" + path + "': segments are literal or {name}");
            }
        }
        if (handler == null) {
            throw new IllegalArgumentException("route " + method + " " + path + " has no handler");
        }
        this.handler = handler;
        this.permission = method.equals("GET") ? Permissions.read(programme) : Permissions.write(programme);
    }

    public static String normalise(String path) {
        String p = path == null ? "" : path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** @return the segments of a path below a programme's root, {@link #normalise normalised}; empty ones kept */
    public static List<String> segments(String path) {
        String p = normalise(path);
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    @Override
    public Route permission(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a permission name");
        }
        this.permission = name.contains(".") ? name : programme + "." + name;
        return this;
    }

    @Override
    public Route summary(String zh, String en) {
        this.summaryZh = zh;
        this.summaryEn = en;
        return this;
    }

    @Override
    public Route body(Class<?> type) {
        this.bodyType = type;
        return this;
    }

    @Override
    public Route returns(Class<?> type) {
        this.returnType = type;
        return this;
    }

    @Override
    public Route query(String name, Class<?> type, String zh, String en) {
        query.add(new QueryParam(name, type, zh, en));
        return this;
    }

    @Override
    public Route consumes(String... mediaTypes) {
        this.consumes = List.copyOf(Arrays.asList(mediaTypes));
        return this;
    }

    @Override
    public Route produces(String mediaType) {
        this.produces = mediaType;
        return this;
    }

    /**
     * @param method  the request's method ({@code HEAD} matches {@code GET})
     * @param request the request's path segments below the programme's root
     * @return the path parameters when this route serves the request
     */
    public Optional<Map<String, String>> match(String method, List<String> request) {
        if (!matchesMethod(method)) {
            return Optional.empty();
        }
        return matchPath(request);
    }

    public boolean matchesMethod(String m) {
        return method.equals(m) || method.equals("GET") && m.equals("HEAD");
    }

    public Optional<Map<String, String>> matchPath(List<String> request) {
        if (request.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            String r = request.get(i);
            if (s.startsWith("{")) {
                if (r.isEmpty()) {
                    return Optional.empty();
                }
                params.put(s.substring(1, s.length() - 1), r);
            } else if (!s.equals(r)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /**
     * @return whether this route and {@code other} have the same method and shape (a literal and a parameter in the same
     *         place do not clash: the literal wins, see {@link #specificity()})
     */
    public boolean clashes(DeclaredRoute other) {
        if (!method.equals(other.method) || segments.size() != other.segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String a = segments.get(i);
            String b = other.segments.get(i);
            boolean sameShape = a.startsWith("{") ? b.startsWith("{") : a.equals(b);
            if (!sameShape) {
                return false;
            }
        }
        return true;
    }

    /** @return how specific the route is: literal segments first, so {@code pairs/open} wins over {@code pairs/{pair}} */
    public int specificity() {
        int literal = 0;
        for (String s : segments) {
            literal = literal * 2 + (s.startsWith("{") ? 0 : 1);
        }
        return literal;
    }

    public String programme() {
        return programme;
    }

    public String method() {
        return method;
    }

    /** @return the template relative to the programme's root, e.g. {@code children/{child}/calls} */
    public String path() {
        return path;
    }

    /** @return the full template, e.g. {@code /api/programmes/calls/children/{child}/calls} */
    public String fullPath() {
        return "/api/programmes/" + programme + "/" + path;
    }

    public Handler handler() {
        return handler;
    }

    public String permission() {
        return permission;
    }

    public String summaryZh() {
        return summaryZh;
    }

    public String summaryEn() {
        return summaryEn;
    }

    public Class<?> bodyType() {
        return bodyType;
    }

    public Class<?> returnType() {
        return returnType;
    }

    public String produces() {
        return produces;
    }

    public List<String> consumes() {
        return consumes;
    }

    public List<QueryParam> queryParams() {
        synchronized (query) {
            return List.copyOf(query);
        }
    }

    @Override
    public String toString() {
        return method + " " + fullPath();
    }
}
