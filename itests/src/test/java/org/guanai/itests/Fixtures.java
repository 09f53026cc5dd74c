package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test data: unique schools and valid 公民身份号码, so tests do not depend on each other or on demo data. */
final class Fixtures {

    /** @return the answer's JSON ({@code null} for an empty body), after checking its status (the body in the message) */
    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return r.body().isEmpty() ? null : new ObjectMapper().readTree(r.body());
    }

    /** A request with a JSON body ({@code null}: none) for a school, as the console sends it. */
    static HttpResponse<String> send(Api api, String method, String path, String body, long school) throws Exception {
        return api.send(method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8), String.valueOf(school));
    }
    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String CHECK = "10X98765432";

    /**
     * One sequence for every test of the run (they share one database): each {@code new Fixtures()} starting at a
     * random place made two tests' children of the same birth date collide now and then.
     */
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** A valid ID number for the birth date and gender (GB 11643 check character computed here, independently). */
    String idNumber(LocalDate birth, Gender gender) {
        int seq = SEQUENCE.incrementAndGet() % 500 * 2 + (gender == Gender.MALE ? 1 : 0);
        String first17 = String.format("520330%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth(), seq);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + CHECK.charAt(sum % 11);
    }

    /** An ID number candidate: 17 digits and a digit or X, anywhere in a text (also inside a longer string). */
    private static final java.util.regex.Pattern ID_CANDIDATE = java.util.regex.Pattern.compile("(?=([0-9]{17}[0-9X]))");

    /**
     * @return every 18-character 公民身份号码 inside {@code text}, also inside a longer string such as a 学籍号: 17 digits and a
     *         digit or X whose check character (GB 11643) is right and whose birth date is a real date
     */
    static List<String> idNumbersIn(String text) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = ID_CANDIDATE.matcher(text == null ? "" : text);
        while (m.find()) {
            String id = m.group(1);
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += (id.charAt(i) - '0') * WEIGHTS[i];
            }
            if (CHECK.charAt(sum % 11) != id.charAt(17)) {
                continue;
            }
            try {
                LocalDate born = LocalDate.parse(id.substring(6, 14), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
                if (born.getYear() >= 1900) {
                    out.add(id);
                }
            } catch (java.time.DateTimeException e) {
                // not a date: not an ID number
            }
        }
        return out;
    }

    /** The child with its 全国学籍号 as the national rule makes it (and the demo data follows): {@code G} + the ID number. */
    static Child withStudentNumber(Child c) {
        return new Child(c.id(), c.version(), c.name(), c.gender(), c.birthDate(), c.idNumber(), "G" + c.idNumber(), c.ethnicity(),
                c.schoolId(), c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), c.leftBehindSince(),
                c.unattended(), c.healthNote(), c.hobbies(), c.flags(), c.archived(), c.createdAt(), c.updatedAt());
    }

    record Place(School school, SchoolClass schoolClass) {
    }

    /** Waits (30 s at most) until the shipped programme is ACTIVE, then makes a school that has it enabled. */
    static Place enabledSchool(ProgrammeRegistry programmes, SchoolService schools, String programme, String tag)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!programmes.programme(programme).map(p -> p.state() == ProgrammeState.ACTIVE).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("programme " + programme + " not ACTIVE: " + programmes.programme(programme));
            }
            Thread.sleep(100);
        }
        Place place = school(schools, tag);
        programmes.setEnabled(place.school().id(), programme, true, java.util.Map.of());
        return place;
    }

    static Place school(SchoolService schools, String tag) {
        School s = schools.createSchool(new School(null, 0, "测试学校-" + tag + "-" + System.nanoTime(), null, "习水县", "温水镇",
                null, null, false));
        SchoolClass k = schools.createClass(new SchoolClass(null, 0, s.id(), 3, "三年级(1)班", null));
        return new Place(s, k);
    }

    /**
     * An account with one role, made over HTTP by the county administrator, signed in: a county role (county
     * administrator, officer) for every school, any other for the place's school, a teacher for its class too.
     */
    static Api account(Api admin, String name, String password, String role, Place place) throws Exception {
        boolean county = role.equals("COUNTY_ADMIN") || role.equals("OFFICER");
        java.net.http.HttpResponse<String> r = admin.json("POST", "/api/users", "{\"username\":\"" + name + "\",\"password\":\""
                + password + "\",\"roles\":[\"" + role + "\"],\"schoolIds\":" + (county ? "[]" : "[" + place.school().id() + "]")
                + ",\"classIds\":" + (role.equals("TEACHER") ? "[" + place.schoolClass().id() + "]" : "[]") + "}");
        org.junit.jupiter.api.Assertions.assertEquals(201, r.statusCode(), r.body());
        return admin.as(name, password);
    }

    Child child(Place place, String name, LocalDate birth, Gender gender) {
        return new Child(null, 0, name, gender, birth, idNumber(birth, gender), null, "汉族", place.school().id(),
                place.schoolClass().id(), BoardingType.DAY, "温水镇大坪村3组", "大坪村", LeftBehindType.BOTH_AWAY,
                LocalDate.of(2022, 2, 1), false, "健康", "画画", Set.of(), false, null, null);
    }
}
