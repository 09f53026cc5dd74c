package org.guanai.sdk.testing;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.guanai.core.api.Caller;
import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.http.Paging;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.i18n.Texts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The SDK's {@link Request} for a programme's unit tests, without the platform. The test says who calls (user,
 * permissions, roles), for which school, with which query parameters, headers and body, and which children, classes
 * and staff the school has as far as the caller reaches them; {@link TestRoutes#call} adds the method and the path
 * parameters of the route it calls. Every accessor refuses bad input as the platform does, with the same exceptions
 * and field names: ids that are not positive numbers or not records of the school ({@code 404}), query parameters of
 * the wrong form ({@code 400}), a body that is not {@code application/json} ({@code 415}), larger than 1 MiB
 * ({@code 413}), malformed, with unknown fields, values of the wrong type, dates outside 1900–2100 or arrays of more than
 * 1,000 elements ({@code 400} naming the field).
 * <pre>{@code
 * TestRequest.Builder teacher = TestRequest.as("teacher", "calls.read", "calls.write").school(1)
 *         .children(Map.of(5L, TestRequest.child(5, 1, "王小明")));
 * routes.call("POST", "children/5/calls", teacher.json("{\"parentRole\":\"MOTHER\",\"minutes\":12}"));
 * }</pre>
 */
public final class TestRequest implements Request {
    private final Builder given;
    private final String programme;
    private final String method;
    private final Map<String, String> path;
    private final List<String> consumes;
    private final TestJson json;
    private final TestTexts platform;
    private Texts texts;
    private boolean bodyRead;

    TestRequest(Builder given, String programme, String method, Map<String, String> path, List<String> consumes, TestJson json,
            TestTexts platform) {
        this.given = given.copy();
        this.programme = programme;
        this.method = method;
        this.path = Map.copyOf(path);
        this.consumes = List.copyOf(consumes);
        this.json = json;
        this.platform = platform;
    }

    /**
     * @param user        the caller's user name
     * @param permissions the permission ids the caller holds, e.g. {@code calls.read}, {@code registry.personal}
     * @return a request by that caller for school 1, with no children, no query and no body yet
     */
    public static Builder as(String user, String... permissions) {
        return new Builder(user, Set.of(permissions));
    }

    /** @return a child of the school with the given id and name, and nothing else recorded, for {@link Builder#children} */
    public static Child child(long id, long school, String name) {
        return new Child(id, 1, name, null, null, null, null, null, school, null, null, null, null, null, null, false, null, null,
                Set.of(), false, null, null);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public Caller caller() {
        return new Caller(given.user, given.roles, false, Set.of(given.school), true, Set.of(), Optional.of(given.school),
                given.permissions);
    }

    @Override
    public String user() {
        return given.user;
    }

    @Override
    public long school() {
        return given.school;
    }

    private String permissionId(String permission) {
        return permission.contains(".") ? permission : programme + "." + permission;
    }

    @Override
    public boolean has(String permission) {
        return given.permissions.contains(permissionId(permission));
    }

    @Override
    public void require(String permission) {
        if (!has(permission)) {
            throw new ForbiddenException(permissionId(permission));
        }
    }

    // ---- path and references

    @Override
    public String path(String name) {
        String value = path.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no path parameter {" + name + "}: " + path.keySet());
        }
        return value;
    }

    @Override
    public long id(String name) {
        String value = path(name);
        try {
            long id = value.matches("[1-9][0-9]{0,18}") ? Long.parseLong(value) : 0;
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException beyondLong) {
            // not an id: 404 below
        }
        throw new NotFoundException(name, 0);
    }

    private <T> T ofSchool(Map<Long, T> records, long id, Function<T, Long> school) {
        T record = records.get(id);
        return record != null && Long.valueOf(given.school).equals(school.apply(record)) ? record : null;
    }

    @Override
    public Child child(String name) {
        long id = id(name);
        return Optional.ofNullable(ofSchool(given.children, id, Child::schoolId)).orElseThrow(() -> new NotFoundException("child", id));
    }

    @Override
    public SchoolClass schoolClass(String name) {
        long id = id(name);
        return Optional.ofNullable(ofSchool(given.classes, id, SchoolClass::schoolId)).orElseThrow(() -> new NotFoundException("class", id));
    }

    @Override
    public Staff staff(String name) {
        long id = id(name);
        return Optional.ofNullable(ofSchool(given.staff, id, Staff::schoolId)).orElseThrow(() -> new NotFoundException("staff", id));
    }

    @Override
    public Child childRef(String field, long id) {
        return Optional.ofNullable(ofSchool(given.children, id, Child::schoolId)).orElseThrow(() -> json.invalid(field, "error.ref.child"));
    }

    @Override
    public SchoolClass classRef(String field, long id) {
        return Optional.ofNullable(ofSchool(given.classes, id, SchoolClass::schoolId)).orElseThrow(() -> json.invalid(field, "error.ref.class"));
    }

    @Override
    public Staff staffRef(String field, long id) {
        return Optional.ofNullable(ofSchool(given.staff, id, Staff::schoolId)).orElseThrow(() -> json.invalid(field, "error.ref.staff"));
    }

    // ---- query

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(given.query.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The parameter read by {@code parse}; anything it throws answers {@code 400} naming the parameter. */
    private <T> Optional<T> typed(String name, Function<String, T> parse) {
        return query(name).map(v -> {
            try {
                return parse.apply(v);
            } catch (ValidationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw json.invalid(name, "error.param.badValue");
            }
        });
    }

    @Override
    public Optional<Long> longQuery(String name) {
        return typed(name, Long::parseLong);
    }

    @Override
    public int intQuery(String name, int dflt, int min, int max) {
        long value = longQuery(name).orElse((long) dflt);
        if (value < min || value > max) {
            throw json.invalid(name, "error.param.range", min, max);
        }
        return (int) value;
    }

    @Override
    public boolean flag(String name) {
        return typed(name, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(v);
        }).orElse(false);
    }

    @Override
    public Optional<LocalDate> date(String name) {
        return typed(name, v -> {
            LocalDate d = LocalDate.parse(v);
            if (d.isBefore(MIN_DATE) || d.isAfter(MAX_DATE)) {
                throw json.invalid(name, "error.date.range", MIN_DATE, MAX_DATE);
            }
            return d;
        });
    }

    @Override
    public <E extends Enum<E>> Optional<E> enumQuery(String name, Class<E> type) {
        return query(name).map(v -> {
            try {
                return Enum.valueOf(type, v);
            } catch (IllegalArgumentException e) {
                String allowed = Arrays.toString(type.getEnumConstants());
                FieldError bad = platform.field(name, "error.param.badValue");
                throw new ValidationException(List.of(new FieldError(name, bad.messageZh() + "：" + allowed, bad.messageEn() + ": " + allowed)));
            }
        });
    }

    @Override
    public Paging paging() {
        return new Paging(intQuery("page", 0, 0, 1_000_000), intQuery("size", 20, 1, 500));
    }

    // ---- body

    @Override
    public <T> T body(Class<T> type) {
        JsonNode node = jsonBody();
        if (!node.isObject()) {
            throw json.invalid("body", "error.json.object");
        }
        return json.bind(node, type);
    }

    @Override
    public <T> List<T> bodyList(Class<T> type) {
        JsonNode node = jsonBody();
        if (!node.isArray()) {
            throw json.invalid("body", "error.json.array");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            try {
                out.add(json.bind(node.get(i), type));
            } catch (ValidationException e) {
                String at = Integer.toString(i);
                throw new ValidationException(e.errors().stream()
                        .map(f -> new FieldError(f.field().equals("body") ? at : at + "." + f.field(), f.messageZh(), f.messageEn())).toList());
            }
        }
        return out;
    }

    private JsonNode jsonBody() {
        if (!contentType().orElse("").equals("application/json")) {
            throw refusal(415, "unsupported_media_type", "Content-Type", "error.json.required");
        }
        return json.tree(read(MAX_JSON_BYTES));
    }

    @Override
    public byte[] bytes(int maxBytes) {
        String type = contentType().orElse("");
        boolean accepted = consumes.isEmpty() || consumes.stream()
                .anyMatch(c -> c.endsWith("/*") ? type.startsWith(c.substring(0, c.length() - 1)) : c.equals(type));
        if (!accepted) {
            throw refusal(415, "unsupported_media_type", "Content-Type", "error.mediaType", String.join(", ", consumes));
        }
        return read(maxBytes);
    }

    private byte[] read(int max) {
        if (bodyRead) {
            throw new IllegalStateException("the body of a request is read once");
        }
        bodyRead = true;
        if (given.body.length > max) {
            throw refusal(413, "payload_too_large", "body", "error.body.tooLarge", max >= 1 << 20 ? (max >> 20) + " MiB" : (max >> 10) + " KiB");
        }
        if (given.body.length == 0) {
            throw json.invalid("body", "error.body.required");
        }
        return given.body.clone();
    }

    private ApiException refusal(int status, String code, String field, String key, Object... args) {
        FieldError error = platform.field(field, key, args);
        return new ApiException(status, code, error.messageZh(), error.messageEn(), List.of(error));
    }

    @Override
    public Optional<String> contentType() {
        return header("Content-Type").map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty());
    }

    @Override
    public Optional<String> header(String name) {
        return given.headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    // ---- texts and links

    @Override
    public Texts texts() {
        if (texts == null) {
            texts = given.texts != null ? given.texts : new TestTexts();
        }
        return texts;
    }

    @Override
    public String link(String relativePath) {
        return "/api/programmes/" + programme + "/" + relativePath.replaceAll("^/+|/+$", "");
    }

    /**
     * What a test request carries. Each setter returns this builder; {@link TestRoutes#call} copies it, so one builder
     * can serve several calls.
     */
    public static final class Builder {
        private final String user;
        private final Set<String> permissions;
        private Set<String> roles = Set.of();
        private long school = 1;
        private Map<Long, Child> children = Map.of();
        private Map<Long, SchoolClass> classes = Map.of();
        private Map<Long, Staff> staff = Map.of();
        private Map<String, String> query = new LinkedHashMap<>();
        private Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private Texts texts;

        private Builder(String user, Set<String> permissions) {
            this.user = user;
            this.permissions = permissions;
        }

        private Builder copy() {
            Builder b = new Builder(user, permissions).roles(roles.toArray(String[]::new)).school(school).children(children)
                    .classes(classes).staff(staff).texts(texts);
            b.query = new HashMap<>(query);
            b.headers = new LinkedHashMap<>(headers);
            b.body = body.clone();
            return b;
        }

        /** @return this, the caller holding these role names (e.g. {@code TEACHER}) */
        public Builder roles(String... names) {
            roles = Set.of(names);
            return this;
        }

        /** @return this, acting for school {@code id} (1 unless set) */
        public Builder school(long id) {
            school = id;
            return this;
        }

        /** @return this, with the children the caller reaches, by id; those of another school answer as absent */
        public Builder children(Map<Long, Child> byId) {
            children = Map.copyOf(byId);
            return this;
        }

        /** @return this, with the classes of the school, by id */
        public Builder classes(Map<Long, SchoolClass> byId) {
            classes = Map.copyOf(byId);
            return this;
        }

        /** @return this, with the staff of the school, by id */
        public Builder staff(Map<Long, Staff> byId) {
            staff = Map.copyOf(byId);
            return this;
        }

        /** @return this, with a query parameter as a client sends it (text, not yet checked) */
        public Builder query(String name, String value) {
            query.put(name, value);
            return this;
        }

        /** @return this, with a request header */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** @return this, with a JSON body ({@code Content-Type: application/json}) */
        public Builder json(String body) {
            return body("application/json", body.getBytes(StandardCharsets.UTF_8));
        }

        /** @return this, with a body of any media type (another type than JSON, a body too large, an upload) */
        public Builder body(String contentType, byte[] content) {
            headers.put("Content-Type", contentType);
            body = content.clone();
            return this;
        }

        /** @return this, with other texts than the programme's {@code i18n/messages_*.properties} ({@link TestTexts}) */
        public Builder texts(Texts programmeTexts) {
            texts = programmeTexts;
            return this;
        }
    }
}
