package org.guanai.plugin.health.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.sdk.GuanaiProgramme;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * 计生关爱: describes the programme to the core. Its permissions {@code health.read} and {@code health.write} are held by
 * default by 计生/卫生人员 ({@link Role#HEALTH_WORKER}) and the 县级管理员 ({@link Role#COUNTY_ADMIN}) only: not by teachers,
 * school administrators or officers, since health records are the most sensitive data of the platform. They are
 * independent of the core's {@code registry.health}, which covers only the archive's 健康状况 note (see README).
 */
@GuanaiProgramme(HealthProgramme.ID)
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + HealthProgramme.ID)
public final class HealthProgramme implements Programme {
    /** The programme id: it prefixes the tables, paths, permissions and events. */
    static final String ID = "health";
    static final String READ = ID + ".read";
    static final String WRITE = ID + ".write";

    private final HealthStore store;
    private final String version;

    @Activate
    public HealthProgramme(BundleContext context, @Reference HealthStore store) {
        this.store = store;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public ProgrammeInfo info() {
        return new ProgrammeInfo(ID, "计生关爱", "Family-planning health care",
                "乡计生办为计生家庭留守儿童每学期免费体检（血压、体重、身高），按 WS/T 586、WS/T 456、WS/T 610 与 WHO 2007 筛查，"
                        + "发现问题及时通知父母和监护人并随访；记录四个一和青春期健康教育课",
                "The township family-planning office's free health check each semester (blood pressure, weight, height) for left-behind "
                        + "children of family-planning households, screened by WS/T 586, WS/T 456, WS/T 610 and WHO 2007; findings are "
                        + "followed up with the parents and guardian; the 四个一 and puberty classes are recorded",
                version, new ProgrammeInfo.UiEntry("计生关爱", "Health checks", "main.js"),
                List.of(new ProgrammeInfo.PermissionInfo(READ, "查看健康档案与体检记录", "Read health records and checks",
                        Set.of(Role.HEALTH_WORKER, Role.COUNTY_ADMIN)),
                        new ProgrammeInfo.PermissionInfo(WRITE, "登记体检、随访与计生服务", "Record checks, follow-ups and services",
                                Set.of(Role.HEALTH_WORKER, Role.COUNTY_ADMIN))));
    }

    /** Counts only, no names: campaigns, checks, flagged checks, open and overdue follow-ups of the school. */
    @Override
    public Map<String, Object> summary(long schoolId) {
        return store.summary(schoolId);
    }
}
