package org.guanai.plugin.home.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.guanai.core.api.care.HomeRecords;
import org.guanai.core.api.programme.Programme;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What other programmes may count of this one (the 九个一's items (1) and (2) in the activities programme), published as
 * core.api's {@link HomeRecords}: per child, the kind and day of each loan, call or video, and talk in a range — never
 * a talk's content.
 */
@Component(service = HomeRecords.class, property = Programme.ID_PROPERTY + "=" + HomeProgramme.ID)
public final class HomeRecordsProvider implements HomeRecords {
    private final HomeStore store;

    @Activate
    public HomeRecordsProvider(@Reference HomeStore store) {
        this.store = store;
    }

    @Override
    public List<ChildHomeUse> forSchool(long schoolId, LocalDate from, LocalDate to) {
        Map<Long, List<Use>> byChild = new TreeMap<>();
        for (HomeStore.Use u : store.uses(schoolId, from, to)) {
            byChild.computeIfAbsent(u.childId(), k -> new ArrayList<>()).add(new Use(u.kind(), u.date()));
        }
        return byChild.entrySet().stream().map(e -> new ChildHomeUse(e.getKey(), e.getValue())).toList();
    }
}
