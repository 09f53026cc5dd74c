package org.guanai.examples.calls.internal;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Describes the 亲情电话 programme to the core and answers its summary for a school. */
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + CallsProgramme.ID)
public final class CallsProgramme implements Programme {
    static final String ID = "calls";

    private final CallStore store;
    private final String version;

    @Activate
    public CallsProgramme(BundleContext context, @Reference CallStore store) {
        this.store = store;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public ProgrammeInfo info() {
        return new ProgrammeInfo(ID, "亲情电话", "Family calls", "记录留守儿童与外出父母的通话，按月统计",
                "Records calls between left-behind children and their parents away, counted per month", version,
                new ProgrammeInfo.UiEntry("亲情电话", "Family calls", "main.js"),
                List.of(new ProgrammeInfo.PermissionInfo(ID + ".read", "查看通话记录", "Read call records",
                        Set.of(Role.COUNTY_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER)),
                        new ProgrammeInfo.PermissionInfo(ID + ".write", "登记通话", "Record calls",
                                Set.of(Role.SCHOOL_ADMIN, Role.TEACHER))));
    }

    @Override
    public Map<String, Object> summary(long schoolId) {
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
        try {
            Map<String, Long> month = store.monthly(schoolId, today.getYear())
                    .get(String.format("%04d-%02d", today.getYear(), today.getMonthValue()));
            return Map.of("callsThisMonth", month.get("calls"), "minutesThisMonth", month.get("minutes"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
