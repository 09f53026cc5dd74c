package org.guanai.core.registry.internal.http;

import static org.guanai.core.registry.internal.TestRegistry.newChild;
import static org.guanai.core.registry.internal.TestRegistry.newGuardian;
import static org.guanai.core.registry.internal.TestRegistry.newParent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The dashboard's counts ({@code GET /api/stats/children}), and the contact cards (联系卡) not checked this quarter. */
class StatsServletTest {
    /** The last quarter (2026 Q3), and the quarter the registry's clock is in (Q4, 23 November 2026). */
    private static final Clock LAST_QUARTER = Clock.fixed(Instant.parse("2026-09-15T02:00:00Z"), TestSupport.ZONE);
    private static final Clock NEXT_QUARTER = Clock.fixed(Instant.parse("2027-01-05T02:00:00Z"), TestSupport.ZONE);

    private TestRegistry r;
    private School a;
    private School b;

    @BeforeEach
    void setUp() {
        r = new TestRegistry("stats");
        a = r.school("温水镇中心小学");
        b = r.school("良村镇中心小学");
    }

    @AfterEach
    void tearDown() {
        r.close();
    }

    @Test
    void quartersBeginAtMidnightChinaTime() {
        assertEquals(LocalDate.of(2026, 10, 1), StatsServlet.quarterStart(TestSupport.CLOCK).toLocalDate());
        assertEquals(Instant.parse("2026-09-30T16:00:00Z"), StatsServlet.quarterStart(TestSupport.CLOCK).toInstant());
        assertEquals(LocalDate.of(2026, 10, 1),
                StatsServlet.quarterStart(Clock.fixed(Instant.parse("2026-09-30T16:30:00Z"), ZoneOffset.UTC)).toLocalDate(),
                "00:30 on 1 October in China is the fourth quarter, whatever the clock's zone");
        assertEquals(LocalDate.of(2026, 7, 1),
                StatsServlet.quarterStart(Clock.fixed(Instant.parse("2026-09-30T15:59:00Z"), ZoneOffset.UTC)).toLocalDate());
        assertEquals(LocalDate.of(2027, 1, 1), StatsServlet.quarterStart(NEXT_QUARTER).toLocalDate());
        assertEquals(LocalDate.of(2026, 4, 1),
                StatsServlet.quarterStart(Clock.fixed(Instant.parse("2026-06-30T12:00:00Z"), ZoneOffset.UTC)).toLocalDate());
    }

    @Test
    void cardsNotCheckedThisQuarterAreThoseOfWhichNothingWasSavedSinceItBegan() throws IOException {
        TestRegistry before = r.at(LAST_QUARTER);
        LocalDate born = LocalDate.of(2016, 4, 1);
        Child updated = before.children.create(newChild("王小一", Gender.MALE, born, 1, a.id(), null, LeftBehindType.BOTH_AWAY));
        Child newParent = before.children.create(newChild("王小二", Gender.MALE, born, 2, a.id(), null, LeftBehindType.FATHER_AWAY));
        Child newGuardian = before.children.create(newChild("王小三", Gender.FEMALE, born, 3, a.id(), null, LeftBehindType.MOTHER_AWAY));
        Child untouched = before.children.create(newChild("王小四", Gender.FEMALE, born, 4, a.id(), null, LeftBehindType.BOTH_AWAY));
        before.guardians.addGuardian(newGuardian(untouched.id(), GuardianKind.GRANDPARENTS, "王奶奶", true));
        before.children.create(newChild("李小五", Gender.MALE, born, 5, b.id(), null, LeftBehindType.BOTH_AWAY));

        // this quarter (the registry's own clock): the child's archive, a parent, a guardian saved
        r.children.update(TestRegistry.withName(r.children.get(updated.id()).orElseThrow(), "王小壹"));
        r.guardians.addParent(newParent(newParent.id(), ParentRole.FATHER, "王爸爸", true, LocalDate.of(2025, 2, 1), true));
        r.guardians.addGuardian(newGuardian(newGuardian.id(), GuardianKind.GRANDPARENTS, "王外婆", true));

        JsonNode own = stats(TestSupport.CLOCK, a.id());
        assertEquals(4, own.get("children").asLong());
        assertEquals("2026-10-01", own.get("quarterStart").asText());
        assertEquals(1, own.get("contactCardsNotCheckedThisQuarter").asLong(), own.toString());
        assertEquals(1, stats(TestSupport.CLOCK, b.id()).get("contactCardsNotCheckedThisQuarter").asLong(), "the other school's own");
        JsonNode county = stats(TestSupport.CLOCK, null);
        assertEquals(2, county.get("contactCardsNotCheckedThisQuarter").asLong(), "the county: both schools");

        // a new quarter: nothing checked yet
        JsonNode next = stats(NEXT_QUARTER, a.id());
        assertEquals("2027-01-01", next.get("quarterStart").asText());
        assertEquals(4, next.get("contactCardsNotCheckedThisQuarter").asLong());

        // archived children are not counted
        r.children.archive(untouched.id(), r.children.get(untouched.id()).orElseThrow().version());
        assertEquals(0, stats(TestSupport.CLOCK, a.id()).get("contactCardsNotCheckedThisQuarter").asLong());
        assertEquals(3, stats(NEXT_QUARTER, a.id()).get("contactCardsNotCheckedThisQuarter").asLong());
    }

    @Test
    void aCardConfirmedWithoutAChangeCountsAsCheckedAndIsInTheHistory() throws IOException {
        TestRegistry before = r.at(LAST_QUARTER);
        Child child = before.children.create(newChild("赵小六", Gender.MALE, LocalDate.of(2016, 4, 1), 6, a.id(), null,
                LeftBehindType.BOTH_AWAY));
        long version = child.version();
        assertEquals(1, stats(TestSupport.CLOCK, a.id()).get("contactCardsNotCheckedThisQuarter").asLong());

        Instant checked = r.children.confirmContactCard(child.id());
        assertEquals(TestSupport.CLOCK.instant(), checked);
        assertEquals(0, stats(TestSupport.CLOCK, a.id()).get("contactCardsNotCheckedThisQuarter").asLong());
        assertEquals(1, stats(NEXT_QUARTER, a.id()).get("contactCardsNotCheckedThisQuarter").asLong(), "due again next quarter");
        assertEquals(version, r.children.get(child.id()).orElseThrow().version(), "a check is no edit of the archive");
        var last = r.children.history(child.id()).get(r.children.history(child.id()).size() - 1);
        assertEquals("CHECKED", last.action());
        assertEquals(1, TestSupport.count(r.db, "SELECT COUNT(*) FROM core_audit WHERE entity = 'child' AND entity_id = ?",
                String.valueOf(child.id())) - 1, "audited next to the creation");

        // another school's child is not in reach of a caller of school b only
        org.guanai.core.api.Caller ofB = new org.guanai.core.api.Caller("b-admin", Set.of("SCHOOL_ADMIN"), false, Set.of(b.id()), true,
                Set.of(), Optional.of(b.id()), Set.of("registry.read", "registry.write"));
        org.junit.jupiter.api.Assertions.assertThrows(org.guanai.core.api.NotFoundException.class,
                () -> r.as(ofB, () -> r.children.confirmContactCard(child.id())));
    }

    /** {@code GET /api/stats/children} as a county administrator acting for {@code school} (or the county). */
    private JsonNode stats(Clock clock, Long school) throws IOException {
        StatsServlet servlet = new StatsServlet(r.db, r.callers, clock);
        Caller county = new Caller("county", Set.of("COUNTY_ADMIN"), true, Set.of(), true, Set.of(), Optional.ofNullable(school),
                Set.of("registry.aggregate", "registry.read"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] status = { 200 };
        HttpServletRequest rq = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getPathInfo" -> "/children";
                    case "getRequestURI" -> "/api/stats/children";
                    case "getParameter", "getHeader", "getContentType", "getQueryString" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int c) {
                body.write(c);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        HttpServletResponse rs = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status[0] = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader", "setContentType", "setCharacterEncoding", "setContentLength", "addHeader" -> null;
                    case "getOutputStream" -> out;
                    case "isCommitted" -> false;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Caller previous = r.callers.enter(county);
        try {
            servlet.service(rq, rs);
        } finally {
            r.callers.restore(previous);
        }
        assertEquals(200, status[0], body.toString(StandardCharsets.UTF_8));
        return new ObjectMapper().readTree(body.toString(StandardCharsets.UTF_8));
    }
}
