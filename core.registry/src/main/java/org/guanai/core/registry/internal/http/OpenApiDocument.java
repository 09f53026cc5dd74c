package org.guanai.core.registry.internal.http;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.guanai.core.registry.internal.programmes.DeclaredRoute;
import org.guanai.core.registry.internal.security.RoutePolicy;

/**
 * Builds the OpenAPI 3 document of the platform from the routes it serves: the core's own (the {@code guanai.route}
 * properties of its servlets, with the permission {@link RoutePolicy} requires) and every route a programme declared
 * with the SDK (with its summary, parameters, body and answer types, described from the Java records). Plain maps,
 * written as JSON by the caller.
 */
final class OpenApiDocument {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)\\}");

    /** A route of the core (or of a programme written without the SDK), from a {@code guanai.route} property. */
    record CoreRoute(String method, String path) {
    }

    private final Map<String, Object> schemas = new TreeMap<>();

    Map<String, Object> build(String version, List<CoreRoute> core, List<DeclaredRoute> declared, RoutePolicy policy) {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (CoreRoute r : core) {
            if (!r.path().startsWith("/api/")) {
                continue; // page files are not part of the API
            }
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("tags", List.of(tag(r.path())));
            op.put("operationId", operationId(r.method(), r.path()));
            op.put("parameters", pathParams(r.path()));
            RoutePolicy.Requirement req = policy.decide(r.method(), PARAM.matcher(r.path()).replaceAll("1")).requirement();
            op.put("x-permission", switch (req.kind()) {
                case OPEN -> "open";
                case SIGNED_IN -> "signed in";
                case PERMISSION -> String.join(" | ", req.anyOf().stream().sorted().toList());
                case NO_ROUTE -> "none";
            });
            op.put("responses", responses(null, null));
            paths.computeIfAbsent(r.path(), k -> new TreeMap<>()).put(r.method().toLowerCase(java.util.Locale.ROOT), op);
        }
        for (DeclaredRoute r : declared) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("tags", List.of(r.programme()));
            op.put("operationId", operationId(r.method(), r.fullPath()));
            if (r.summaryEn() != null) {
                op.put("summary", r.summaryEn());
            }
            if (r.summaryZh() != null) {
                op.put("description", r.summaryZh());
            }
            List<Object> params = new ArrayList<>(pathParams(r.fullPath()));
            for (DeclaredRoute.QueryParam q : r.queryParams()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", q.name());
                p.put("in", "query");
                p.put("required", false);
                p.put("description", q.zh() + " / " + q.en());
                p.put("schema", schema(q.type(), null));
                params.add(p);
            }
            op.put("parameters", params);
            op.put("x-permission", r.permission());
            if (r.bodyType() != null) {
                op.put("requestBody", Map.of("required", true, "content", Map.of("application/json", Map.of("schema", schema(r.bodyType(), null)))));
            } else if (!r.consumes().isEmpty()) {
                Map<String, Object> content = new LinkedHashMap<>();
                r.consumes().forEach(t -> content.put(t, Map.of("schema", Map.of("type", "string", "format", "binary"))));
                op.put("requestBody", Map.of("required", true, "content", content));
            }
            op.put("responses", responses(r.returnType(), r.produces()));
            paths.computeIfAbsent(r.fullPath(), k -> new TreeMap<>()).put(r.method().toLowerCase(java.util.Locale.ROOT), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Guanai (关爱) API", "version", version, "description",
                "The JSON API of the Guanai platform and of the care programmes installed now. Every route but /api/health and"
                        + " /api/login needs a signed-in caller; x-permission names what it needs."));
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas);
        components.put("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer"), "basic",
                Map.of("type", "http", "scheme", "basic"), "session", Map.of("type", "apiKey", "in", "cookie", "name", "guanai_session")));
        doc.put("components", components);
        doc.put("security", List.of(Map.of("bearer", List.of()), Map.of("basic", List.of()), Map.of("session", List.of())));
        return doc;
    }

    /**
     * The tag of a core route: the programme its path names ({@code /api/programmes/pairing/…}, a programme written
     * without the SDK), else {@code core}; the core's own routes over every programme ({@code /api/programmes/{programme}})
     * are the core's.
     */
    static String tag(String path) {
        String[] segments = path.split("/");
        if (path.startsWith("/api/programmes/") && segments.length > 3 && !PARAM.matcher(segments[3]).matches()) {
            return segments[3];
        }
        return "core";
    }

    private static String operationId(String method, String path) {
        return method.toLowerCase(java.util.Locale.ROOT) + path.replaceAll("[^A-Za-z0-9]+", "_");
    }

    private static List<Object> pathParams(String path) {
        List<Object> out = new ArrayList<>();
        Matcher m = PARAM.matcher(path);
        while (m.find()) {
            out.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        return out;
    }

    private Map<String, Object> responses(Class<?> type, String produces) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", "OK");
        if (produces != null) {
            ok.put("content", Map.of(produces, Map.of("schema", Map.of("type", "string", "format", "binary"))));
        } else if (type != null) {
            ok.put("content", Map.of("application/json", Map.of("schema", schema(type, null))));
        }
        out.put("200", ok);
        Map<String, Object> error = Map.of("description", "The platform's JSON error body, in 中文 and English", "content",
                Map.of("application/json", Map.of("schema", errorSchema())));
        out.put("400", error);
        out.put("401", error);
        out.put("403", error);
        out.put("404", error);
        return out;
    }

    private Map<String, Object> errorSchema() {
        Map<String, Object> string = Map.of("type", "string");
        Map<String, Object> fieldError = Map.of("type", "object", "properties",
                Map.of("field", string, "message_zh", string, "message_en", string));
        schemas.computeIfAbsent("Error", k -> Map.of("type", "object", "properties", Map.of("error", string, "message_zh", string,
                "message_en", string, "errors", Map.of("type", "array", "items", fieldError))));
        return Map.of("$ref", "#/components/schemas/Error");
    }

    /** The JSON schema of a Java type: records and plain classes become named object schemas. */
    Map<String, Object> schema(Type type, Type context) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schema(p.getActualTypeArguments()[0], null));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schema(p.getActualTypeArguments()[1], null));
            }
            if (raw == Optional.class) {
                return schema(p.getActualTypeArguments()[0], null);
            }
            return schema(raw, null);
        }
        if (!(type instanceof Class<?> c)) {
            return Map.of();
        }
        if (c == String.class || c == char.class || c == Character.class) {
            return Map.of("type", "string");
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class || c == byte.class || c == Byte.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (c == long.class || c == Long.class || c == BigInteger.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class) {
            return Map.of("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == LocalDate.class) {
            return Map.of("type", "string", "format", "date");
        }
        if (c == Instant.class || c == OffsetDateTime.class || c == LocalDateTime.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c == LocalTime.class) {
            return Map.of("type", "string", "format", "time");
        }
        if (c.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object e : c.getEnumConstants()) {
                values.add(((Enum<?>) e).name());
            }
            return Map.of("type", "string", "enum", values);
        }
        if (c.isArray()) {
            return c == byte[].class ? Map.of("type", "string", "format", "byte") : Map.of("type", "array", "items", schema(c.getComponentType(), null));
        }
        if (Collection.class.isAssignableFrom(c)) {
            return Map.of("type", "array", "items", Map.of());
        }
        if (Map.class.isAssignableFrom(c) || c == Object.class) {
            return Map.of("type", "object");
        }
        String name = c.getSimpleName();
        if (c.getEnclosingClass() != null) {
            name = c.getEnclosingClass().getSimpleName() + name;
        }
        String key = name;
        if (!schemas.containsKey(key)) {
            schemas.put(key, Map.of()); // placeholder: recursive types end here
            Map<String, Object> props = new LinkedHashMap<>();
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    props.put(rc.getName(), schema(rc.getGenericType(), null));
                }
            } else {
                for (Field f : c.getFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        props.put(f.getName(), schema(f.getGenericType(), null));
                    }
                }
            }
            schemas.put(key, Map.of("type", "object", "properties", props));
        }
        return Map.of("$ref", "#/components/schemas/" + key);
    }
}
