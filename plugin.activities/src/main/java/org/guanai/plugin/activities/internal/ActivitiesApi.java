package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.School;
import org.guanai.plugin.activities.internal.Bodies.ActivityIn;
import org.guanai.plugin.activities.internal.Bodies.EndPairIn;
import org.guanai.plugin.activities.internal.Bodies.RecordIn;
import org.guanai.plugin.activities.internal.Coverage.ChildRow;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.plugin.activities.internal.Model.EvidenceFile;
import org.guanai.plugin.activities.internal.Views.ActivitiesView;
import org.guanai.plugin.activities.internal.Views.ActivityView;
import org.guanai.plugin.activities.internal.Views.ChildView;
import org.guanai.plugin.activities.internal.Views.GridView;
import org.guanai.plugin.activities.internal.Views.RecordsView;
import org.guanai.sdk.export.Exports;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.http.Paging;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Route;
import org.guanai.sdk.http.Routes;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's records under {@code /api/programmes/activities/}: activities with their photos, per-child records, the
 * coverage grid and the semester ledger. Only the school the request acts for, only the children the caller may see
 * (through {@link org.guanai.core.api.ChildService}, which scopes a 班主任 to their classes); anything else is 404.
 */
@Component(service = ProgrammeApi.class)
public final class ActivitiesApi implements ProgrammeApi {
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final SemesterStore semesters;
    private final RecordStore records;
    private final CoverageStore coverageStore;
    private final ActivityStore store;
    private final EvidenceStore photos;
    private final ActivityService service;
    private final CoverageService coverage;
    private final EvidenceFiles files;
    private final SchoolService schools;
    private final AuditTrail audit;
    private final Exports exports;
    private final ApiSupport support;

    @Activate
    public ActivitiesApi(@Reference SemesterStore semesters, @Reference RecordStore records, @Reference CoverageStore coverageStore,
            @Reference ActivityStore store, @Reference EvidenceStore photos, @Reference ActivityService service,
            @Reference CoverageService coverage, @Reference EvidenceFiles files, @Reference SchoolService schools,
            @Reference AuditTrail audit, @Reference Exports exports) {
        this.semesters = semesters;
        this.records = records;
        this.coverageStore = coverageStore;
        this.store = store;
        this.photos = photos;
        this.service = service;
        this.coverage = coverage;
        this.files = files;
        this.schools = schools;
        this.audit = audit;
        this.exports = exports;
        this.support = new ApiSupport(semesters, coverage);
    }

    @Override
    public void routes(Routes r) {
        ApiSupport.semester(r.get("activities", this::activities)).summary("学期内或日期范围内的活动", "Activities of a semester or a date range")
                .query("from", LocalDate.class, "起始日期", "First day").query("to", LocalDate.class, "截止日期", "Last day")
                .query("home", Boolean.class, "只看留守儿童之家的活动", "Only the home's activities").returns(ActivitiesView.class);
        r.post("activities", rq -> {
            Map<Long, String> visible = support.visibleNames(rq.school());
            Activity saved = service.createActivity(rq.school(), rq.user(), rq.body(ActivityIn.class), visible);
            return Reply.created(rq.link("activities/" + saved.id()), ActivityView.of(saved, visible));
        }).summary("登记活动", "Record an activity").body(ActivityIn.class).returns(ActivityView.class);
        r.get("activities/{activity}", rq -> {
            Activity a = activity(rq);
            return ActivityView.of(a, support.visibleNames(rq.school(), List.of(a)));
        })
                .summary("一次活动", "One activity").returns(ActivityView.class);
        r.put("activities/{activity}", rq -> {
            Activity a = activity(rq);
            Map<Long, String> visible = support.visibleNames(rq.school());
            return ActivityView.of(service.updateActivity(a, rq.body(ActivityIn.class), visible), visible);
        }).summary("修改活动", "Change an activity").body(ActivityIn.class).returns(ActivityView.class);
        r.delete("activities/{activity}", rq -> {
            service.deleteActivity(activity(rq));
            return null;
        }).summary("删除活动及其照片", "Delete an activity with its photos");
        r.post("activities/{activity}/evidence", rq -> {
            Activity a = activity(rq);
            EvidenceFile f = service.addEvidence(a, rq.bytes((int) EvidenceFiles.MAX_BYTES), rq.query("name").orElse(null), rq.user());
            return Reply.created(rq.link("activities/" + a.id() + "/evidence/" + f.id()), f);
        }).summary("上传活动照片或扫描件（JPEG、PNG、WebP 或 PDF，至多 5 MiB）", "Upload a photo or scan (JPEG, PNG, WebP or PDF, at most 5 MiB)")
                .consumes("image/*", "application/pdf").query("name", String.class, "文件名", "File name").returns(EvidenceFile.class);
        r.get("activities/{activity}/evidence/{evidence}", this::download).summary("下载活动照片", "Download a photo").produces("image/*");
        r.delete("activities/{activity}/evidence/{evidence}", rq -> {
            service.deleteEvidence(evidence(rq));
            return null;
        }).summary("删除活动照片", "Delete a photo");

        ApiSupport.semester(r.get("children/{child}/records", rq -> {
            Child child = rq.child("child");
            Semester s = support.semester(rq);
            return new RecordsView(records.records(child.id(), s.start(), s.end()), support.view(rq.school(), s), coverage.mentoringSource());
        })).summary("儿童的个人记录", "A child's records").returns(RecordsView.class);
        r.post("children/{child}/records", rq -> {
            Child child = rq.child("child");
            ChildRecord saved = service.createRecord(rq.school(), child, rq.body(RecordIn.class), rq.user());
            return Reply.created(rq.link("children/" + child.id() + "/records/" + saved.id()), saved);
        }).summary("登记个人记录（亲情电话、书信、谈心 …）", "Record a call, letter, talk … of a child").body(RecordIn.class)
                .returns(ChildRecord.class);
        r.put("children/{child}/records/{record}", rq -> service.endPair(record(rq), rq.body(EndPairIn.class).untilOn()))
                .summary("结束本程序登记的结对", "End a pair recorded here").body(EndPairIn.class).returns(ChildRecord.class);
        r.delete("children/{child}/records/{record}", rq -> {
            service.deleteRecord(record(rq));
            return null;
        }).summary("删除个人记录", "Delete a record");

        grid(r.get("children/{child}/coverage", this::childCoverage)).summary("一名儿童的九个一", "One child's items");
        grid(r.get("coverage", this::coverage))
                .summary("覆盖情况：儿童 × 项目，班级与全校汇总", "Coverage: children × items, per class and school")
                .query("class", Long.class, "只看一个班级", "One class only")
                .query("page", Integer.class, "页码（从 0 起）；与 size 一起只答这一页的行", "Page (from 0); with size, the rows of that page only")
                .query("size", Integer.class, "每页行数（1–500）", "Rows a page (1–500)");
        grid(r.get("coverage/export", this::export)).summary("学期台账（xlsx）", "The semester ledger (xlsx)").produces(XLSX)
                .query("class", Long.class, "只看一个班级", "One class only");
    }

    private static Route grid(Route r) {
        return ApiSupport.semester(r).query("asOf", LocalDate.class, "统计日期，默认今天", "The day the grid is for, default today")
                .returns(GridView.class);
    }

    private Object activities(Request rq) {
        Optional<LocalDate> from = rq.date("from");
        Optional<LocalDate> to = rq.date("to");
        LocalDate first;
        LocalDate last;
        if (from.isPresent() || to.isPresent()) {
            first = from.orElseThrow(() -> rq.texts().invalid("from", "error.required"));
            last = to.orElseThrow(() -> rq.texts().invalid("to", "error.required"));
            if (last.isBefore(first) || last.toEpochDay() - first.toEpochDay() > 400) {
                throw rq.texts().invalid("to", "error.range");
            }
        } else {
            Semester s = support.semester(rq);
            first = s.start();
            last = s.end();
        }
        List<Activity> activities = store.activities(rq.school(), first, last, rq.flag("home"));
        Map<Long, String> visible = support.visibleNames(rq.school(), activities);
        return new ActivitiesView(activities.stream().map(a -> ActivityView.of(a, visible)).toList(), first, last);
    }

    private Activity activity(Request rq) {
        long id = rq.id("activity");
        return store.activity(id).filter(a -> a.schoolId() == rq.school()).orElseThrow(() -> new NotFoundException("activity", id));
    }

    private EvidenceFile evidence(Request rq) {
        long activity = activity(rq).id();
        long id = rq.id("evidence");
        return photos.evidenceFile(id).filter(e -> e.activityId() == activity).orElseThrow(() -> new NotFoundException("evidence", id));
    }

    private Object download(Request rq) {
        EvidenceFile f = evidence(rq);
        byte[] content = files.content(f.sha256()).orElseThrow(() -> new NotFoundException("evidence", f.id()));
        return new Reply(200, Map.of("Cache-Control", "private, max-age=3600"),
                new Download(f.mediaType(), f.fileName(), false, out -> out.write(content)));
    }

    private ChildRecord record(Request rq) {
        long child = rq.child("child").id();
        long id = rq.id("record");
        return records.record(id).filter(x -> x.childId() == child && x.schoolId() == rq.school())
                .orElseThrow(() -> new NotFoundException("record", id));
    }

    private Object childCoverage(Request rq) {
        Child c = rq.child("child");
        String className = c.classId() == null ? null : schools.schoolClass(c.classId()).map(k -> k.name()).orElse(null);
        Grid g = coverage.grid(rq.school(), support.semester(rq), asOf(rq), new ChildRow(c.id(), c.name(), c.classId(), className));
        return gridView(rq, g, new ChildView(c.id(), c.name(), c.leftBehindType() != LeftBehindType.NONE), null);
    }

    private GridView coverage(Request rq) {
        Paging paging = rq.query("page").isPresent() || rq.query("size").isPresent() ? rq.paging() : null;
        Long classId = classQuery(rq);
        Semester s = support.semester(rq);
        if (paging != null && classId == null) {
            // a page of the whole school: the summaries from the registry's counts, only the page's classes read
            return GridView.of(coverage.page(rq.school(), s, asOf(rq), paging.offset(), paging.size()), support.view(rq.school(), s),
                    coverage.mentoringSource(), paging);
        }
        return gridView(rq, coverage.grid(rq.school(), s, asOf(rq), classId), null, paging);
    }

    private GridView gridView(Request rq, Grid g, ChildView child, Paging paging) {
        return GridView.of(g, support.view(rq.school(), g.semester()), coverage.mentoringSource(), child, paging);
    }

    /** The day the grid is for: {@code ?asOf=} (for a look back), else today. */
    private LocalDate asOf(Request rq) {
        return rq.date("asOf").orElseGet(coverage::today);
    }

    private static Long classQuery(Request rq) {
        return rq.longQuery("class").orElse(null);
    }

    private Object export(Request rq) {
        Grid g = coverage.grid(rq.school(), support.semester(rq), asOf(rq), classQuery(rq));
        Semester s = g.semester();
        Map<Long, String> names = new java.util.HashMap<>();
        g.rows().forEach(r -> names.put(r.child().id(), r.child().name()));
        String school = schools.school(rq.school()).map(School::name).orElse("");
        audit.record("READ", "activities.ledger", s.id(), null, rq.school(), "xlsx");
        return Reply.file(exports.xlsx(LedgerExport.fileName(rq.texts(), g), LedgerExport.sheets(rq.texts(), school, g,
                store.activities(rq.school(), s.start(), s.end(), false), coverageStore.counts(rq.school(), s.start(), s.end()), names)));
    }
}
