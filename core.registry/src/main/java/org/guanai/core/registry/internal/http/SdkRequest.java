package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.guanai.core.api.Caller;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.programmes.RouteTable;
import org.guanai.sdk.i18n.Texts;

import jakarta.servlet.http.HttpServletRequest;

/** The SDK's view of one request to a declared programme route, read from the servlet request and the core's services. */
final class SdkRequest extends ProgrammeRequest {
    private final HttpServletRequest http;
    private final ChildService children;
    private final SchoolService schools;
    private final Texts texts;

    SdkRequest(HttpServletRequest http, RouteTable.Match match, Caller caller, long school, ChildService children,
            SchoolService schools, Messages messages, ProgrammeJson json, Texts texts) {
        super(match.route().programme(), http.getMethod(), match.params(),
                match.route().consumes(), caller, school, messages, json);
        this.http = http;
        this.children = children;
        this.schools = schools;
        this.texts = texts;
    }

    @Override
    protected String rawQuery(String name) {
        return http.getParameter(name);
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(http.getHeader(name));
    }

    @Override
    protected long contentLength() {
        return http.getContentLengthLong();
    }

    @Override
    protected InputStream content() throws IOException {
        return http.getInputStream();
    }

    @Override
    protected Optional<Child> findChild(long id) {
        return children.get(id);
    }

    @Override
    protected Optional<SchoolClass> findClass(long id) {
        return schools.schoolClass(id);
    }

    @Override
    protected Optional<Staff> findStaff(long id) {
        return schools.staffMember(id);
    }

    @Override
    public Texts texts() {
        return texts;
    }
}
