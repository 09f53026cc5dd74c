package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.guanai.core.api.care.CareCoverage;
import org.guanai.core.api.programme.Programme;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Coverage.Cell;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.plugin.activities.internal.Coverage.Row;
import org.guanai.plugin.activities.internal.Coverage.Status;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What other programmes may count of the 九个一 (e.g. the 表彰's evidence for a child), published as core.api's
 * {@link CareCoverage}: the coverage grids of the semesters in a range ({@link CoverageService#grids}), summed per child
 * and item. A cell still running and not done ({@link Status#PENDING}) is not due yet.
 */
@Component(service = CareCoverage.class, property = Programme.ID_PROPERTY + "=" + ActivitiesProgramme.ID)
public final class CareCoverageProvider implements CareCoverage {
    private final CoverageService coverage;

    @Activate
    public CareCoverageProvider(@Reference CoverageService coverage) {
        this.coverage = coverage;
    }

    @Override
    public List<ChildCoverage> forSchool(long schoolId, LocalDate from, LocalDate to) {
        return of(coverage.grids(schoolId, from, to));
    }

    /** Per child (by id), per item in the order of the first grid that has it: periods done and due, summed over the grids. */
    static List<ChildCoverage> of(List<Grid> grids) {
        Map<Long, Map<String, int[]>> sums = new TreeMap<>();
        Map<String, Item> items = new LinkedHashMap<>();
        for (Grid g : grids) {
            g.items().forEach(i -> items.putIfAbsent(i.code(), i));
            for (Row r : g.rows()) {
                Map<String, int[]> child = sums.computeIfAbsent(r.child().id(), k -> new LinkedHashMap<>());
                for (Cell c : r.cells()) {
                    int[] n = child.computeIfAbsent(c.item(), k -> new int[2]);
                    int due = c.status() == Status.PENDING ? 0 : c.required();
                    n[0] += Math.min(c.done(), due);
                    n[1] += due;
                }
            }
        }
        return sums.entrySet().stream().map(e -> {
            ChildCoverage.Builder b = ChildCoverage.builder(e.getKey());
            items.forEach((code, i) -> {
                int[] n = e.getValue().get(code);
                if (n != null) {
                    b.item(code, i.nameZh(), i.nameEn(), n[0], n[1]);
                }
            });
            return b.build();
        }).toList();
    }
}
