package org.guanai.plugin.health.internal;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.AuditTrail;
import org.guanai.plugin.health.internal.Model.FamilyService;
import org.guanai.plugin.health.internal.Model.Household;
import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A child's family as this programme records it: the household's family-planning flags (计生户, read and saved at their
 * version) and the 四个一 delivered to the family. Reads and changes are audited.
 */
@Component(service = Households.class)
public final class Households {
    /** The 四个一, in the order the archive shows them. */
    static final List<String> FOUR_ONES = List.of("CONSULTATION", "REPRODUCTIVE_CHECK", "PUBERTY_CLASS", "LEAFLET");

    private final HealthStore store;
    private final HealthWrites writes;
    private final Lookups lookups;
    private final AuditTrail audit;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public Households(@Reference HealthStore store, @Reference HealthWrites writes, @Reference Lookups lookups, @Reference AuditTrail audit,
            @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.writes = writes;
        this.lookups = lookups;
        this.audit = audit;
        this.texts = texts;
        this.calendar = calendar;
    }

    Optional<Household> household(long school, long childId) {
        lookups.child(childId, school);
        Optional<Household> h = store.read(sql -> store.household(sql, childId));
        audit.record("READ", "health.household", String.valueOf(childId), childId, school, null);
        return h;
    }

    Household save(long school, long childId, Inputs.HouseholdInput in) {
        lookups.child(childId, school);
        FieldErrors e = texts.errors();
        Map<String, Boolean> flags = new LinkedHashMap<>();
        flags.put("fpHousehold", in.fpHousehold());
        flags.put("oneChild", in.oneChild());
        flags.put("girlsOnly", in.girlsOnly());
        flags.put("twoDaughtersSterilised", in.twoDaughtersSterilised());
        flags.put("hardship", in.hardship());
        flags.forEach((f, v) -> {
            if (v == null) {
                e.add(f, "required");
            }
        });
        Long version = in.version();
        if (version == null) {
            e.add("version", "required");
        }
        String reason = in.hardshipReason();
        if (reason != null && reason.length() > 200) {
            e.add("hardshipReason", "tooLong", 200);
        }
        if (e.isEmpty() && in.oneChild() && in.twoDaughtersSterilised()) {
            e.add("twoDaughtersSterilised", "oneChildAndTwoDaughters");
        }
        e.throwIfAny();
        Household h = new Household(childId, school, 0, in.fpHousehold(), in.oneChild(), in.girlsOnly(), in.twoDaughtersSterilised(),
                in.hardship(), Inputs.blank(reason), writes.user(), null);
        Household saved = writes.write(sql -> store.saveHousehold(sql, h, version)).orElseThrow(writes::stale);
        audit.record(version == 0 ? "CREATE" : "UPDATE", "health.household", String.valueOf(childId), childId, school, null);
        return saved;
    }

    FamilyService addFamilyService(long school, long childId, Inputs.FamilyServiceInput in) {
        lookups.child(childId, school);
        String kind = in.kind();
        LocalDate on = in.deliveredOn();
        FieldErrors e = texts.errors();
        if (kind == null || !FOUR_ONES.contains(kind)) {
            e.add("kind", "fourOnes");
        }
        if (on == null) {
            e.add("deliveredOn", "date");
        } else if (on.isAfter(calendar.today())) {
            e.add("deliveredOn", "future");
        }
        if (in.note() != null && in.note().length() > 300) {
            e.add("note", "tooLong", 300);
        }
        e.throwIfAny();
        FamilyService service = new FamilyService(null, childId, school, kind, on, Inputs.blank(in.note()), writes.user());
        long id = writes.write(sql -> store.addFamilyService(sql, service));
        audit.record("CREATE", "health.familyService", String.valueOf(id), childId, school, kind);
        return new FamilyService(id, childId, school, kind, on, service.note(), service.recordedBy());
    }
}
