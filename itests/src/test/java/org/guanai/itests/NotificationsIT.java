package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Notifications in the framework (issue 19): a notice sent through the OSGi service {@link Notifications} reaches the
 * inbox API of its recipient and of nobody else; another user's notice is absent (404); marking it read clears the
 * count; the settings API checks what it is given.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class NotificationsIT {
    static final String PASSWORD = "Notify-it-Qiushui-2026";

    @InjectService(timeout = 20_000)
    ServiceAware<HttpServiceRuntime> runtime;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000)
    Notifications notifications;

    private final ObjectMapper json = new ObjectMapper();
    private final String tag = Long.toString(System.nanoTime() % 1_000_000, 36);

    private void user(Api admin, String name, long school) throws Exception {
        HttpResponse<String> r = admin.json("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":[\"SCHOOL_ADMIN\"],\"schoolIds\":[" + school + "]}");
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void aNoticeSentThroughTheServiceReachesItsRecipientsInboxOnly() throws Exception {
        Api admin = Api.ready(runtime);
        long school = schools.createSchool(new School(null, 0, "通知测试小学" + tag, null, "贵州省遵义市习水县", "温水镇", "温水镇街上",
                "0851-2123456", false)).id();
        user(admin, "nt" + tag + "a", school);
        user(admin, "nt" + tag + "b", school);
        Api a = admin.as("nt" + tag + "a", PASSWORD);
        Api b = admin.as("nt" + tag + "b", PASSWORD);

        long id = notifications.send(Notice.builder("core", "IT_NOTICE").about(school, null).to(Audience.users("nt" + tag + "a"))
                .subject("请核对本周的探访记录", "Please check this week's visits").body("有 2 条记录待核对。", "2 records to check.")
                .link("/#/children").dedupKey("it:" + tag).build()).orElseThrow();
        assertTrue(notifications.send(Notice.builder("core", "IT_NOTICE").about(school, null).to(Audience.users("nt" + tag + "a"))
                .subject("请核对本周的探访记录", "Please check this week's visits").dedupKey("it:" + tag).build()).isEmpty());

        JsonNode inbox = json.readTree(a.get("/api/inbox").body());
        assertEquals(1, inbox.get("unread").asInt(), inbox.toString());
        assertEquals(id, inbox.get("items").get(0).get("id").asLong());
        assertEquals("请核对本周的探访记录", inbox.get("items").get(0).get("subjectZh").asText());
        assertEquals("/#/children", inbox.get("items").get(0).get("link").asText());
        JsonNode other = json.readTree(b.get("/api/inbox").body());
        assertEquals(0, other.get("total").asInt(), other.toString());

        assertEquals(404, b.json("POST", "/api/inbox/" + id + "/read", "{}").statusCode());
        HttpResponse<String> read = a.json("POST", "/api/inbox/" + id + "/read", "{}");
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(0, json.readTree(read.body()).get("unread").asInt());
        assertEquals(0, json.readTree(a.get("/api/inbox?unread=true").body()).get("total").asInt());
    }

    @InjectService(timeout = 20_000)
    org.guanai.core.api.ChildService children;

    @Test
    void readingANoticeAboutAChildIsAuditedAsAReadOfTheChild() throws Exception {
        Api admin = Api.ready(runtime);
        Fixtures.Place place = Fixtures.school(schools, "notice" + tag);
        long child = children.create(Fixtures.withStudentNumber(new Fixtures().child(place, "周小雨",
                java.time.LocalDate.of(2016, 4, 2), org.guanai.core.api.dto.Gender.FEMALE))).id();
        user(admin, "na" + tag, place.school().id());
        long id = notifications.send(Notice.builder("core", "IT_NOTICE").about(place.school().id(), child)
                .to(Audience.users("na" + tag)).subject("请核对监护人电话", "Check the guardian's phone").build()).orElseThrow();
        assertEquals(200, admin.as("na" + tag, PASSWORD).get("/api/inbox").statusCode());
        long until = System.nanoTime() + 10_000_000_000L;
        boolean audited = false;
        while (!audited && System.nanoTime() < until) {
            for (JsonNode e : json.readTree(admin.get("/api/audit?action=READ&user=na" + tag + "&child=" + child).body()).get("items")) {
                audited |= "notice".equals(e.path("entity").asText()) && String.valueOf(id).equals(e.path("entityId").asText())
                        && ("na" + tag).equals(e.path("actor").asText());
            }
            if (!audited) {
                Thread.sleep(200);
            }
        }
        assertTrue(audited, "the read of notice " + id + " about child " + child + " is in the audit log");
    }

    @Test
    void settingsAreTheCallersOwnAndCheckedNamingTheField() throws Exception {
        Api admin = Api.ready(runtime);
        long school = schools.createSchool(new School(null, 0, "通知设置小学" + tag, null, "贵州省遵义市习水县", "温水镇", "温水镇街上",
                "0851-2123456", false)).id();
        user(admin, "ns" + tag, school);
        Api me = admin.as("ns" + tag, PASSWORD);
        HttpResponse<String> bad = me.json("PUT", "/api/me/notifications", "{\"email\":\"nope\",\"mobile\":\"123\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("\"email\"") && bad.body().contains("\"mobile\""), bad.body());
        HttpResponse<String> ok = me.json("PUT", "/api/me/notifications",
                "{\"email\":\"ns@example.cn\",\"mobile\":\"13812345678\",\"channels\":{\"*\":[\"email\"]}}");
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode got = json.readTree(me.get("/api/me/notifications").body());
        assertEquals("ns@example.cn", got.get("email").asText());
        assertEquals("email", got.get("channels").get("*").get(0).asText());
    }
}
