package org.guanai.plugin.activities.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.guanai.core.api.NotFoundException;
import org.guanai.plugin.activities.internal.Bodies.HomeIn;
import org.guanai.plugin.activities.internal.Bodies.ItemIn;
import org.guanai.plugin.activities.internal.Bodies.ResourceIn;
import org.guanai.plugin.activities.internal.Bodies.SemesterIn;
import org.guanai.plugin.activities.internal.Bodies.SettingsIn;
import org.guanai.plugin.activities.internal.Bodies.VariantIn;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.Resource;
import org.guanai.plugin.activities.internal.Views.ActivityView;
import org.guanai.plugin.activities.internal.Views.ChecklistView;
import org.guanai.plugin.activities.internal.Views.HomeView;
import org.guanai.plugin.activities.internal.Views.RemindersView;
import org.guanai.plugin.activities.internal.Views.SemesterView;
import org.guanai.plugin.activities.internal.Views.SemestersView;
import org.guanai.plugin.activities.internal.Views.SettingsView;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Routes;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A school's set-up under {@code /api/programmes/activities/}: its checklist, semester dates, reminder weeks and the
 * 留守儿童之家, which change only with {@code activities.manage}; and the reminders.
 */
@Component(service = ProgrammeApi.class)
public final class SetupApi implements ProgrammeApi {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{1,39}");

    private final ChecklistStore checklists;
    private final SemesterStore semesters;
    private final ReminderStore reminders;
    private final HomeStore homes;
    private final ActivityStore store;
    private final CoverageService coverage;
    private final SetupService setup;
    private final CareCalendar calendar;
    private final ApiSupport support;

    @Activate
    public SetupApi(@Reference ChecklistStore checklists, @Reference SemesterStore semesters, @Reference ReminderStore reminders,
            @Reference HomeStore homes, @Reference ActivityStore store, @Reference CoverageService coverage, @Reference SetupService setup,
            @Reference CareCalendar calendar) {
        this.checklists = checklists;
        this.semesters = semesters;
        this.reminders = reminders;
        this.homes = homes;
        this.store = store;
        this.coverage = coverage;
        this.setup = setup;
        this.calendar = calendar;
        this.support = new ApiSupport(semesters, coverage);
    }

    @Override
    public void routes(Routes r) {
        r.get("checklist", rq -> checklist(rq.school())).summary("学校的清单", "The school's checklist").returns(ChecklistView.class);
        r.post("checklist/variants", this::variant).permission("manage").summary("换用或加入一种预设清单", "Switch to or add a seed checklist")
                .body(VariantIn.class).returns(ChecklistView.class);
        r.put("checklist/items/{item}", this::putItem).permission("manage").summary("新建或修改清单项目", "Create or change an item")
                .body(ItemIn.class).returns(ChecklistView.class);
        r.get("semesters", this::semesters).summary("今天前后的学期", "The semesters around today").returns(SemestersView.class);
        r.put("semesters/{semester}", this::putSemester).permission("manage").summary("设置学期的起止日期", "Set a semester's dates")
                .body(SemesterIn.class).returns(SemesterView.class);
        r.get("settings", rq -> settings(rq.school())).summary("提醒设置与结对记录来源", "Reminder weeks and where pairs come from")
                .returns(SettingsView.class);
        r.put("settings", this::putSettings).permission("manage").summary("设置学期结束前几周提醒", "Set the reminder weeks")
                .body(SettingsIn.class).returns(SettingsView.class);
        ApiSupport.semester(r.get("home", this::home).summary("留守儿童之家、资源与学期活动台账", "The home, its resources and ledger")
                .returns(HomeView.class));
        ApiSupport.semester(r.put("home", this::putHome).permission("manage").summary("登记留守儿童之家", "Set the home").body(HomeIn.class)
                .returns(HomeView.class));
        r.post("home/resources", rq -> saveResource(rq, null)).permission("manage").summary("登记之家的资源", "Add a resource of the home")
                .body(ResourceIn.class).returns(Resource.class);
        r.put("home/resources/{resource}", rq -> saveResource(rq, resource(rq))).permission("manage").summary("修改资源", "Change a resource")
                .body(ResourceIn.class).returns(Resource.class);
        r.delete("home/resources/{resource}", this::deleteResource).permission("manage").summary("删除资源", "Delete a resource");
        r.get("reminders", this::reminders).summary("提醒时间与已发的提醒", "The reminder window and reminders posted")
                .returns(RemindersView.class);
        r.post("reminders/check", this::checkReminder).summary("到期则立即发出本学期的提醒", "Post this semester's reminder if due");
    }

    // ---- checklist

    private ChecklistView checklist(long school) {
        return new ChecklistView(checklists.checklist(school), ChecklistView.SEEDS, coverage.mentoringSource());
    }

    private Object variant(Request rq) {
        setup.applyVariant(rq.school(), rq.body(VariantIn.class));
        return checklist(rq.school());
    }

    private Object putItem(Request rq) {
        String code = rq.path("item");
        if (!CODE.matcher(code).matches()) {
            throw new NotFoundException("item", 0);
        }
        setup.putItem(rq.school(), code, rq.body(ItemIn.class));
        return checklist(rq.school());
    }

    // ---- semesters and settings

    private Object semesters(Request rq) {
        Semester current = semesters.semesterOn(rq.school(), coverage.today());
        Set<String> configured = semesters.configuredSemesters(rq.school()).stream().map(Semester::id).collect(Collectors.toSet());
        List<Semester> around = new ArrayList<>(
                List.of(semesters.previous(rq.school(), current), current, semesters.next(rq.school(), current)));
        around.add(0, semesters.previous(rq.school(), around.get(0)));
        around.add(semesters.next(rq.school(), around.get(around.size() - 1)));
        return new SemestersView(current.id(), around.stream().map(s -> SemesterView.of(s, configured.contains(s.id()))).toList());
    }

    private Object putSemester(Request rq) {
        Semester dflt = calendar.semester(rq.path("semester")).orElseThrow(() -> new NotFoundException("semester", 0));
        return support.view(rq.school(), setup.putSemester(rq.school(), dflt, rq.body(SemesterIn.class)));
    }

    private SettingsView settings(long school) {
        return new SettingsView(reminders.reminderWeeks(school), coverage.mentoringSource());
    }

    private Object putSettings(Request rq) {
        setup.setReminderWeeks(rq.school(), rq.body(SettingsIn.class).reminderWeeks());
        return settings(rq.school());
    }

    // ---- 留守儿童之家

    private Object home(Request rq) {
        Semester s = support.semester(rq);
        List<Activity> activities = store.activities(rq.school(), s.start(), s.end(), true);
        Map<Long, String> visible = support.visibleNames(rq.school(), activities);
        return new HomeView(homes.home(rq.school()).orElse(null), homes.resources(rq.school()), support.view(rq.school(), s),
                activities.stream().map(a -> ActivityView.of(a, visible)).toList());
    }

    private Object putHome(Request rq) {
        setup.putHome(rq.school(), rq.body(HomeIn.class));
        return home(rq);
    }

    private Resource resource(Request rq) {
        long id = rq.id("resource");
        return homes.resource(id).filter(x -> x.schoolId() == rq.school()).orElseThrow(() -> new NotFoundException("resource", id));
    }

    private Object saveResource(Request rq, Resource existing) {
        Resource saved = setup.saveResource(rq.school(), existing, rq.body(ResourceIn.class));
        return existing == null ? Reply.created(rq.link("home/resources/" + saved.id()), saved) : saved;
    }

    private Object deleteResource(Request rq) {
        setup.deleteResource(resource(rq));
        return null;
    }

    // ---- reminders

    private Object reminders(Request rq) {
        Semester s = semesters.semesterOn(rq.school(), coverage.today());
        int weeks = reminders.reminderWeeks(rq.school());
        return new RemindersView(weeks, support.view(rq.school(), s), s.end().minusWeeks(weeks), reminders.reminders(rq.school()));
    }

    private Object checkReminder(Request rq) {
        Map<String, Object> event = coverage.remindNow(rq.school());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("posted", event != null);
        if (event != null) {
            out.put("event", event);
        }
        return out;
    }
}
