package org.guanai.plugin.subsidies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Schooling;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.testing.TestAnswer;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestRequest;
import org.guanai.sdk.testing.TestRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The routes as clients call them, under the platform's request contract. */
class SubsidiesApiTest {
    private final TestDatabase db = TestDatabase.forProgramme(SubsidiesProgramme.ID);
    private final SubsidyStore store = new SubsidyStore(db);
    /** 王小明 (5, 高中), 李华 (6, 初中), 张丽 (7, no schooling recorded), all of school 1. */
    private final Map<Long, Child> kids = new TreeMap<>(Map.of(5L, kid(5, "王小明", Schooling.SENIOR), 6L, kid(6, "李华", Schooling.JUNIOR), 7L,
            TestRequest.child(7, 1, "张丽")));
    private final List<String> audited = new ArrayList<>();
    private final List<Table> exported = new ArrayList<>();
    private final Exports exports = new Exports() {
        @Override
        public Download csv(String fileName, Table table) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Download xlsx(String fileName, List<Table> sheets) {
            exported.addAll(sheets);
            return Download.attachment(SubsidiesApi.XLSX, fileName + ".xlsx", new byte[] { 'P', 'K' });
        }
    };
    private final AuditTrail audit = (action, entity, id, child, school, detail) -> audited.add(action + " " + entity + " " + id + " " + child);
    private final TestRoutes routes = TestRoutes.of(SubsidiesProgramme.ID,
            new SubsidiesApi(store, children(), audit, exports, TestCalendar.on(LocalDate.of(2026, 12, 7))));
    private final TestRequest.Builder head = TestRequest.as("head", "subsidies.read", "subsidies.write", "subsidies.approve").school(1).children(kids);
    private final TestRequest.Builder county = TestRequest.as("county", "subsidies.read", "subsidies.write", "subsidies.county").school(1)
            .children(kids);
    private final TestRequest.Builder teacher = TestRequest.as("teacher", "activities.read").school(1).children(kids);

    static Child kid(long id, String name, Schooling schooling) {
        return TestRequest.child(id, 1, name).toBuilder().schooling(schooling).build();
    }

    @SuppressWarnings("unchecked")
    private ChildService children() {
        return (ChildService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { ChildService.class }, (p, m, a) -> {
            if (!m.getName().equals("forEachOf")) {
                throw new UnsupportedOperationException(m.getName());
            }
            ChildQuery q = (ChildQuery) a[0];
            kids.values().stream().filter(c -> ((Collection<Long>) a[1]).contains(c.id()) && c.schoolId().equals(q.schoolId()))
                    .forEach((Consumer<Child>) a[2]);
            return null;
        });
    }

    /** An amount of the answer's JSON, in yuan: two decimals exactly (an amount with more fails). */
    static String plain(JsonNode amount) {
        return amount.decimalValue().setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void declaresItsRoutesOnceWithPermissionsAndSummaries() {
        assertEquals(List.of("GET funds subsidies.read", "PUT funds/{fund}/rates subsidies.county", "GET applications subsidies.read",
                "POST applications subsidies.write", "GET applications/{application} subsidies.read",
                "POST applications/{application}/school subsidies.approve", "POST applications/{application}/county subsidies.county",
                "POST applications/{application}/payment subsidies.write", "POST children/{child}/allowances subsidies.write",
                "GET children/{child}/ledger subsidies.read", "POST entries/{entry}/reversal subsidies.write", "GET totals subsidies.read",
                "GET totals.xlsx subsidies.read"), routes.routes().stream().map(r -> r.method() + " " + r.path() + " " + r.permission()).toList());
        assertTrue(routes.routes().stream().allMatch(r -> r.summaryZh() != null && r.summaryEn() != null));
    }

    private long apply(String body) throws Exception {
        TestAnswer created = routes.call("POST", "applications", head.json(body));
        assertEquals(201, created.status(), created.toString());
        return created.json().path("id").asLong();
    }

    private Model.Application created(long id) throws Exception {
        return routes.call("GET", "applications/" + id, head).body(Model.Application.class);
    }

    @Test
    void anApplicationIsApprovedByTheSchoolAndTheCountyThenPaidIntoTheLedger() throws Exception {
        long id = apply("{\"childId\":5,\"fund\":\"STUDY_LIVING\",\"reason\":\" 父母均外出务工 \"}");
        JsonNode a = routes.call("GET", "applications/" + id, head).json();
        assertEquals("1300.00", plain(a.path("amount")), "高中, the county's amount, a number with two decimals");
        assertEquals("2026-AUTUMN", a.path("semester").asText(), "this semester");
        assertEquals(new BigDecimal("1300.00"), created(id).amount(), "as stored: NUMERIC(12,2), scale 2");
        assertEquals("王小明", a.path("childName").asText());
        assertEquals("父母均外出务工", a.path("reason").asText());

        assertEquals(409, routes.call("POST", "applications/" + id + "/county", county.json("{\"approve\":true}")).status(),
                "the county decides only after the school");
        assertEquals(403, routes.call("POST", "applications/" + id + "/school", county.json("{\"approve\":true}")).status(), "not the school's head");
        assertEquals(List.of("reason"), routes.call("POST", "applications/" + id + "/school", head.json("{\"approve\":false}")).fields(),
                "a refusal says why");
        assertEquals("SCHOOL_APPROVED", routes.call("POST", "applications/" + id + "/school", head.json("{\"approve\":true}")).json().path("status").asText());
        assertEquals(409, routes.call("POST", "applications/" + id + "/payment", head.json("{\"paidOn\":\"2026-12-07\"}")).status(), "not approved yet");
        assertEquals(403, routes.call("POST", "applications/" + id + "/county", head.json("{\"approve\":true}")).status());
        assertEquals("APPROVED", routes.call("POST", "applications/" + id + "/county", county.json("{\"approve\":true}")).json().path("status").asText());
        assertEquals(List.of("paidOn"), routes.call("POST", "applications/" + id + "/payment", head.json("{\"paidOn\":\"2026-12-08\"}")).fields(),
                "not in the future");
        TestAnswer paid = routes.call("POST", "applications/" + id + "/payment", head.json("{\"paidOn\":\"2026-12-07\",\"reference\":\"ZF-001\"}"));
        assertEquals(201, paid.status(), paid.toString());
        assertEquals("1300.00", plain(paid.json().path("amount")));

        TestAnswer ledger = routes.call("GET", "children/5/ledger", head);
        assertEquals(200, ledger.status());
        assertEquals(1, ledger.json().path("items").size());
        assertEquals("1300.00", plain(ledger.json().path("total")));
        assertTrue(audited.contains("READ subsidies.ledger 5 5"), audited.toString());
    }

    @Test
    void theCountyRefusesWithAReasonAndTheChildMayApplyAgain() throws Exception {
        long id = apply("{\"childId\":6,\"fund\":\"STUDY_LIVING\",\"semester\":\"2026-AUTUMN\",\"reason\":\"单亲\"}");
        assertEquals(409, routes.call("POST", "applications", head.json("{\"childId\":6,\"fund\":\"STUDY_LIVING\",\"reason\":\"再次\"}")).status());
        routes.call("POST", "applications/" + id + "/school", head.json("{\"approve\":true}"));
        JsonNode refused = routes.call("POST", "applications/" + id + "/county", county.json("{\"approve\":false,\"reason\":\"超过认定标准\"}")).json();
        assertEquals("REFUSED", refused.path("status").asText());
        assertEquals("超过认定标准", refused.path("refusal").asText());
        assertEquals("800.00", plain(refused.path("amount")), "初中");
        apply("{\"childId\":6,\"fund\":\"STUDY_LIVING\",\"reason\":\"情况变化\"}");
        assertEquals(2, routes.call("GET", "applications", head).json().path("items").size());
        assertEquals(1, routes.call("GET", "applications", head.query("status", "REFUSED")).json().path("items").size());
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndStoresNothing() throws Exception {
        assertEquals(415, routes.call("POST", "applications", head.body("text/plain", "{}".getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(413, routes.call("POST", "applications", head.json("{\"childId\":5,\"fund\":\"TUITION\",\"reason\":\"" + "难".repeat(400_000)
                + "\"}")).status());
        assertEquals(List.of("salary"), routes.call("POST", "applications", head.json("{\"childId\":5,\"fund\":\"TUITION\",\"reason\":\"x\",\"salary\":1}"))
                .fields(), "an unknown field");
        for (String amount : List.of("0", "-5", "10.005", "100000.01")) {
            TestAnswer bad = routes.call("POST", "applications", head.json("{\"childId\":5,\"fund\":\"TUITION\",\"reason\":\"x\",\"amount\":" + amount + "}"));
            assertEquals(List.of("amount"), bad.fields(), amount);
            assertTrue(bad.errors().get(0).messageZh().contains("两位小数") && bad.errors().get(0).messageEn().contains("two decimals"), bad.toString());
        }
        assertEquals(List.of("fund", "semester", "reason", "childId"),
                routes.call("POST", "applications", head.json("{\"fund\":\"CA_MINIMUM\",\"semester\":\"2026-WINTER\",\"reason\":\" \"}")).fields());
        assertEquals(List.of("amount"), routes.call("POST", "applications", head.json("{\"childId\":7,\"fund\":\"STUDY_LIVING\",\"reason\":\"x\"}")).fields(),
                "no schooling recorded and no amount given");
        assertEquals(List.of("fund", "amount", "paidOn"),
                routes.call("POST", "children/5/allowances", head.json("{\"fund\":\"TUITION\",\"amount\":1.5e-3}")).fields());
        assertEquals(List.of("semester"), routes.call("GET", "totals", head.query("semester", "2026")).fields());
        assertEquals(0, routes.call("GET", "applications", head).json().path("items").size());
        assertEquals(0, routes.call("GET", "children/5/ledger", head).json().path("items").size());
    }

    @Test
    void aTeacherIsRefusedTheLedgerUnlessTheRoleMappingGrantsIt() throws Exception {
        routes.call("POST", "children/5/allowances", head.json("{\"fund\":\"CA_MINIMUM\",\"paidOn\":\"2026-11-30\",\"amount\":\"320.5\"}"));
        for (String path : List.of("children/5/ledger", "applications", "totals", "totals.xlsx", "funds")) {
            assertEquals(403, routes.call("GET", path, teacher).status(), path);
        }
        assertEquals(403, routes.call("POST", "children/5/allowances", teacher.json("{}")).status());
        assertEquals(List.of(), audited.stream().filter(s -> s.startsWith("READ")).toList(), "nothing read");
        TestRequest.Builder granted = TestRequest.as("teacher", "subsidies.read").school(1).children(Map.of(5L, kids.get(5L)));
        JsonNode ledger = routes.call("GET", "children/5/ledger", granted).json();
        assertEquals("320.50", plain(ledger.path("items").get(0).path("amount")));
        assertEquals(404, routes.call("GET", "children/6/ledger", granted).status(), "a child the teacher does not reach");
    }

    @Test
    void aCorrectionIsAReversalAndTheTotalsAndTheirSheetAreNet() throws Exception {
        long first = routes.call("POST", "children/5/allowances", head.json("{\"fund\":\"CA_TEMPORARY\",\"paidOn\":\"2026-11-02\",\"amount\":0.1,"
                + "\"reference\":\"MZ-17\"}")).json().path("id").asLong();
        routes.call("POST", "children/6/allowances", head.json("{\"fund\":\"CA_TEMPORARY\",\"paidOn\":\"2026-11-02\",\"amount\":0.2}"));
        long twice = routes.call("POST", "children/6/allowances", head.json("{\"fund\":\"CA_TEMPORARY\",\"paidOn\":\"2026-11-02\",\"amount\":0.2}"))
                .json().path("id").asLong();
        assertEquals(List.of("reason"), routes.call("POST", "entries/" + twice + "/reversal", head.json("{}")).fields());
        TestAnswer reversal = routes.call("POST", "entries/" + twice + "/reversal", head.json("{\"reason\":\"重复登记\"}"));
        assertEquals(201, reversal.status(), reversal.toString());
        assertEquals("-0.20", plain(reversal.json().path("amount")));
        assertEquals(twice, reversal.json().path("reversesId").asLong());
        assertEquals(409, routes.call("POST", "entries/" + twice + "/reversal", head.json("{\"reason\":\"again\"}")).status());
        assertEquals(404, routes.call("POST", "entries/999/reversal", head.json("{\"reason\":\"x\"}")).status());

        JsonNode totals = routes.call("GET", "totals", head.query("semester", "2026-AUTUMN")).json();
        assertEquals("0.30", plain(totals.path("amount")), "0.1 + 0.2 + 0.2 - 0.2, exactly");
        assertEquals(2, totals.path("items").get(0).path("children").asInt());
        assertEquals("2026-2027学年秋季学期", totals.path("semesterZh").asText());

        assertEquals(200, routes.call("GET", "totals.xlsx", head).status());
        assertEquals(List.of("合计", "台账"), exported.stream().map(Table::title).toList());
        assertEquals(List.of("临时救助", 2L, 2L, new BigDecimal("0.30")), exported.get(0).rows().get(0));
        assertEquals(List.of("合计", new BigDecimal("0.30")), List.of(exported.get(0).rows().get(1).get(0), exported.get(0).rows().get(1).get(3)));
        List<Object> row = exported.get(1).rows().get(0);
        assertEquals(List.of("王小明", "临时救助", "民政救助", new BigDecimal("0.10"), LocalDate.of(2026, 11, 2), "MZ-17"),
                List.of(row.get(0), row.get(1), ((Label) row.get(2)).zh(), row.get(3), row.get(4), row.get(5)));
        assertEquals("冲正", ((Label) exported.get(1).rows().get(3).get(2)).zh());
        assertTrue(audited.contains("CREATE subsidies.entry " + (twice + 1) + " 6") && first > 0, audited.toString());
    }

    @Test
    void theCountySetsAnAmountFromASchoolYearOn() throws Exception {
        assertEquals(403, routes.call("PUT", "funds/STUDY_LIVING/rates", head.json("{\"level\":\"PRIMARY\",\"fromYear\":2026,\"amount\":600}")).status());
        assertEquals(List.of("level", "fromYear", "amount"),
                routes.call("PUT", "funds/STUDY_LIVING/rates", county.json("{\"level\":null,\"fromYear\":1999,\"amount\":0.001}")).fields());
        assertEquals(400, routes.call("PUT", "funds/STUDY_LIVING/rates", county.json("{\"level\":\"COLLEGE\",\"fromYear\":2026,\"amount\":1}")).status());
        assertEquals(404, routes.call("PUT", "funds/NOPE/rates", county.json("{\"level\":\"PRIMARY\",\"fromYear\":2026,\"amount\":1}")).status());
        TestAnswer set = routes.call("PUT", "funds/STUDY_LIVING/rates", county.json("{\"level\":\"SENIOR\",\"fromYear\":2026,\"amount\":1500}"));
        assertEquals(200, set.status(), set.toString());
        long id = apply("{\"childId\":5,\"fund\":\"STUDY_LIVING\",\"reason\":\"x\"}");
        assertEquals("1500.00", plain(routes.call("GET", "applications/" + id, head).json().path("amount")));
        JsonNode funds = routes.call("GET", "funds", head).json();
        assertEquals(12, funds.size());
        assertEquals("学业+生活补助", funds.get(0).path("nameZh").asText());
    }
}
