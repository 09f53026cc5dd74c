package org.guanai.sdk.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.http.ProgrammeJson;
import org.guanai.core.registry.internal.http.ProgrammeRequest;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.i18n.Texts;

/**
 * The SDK's {@link Request} for a programme's unit tests, without the platform. The test says who calls (user,
 * permissions, roles), for which school, with which query parameters, headers and body, and which children, classes
 * and staff the school has as far as the caller reaches them; {@link TestRoutes#call} adds the method and the path
 * parameters of the route it calls. Every accessor refuses bad input as the platform does, with the same exceptions
 * and field names: ids that are not positive numbers or not records of the school ({@code 404}), query parameters of
 * the wrong form ({@code 400}), a body that is not {@code application/json} ({@code 415}), larger than 1 MiB
 * ({@code 413}), malformed, with unknown fields, values of the wrong type, dates outside 1900–2100 or arrays of more than
 * 1,000 elements ({@code 400} naming the field): the platform's own reading of a request ({@code ProgrammeRequest} of
 * {@code core.registry}) over what the test gives.
 * <pre>{@code
 * TestRequest.Builder teacher = TestRequest.as("teacher", "calls.read", "calls.write").school(1)
 *         .children(Map.of(5L, TestRequest.child(5, 1, "王小明")));
 * routes.call("POST", "children/5/calls", teacher.json("{\"parentRole\":\"MOTHER\",\"minutes\":12}"));
 * }</pre>
 */
public final class TestRequest extends ProgrammeRequest {
    private final Builder given;
    private Texts texts;

    TestRequest(Builder given, String programme, String method, Map<String, String> path, List<String> consumes, Messages messages,
            ProgrammeJson json) {
        super(programme, method, path, consumes, new Caller(given.user, given.roles, given.allSchools, Set.of(given.school), true, Set.of(),
                Optional.of(given.school), given.permissions), given.school, messages, json);
        this.given = given.copy();
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
    protected String rawQuery(String name) {
        return given.query.get(name);
    }

    @Override
    public Optional<String> header(String name) {
        return given.headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    @Override
    protected long contentLength() {
        return given.body.length;
    }

    @Override
    protected InputStream content() {
        return new ByteArrayInputStream(given.body);
    }

    @Override
    protected Optional<Child> findChild(long id) {
        return Optional.ofNullable(given.children.get(id));
    }

    @Override
    protected Optional<SchoolClass> findClass(long id) {
        return Optional.ofNullable(given.classes.get(id));
    }

    @Override
    protected Optional<Staff> findStaff(long id) {
        return Optional.ofNullable(given.staff.get(id));
    }

    @Override
    public Texts texts() {
        if (texts == null) {
            texts = given.texts != null ? given.texts : new TestTexts();
        }
        return texts;
    }

    /**
     * What a test request carries. Each setter returns this builder; {@link TestRoutes#call} copies it, so one builder
     * can serve several calls.
     */
    public static final class Builder {
        private final String user;
        private final Set<String> permissions;
        private Set<String> roles = Set.of();
        private boolean allSchools;
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
            b.allSchools = allSchools;
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

        /** @return this, a caller of the whole county (every school, as a 县级管理员), still acting for one school */
        public Builder county() {
            allSchools = true;
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
