package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.plugin.activities.internal.Checklists.ActivityType;
import org.guanai.plugin.activities.internal.Checklists.RecordKind;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.plugin.activities.internal.Model.Home;
import org.guanai.plugin.activities.internal.Model.Resource;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * 演示数据: the demo county's 九个一 for the current semester (or, in a holiday, the one that just ended): a 留守儿童之家
 * with its resources, a lecture, an outing, platform and home activities, and per-child calls, letters, deeds and (when
 * the pairing programme is not installed) 一帮一 and 爱心妈妈 pairs with weekly talks, so that the coverage grid shows a
 * realistic mix of done and missing items. Deterministic (fixed seed).
 */
@Component(service = ProgrammeDemo.class, property = Programme.ID_PROPERTY + "=" + ActivitiesProgramme.ID)
public final class ActivitiesDemo implements ProgrammeDemo {
    private static final String USER = "demo";

    private final ChecklistStore checklists;
    private final SemesterStore semesters;
    private final HomeStore homes;
    private final RecordStore records;
    private final ActivityStore store;
    private final CoverageService coverage;

    @Activate
    public ActivitiesDemo(@Reference ChecklistStore checklists, @Reference SemesterStore semesters, @Reference HomeStore homes,
            @Reference RecordStore records, @Reference ActivityStore store, @Reference CoverageService coverage) {
        this.checklists = checklists;
        this.semesters = semesters;
        this.homes = homes;
        this.records = records;
        this.store = store;
        this.coverage = coverage;
    }

    @Override
    public void load(List<Long> schoolIds) {
        LocalDate today = coverage.today();
        for (int k = 0; k < schoolIds.size(); k++) {
            load(schoolIds.get(k), today, new Random(20260901L + k));
        }
    }

    void load(long school, LocalDate today, Random rnd) {
        checklists.checklist(school);
        Semester s = semesters.semesterOn(school, today);
        LocalDate last = today.isAfter(s.end()) ? s.end() : today;
        long days = Math.max(1, last.toEpochDay() - s.start().toEpochDay());
        homes.putHome(new Home(school, "留守儿童之家", s.start().minusYears(1), "王老师", "周末及节假日开放", null));
        homes.putResource(new Resource(null, school, "PHONE", "亲情电话机", 1, "专线，号码公开", null));
        homes.putResource(new Resource(null, school, "COMPUTER", "视频聊天电脑", 2, null, null));
        homes.putResource(new Resource(null, school, "BOOKS", "图书", 620, "图书阅览区", null));
        homes.putResource(new Resource(null, school, "ARCHIVE_CABINET", "档案柜（分班存放，一人一档）", 2, null, null));

        List<ChildRow> children = coverage.children(school, null);
        if (children.isEmpty()) {
            return;
        }
        activity(school, s.start().plusDays(days / 3), ActivityType.LECTURE, "法制、安全、心理健康教育讲座", "学生处、教科室", false,
                pick(children, 0.85, rnd));
        activity(school, s.start().plusDays(days / 2), ActivityType.OUTING, "参观有机茶厂", "大队部", false, pick(children, 0.6, rnd));
        activity(school, s.start().plusDays(days / 4), ActivityType.PLATFORM, "阳光平台：书画展", "少先队", false, pick(children, 0.7, rnd));
        activity(school, s.start().plusDays(days * 2 / 3), ActivityType.PLATFORM, "阳光平台：演讲比赛“爸爸、妈妈，我想对你说”", "语文组", false,
                pick(children, 0.3, rnd));
        for (int w = 1; w * 14 < days; w++) {
            activity(school, s.start().plusDays(w * 14L - 2), ActivityType.OTHER, "留守儿童之家周末活动", "王老师", true, pick(children, 0.35, rnd));
        }
        boolean ownPairs = !coverage.pairingInstalled();
        for (ChildRow c : children) {
            if (rnd.nextDouble() < 0.85) {
                record(school, c, RecordKind.CALL, day(s, days, rnd), null, rnd.nextBoolean() ? "父亲" : "母亲", null, 5 + rnd.nextInt(20));
            }
            if (rnd.nextDouble() < 0.3) {
                record(school, c, RecordKind.VIDEO_CALL, day(s, days, rnd), null, "母亲", null, 10 + rnd.nextInt(20));
            }
            if (rnd.nextDouble() < 0.65) {
                record(school, c, RecordKind.LETTER, day(s, days, rnd), null, "远方的爸爸妈妈", rnd.nextBoolean() ? "FESTIVAL" : "ELDER_BIRTHDAY",
                        null);
            }
            if (rnd.nextDouble() < 0.55) {
                record(school, c, RecordKind.DEED, day(s, days, rnd), null, null, null, null);
            }
            if (ownPairs && rnd.nextDouble() < 0.6) {
                records.createRecord(new ChildRecord(null, school, c.id(), "PAIR", s.start(), null, "ONE_HELPS_ONE", "小老师", null, null,
                        "学习上是好帮手、生活上是好朋友", USER, null));
            }
            if (ownPairs && rnd.nextDouble() < 0.75) {
                records.createRecord(new ChildRecord(null, school, c.id(), "PAIR", s.start(), null, "LOVING_MOTHER", "爱心妈妈", null, null,
                        null, USER, null));
                boolean faithful = rnd.nextDouble() < 0.6;
                for (LocalDate d = s.start().plusDays(2); !d.isAfter(last); d = d.plusDays(7)) {
                    if (faithful || rnd.nextDouble() < 0.7) {
                        records.createRecord(new ChildRecord(null, school, c.id(), "TALK", d, null, "LOVING_MOTHER", "爱心妈妈", null, null,
                                "学习、生活、情绪、交友、身体", USER, null));
                    }
                }
            }
        }
    }

    private static LocalDate day(Semester s, long days, Random rnd) {
        return s.start().plusDays(rnd.nextInt((int) Math.max(1, days)));
    }

    private static List<Long> pick(List<ChildRow> children, double share, Random rnd) {
        List<Long> out = new ArrayList<>();
        for (ChildRow c : children) {
            if (rnd.nextDouble() < share) {
                out.add(c.id());
            }
        }
        return out;
    }

    private void activity(long school, LocalDate day, ActivityType type, String title, String organiser, boolean atHome, List<Long> who) {
        store.createActivity(new Activity(null, school, day, type.name(), title, organiser, atHome, null, who, List.of(), USER, null));
    }

    private void record(long school, ChildRow c, RecordKind kind, LocalDate day, LocalDate until, String counterpart, String occasion,
            Integer minutes) {
        records.createRecord(new ChildRecord(null, school, c.id(), kind.name(), day, until, null, counterpart, occasion, minutes, null, USER, null));
    }
}
