package org.guanai.plugin.health.internal;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import org.guanai.plugin.health.internal.Model.Campaign;
import org.guanai.plugin.health.internal.Model.FamilyService;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.plugin.health.internal.Model.Household;
import org.guanai.plugin.health.internal.Model.PubertyClass;
import org.guanai.sdk.http.Paging;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Routes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's HTTP API under {@code /api/programmes/health/}, declared on the SDK. The core has signed the caller in,
 * checked {@code health.read} (GET) or {@code health.write} (the others) and the school the request acts for, and holds
 * every body to the platform's request contract; the programme's parts ({@link Campaigns}, {@link Checks}, {@link Archive},
 * {@link FollowUps}, {@link FollowUpSteps}, {@link Households}, {@link PubertyClasses}, {@link Reports}) serve only records
 * of that school within the caller's reach, looked up through {@link Lookups} (404 otherwise).
 */
@Component(service = ProgrammeApi.class)
public final class HealthApi implements ProgrammeApi {
    private final Lookups lookups;
    private final Campaigns campaigns;
    private final Checks checks;
    private final Archive archive;
    private final FollowUps followUps;
    private final FollowUpSteps steps;
    private final Households households;
    private final PubertyClasses pubertyClasses;
    private final Reports reports;
    private final ReportExports reportExports;
    private final Screening screening;

    @Activate
    public HealthApi(@Reference Lookups lookups, @Reference Campaigns campaigns, @Reference Checks checks, @Reference Archive archive,
            @Reference FollowUps followUps, @Reference FollowUpSteps steps, @Reference Households households,
            @Reference PubertyClasses pubertyClasses, @Reference Reports reports, @Reference ReportExports reportExports,
            @Reference Screening screening) {
        this.lookups = lookups;
        this.campaigns = campaigns;
        this.checks = checks;
        this.archive = archive;
        this.followUps = followUps;
        this.steps = steps;
        this.households = households;
        this.pubertyClasses = pubertyClasses;
        this.reports = reports;
        this.reportExports = reportExports;
        this.screening = screening;
    }

    @Override
    public void routes(Routes r) {
        r.get("references", rq -> Map.of("references", screening.references().all()))
                .summary("筛查参考标准及其版本", "The screening references and their versions").returns(References.Ref.class);
        r.get("campaigns", rq -> Map.of("items", campaigns.list(rq.school())))
                .summary("本校体检批次", "The school's check campaigns").returns(Campaign.class);
        r.post("campaigns", this::createCampaign)
                .summary("新建每学期体检批次", "Create a semester's check campaign").body(Inputs.CampaignInput.class).returns(Campaign.class);
        r.get("campaigns/{campaign}", rq -> lookups.campaign(rq.id("campaign"), rq.school()))
                .summary("体检批次", "A check campaign").returns(Campaign.class);
        r.get("campaigns/{campaign}/classes/{class}/sheet", rq -> campaigns.sheet(rq.school(), rq.id("campaign"), rq.schoolClass("class").id(),
                paged(rq) ? rq.paging() : null))
                .summary("班级体检录入表：每名儿童及其本批次体检", "A class's entry sheet: each child with its check of the campaign")
                .query("page", Integer.class, "页码（从 0 起）；给出 page 或 size 时按页回答并附 total", "page (from 0); with page or size the answer is one page, with total")
                .query("size", Integer.class, "每页条数，1–500，默认 20", "records per page, 1–500, default 20");
        r.put("campaigns/{campaign}/children/{child}/check", this::recordCheck)
                .summary("登记或更正体检，筛查并开启随访", "Record or correct a check; screens it and opens follow-ups")
                .body(Inputs.CheckInput.class);
        r.get("children/{child}/archive", rq -> archive.archive(rq.school(), rq.child("child").id()))
                .summary("健康档案：体检、筛查、随访、四个一、生长曲线", "Health archive: checks, screening, follow-ups, 四个一, growth chart");
        r.get("children/{child}/contacts", rq -> Map.of("items", followUps.contacts(rq.school(), rq.child("child").id())))
                .summary("需通知的监护人与父母（仅姓名）", "The guardian and parents to notify (names only)");
        r.get("children/{child}/household", rq -> Collections.singletonMap("household",
                households.household(rq.school(), rq.child("child").id()).orElse(null)))
                .summary("计生户信息", "The household's family-planning flags").returns(Household.class);
        r.put("children/{child}/household", this::saveHousehold)
                .summary("登记计生户信息", "Record the household's family-planning flags").body(Inputs.HouseholdInput.class)
                .returns(Household.class);
        r.post("children/{child}/family-services", this::addFamilyService)
                .summary("登记四个一服务", "Record one of the 四个一 services").body(Inputs.FamilyServiceInput.class)
                .returns(FamilyService.class);
        r.get("population", this::population)
                .summary("服务对象（重点对象在前）及理由", "The population, key targets first, with reasons")
                .query("scope", String.class, "all：全校儿童", "all: every child of the school")
                .query("class", Long.class, "只列该班（按页回答）", "only this class (answered a page at a time)")
                .query("page", Integer.class, "页码（从 0 起）；给出 page、size 或 class 时按页回答并附 total",
                        "page (from 0); with page, size or class the answer is one page, with total")
                .query("size", Integer.class, "每页条数，1–500，默认 20", "records per page, 1–500, default 20");
        r.get("followups", rq -> Map.of("items", followUps.list(rq.school(), rq.query("status").orElse("open"))))
                .summary("随访列表", "Follow-ups").returns(FollowUp.class)
                .query("status", String.class, "open（默认）、overdue、closed 或 all", "open (default), overdue, closed or all");
        r.get("followups/{followup}", rq -> followUps.read(rq.id("followup"), rq.school()))
                .summary("随访及通知记录", "A follow-up and who was told").returns(FollowUp.class);
        r.post("followups/{followup}/notifications", rq -> steps.notify(rq.school(), followUp(rq),
                rq.body(Inputs.NotificationInput.class)))
                .summary("登记通知", "Record that someone was told").body(Inputs.NotificationInput.class).returns(FollowUp.class);
        r.post("followups/{followup}/referral", rq -> steps.refer(rq.school(), followUp(rq), rq.body(Inputs.ReferralInput.class)))
                .summary("登记转诊", "Record a referral").body(Inputs.ReferralInput.class).returns(FollowUp.class);
        r.post("followups/{followup}/close", rq -> steps.close(rq.school(), followUp(rq), rq.body(Inputs.CloseInput.class)))
                .summary("结案", "Close a follow-up").body(Inputs.CloseInput.class).returns(FollowUp.class);
        r.get("puberty-classes", rq -> Map.of("items", pubertyClasses.list(rq.school())))
                .summary("青春期健康教育课", "Puberty-health classes").returns(PubertyClass.class);
        r.post("puberty-classes", rq -> new Reply(201, Map.of(), pubertyClasses.add(rq.school(), rq.body(Inputs.PubertyClassInput.class))))
                .summary("登记青春期健康教育课（五年级以上）", "Record a puberty-health class (grade 5 and above)")
                .body(Inputs.PubertyClassInput.class).returns(PubertyClass.class);
        r.get("reports/summary", this::report)
                .summary("各批次统计：体检、异常、发现问题、父母通知率、逾期、结案、青春期课",
                        "Per campaign: checks, flags, findings, parents-notified rate, overdue, closed, puberty classes")
                .query("scope", String.class, "county：可管理的全部学校", "county: every school the caller may act for");
        r.get("reports/export", this::export)
                .summary("导出统计或随访名单（CSV 或 xlsx，中文）", "Export the report or the follow-ups (CSV or xlsx, in 中文)")
                .query("what", String.class, "summary（默认）或 followups", "summary (default) or followups")
                .query("format", String.class, "csv（默认）或 xlsx", "csv (default) or xlsx")
                .query("scope", String.class, "county：可管理的全部学校（仅统计）", "county: every school the caller may act for (summary only)")
                .produces("text/csv");
    }

    /** @return whether the request asks for a page ({@code page} or {@code size} given) */
    private static boolean paged(Request rq) {
        return rq.query("page").isPresent() || rq.query("size").isPresent();
    }

    /**
     * The population, or every child ({@code scope=all}); without {@code page}, {@code size} and {@code class} the whole
     * list as before, otherwise one page ({@code items}, {@code total}, {@code page}, {@code size}).
     */
    private Object population(Request rq) {
        boolean targetsOnly = !"all".equals(rq.query("scope").orElse(null));
        Optional<Long> classId = rq.longQuery("class");
        if (classId.isEmpty() && !paged(rq)) {
            return Map.of("items", reports.population(rq.school(), targetsOnly));
        }
        classId.ifPresent(id -> rq.classRef("class", id)); // 400 naming it unless a class of the school
        Paging p = rq.paging();
        return reports.population(rq.school(), targetsOnly, classId.orElse(null), p.page(), p.size());
    }

    private Object createCampaign(Request rq) {
        Campaign k = campaigns.create(rq.school(), rq.body(Inputs.CampaignInput.class));
        return Reply.created(rq.link("campaigns/" + k.id()), k);
    }

    /** Unknown campaigns and children answer 404 before the body is read. */
    private Object recordCheck(Request rq) {
        long campaign = lookups.campaign(rq.id("campaign"), rq.school()).id();
        long child = rq.child("child").id();
        return checks.record(rq.school(), campaign, child, rq.body(Inputs.CheckInput.class));
    }

    private Object saveHousehold(Request rq) {
        long child = rq.child("child").id();
        return households.save(rq.school(), child, rq.body(Inputs.HouseholdInput.class));
    }

    private Object addFamilyService(Request rq) {
        long child = rq.child("child").id();
        return new Reply(201, Map.of(), households.addFamilyService(rq.school(), child, rq.body(Inputs.FamilyServiceInput.class)));
    }

    /** @return the follow-up of the path, 404 before the body is read when it is not one of the school's */
    private long followUp(Request rq) {
        return lookups.followUp(rq.id("followup"), rq.school()).id();
    }

    private Object report(Request rq) {
        boolean county = "county".equals(rq.query("scope").orElse(null));
        return Map.of("schoolId", rq.school(), "scope", county ? "county" : "school",
                "rows", county ? reports.countyReport() : reports.report(rq.school()));
    }

    /** The download of the report or the follow-ups; the page's {@code lang} is ignored (exports are in 中文). */
    private Object export(Request rq) {
        return Reply.file(reportExports.download(rq.school(), rq.query("what").orElse("summary"), rq.query("format").orElse("csv"),
                "county".equals(rq.query("scope").orElse(null))));
    }
}
