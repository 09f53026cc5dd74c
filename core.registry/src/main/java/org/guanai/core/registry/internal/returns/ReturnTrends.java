package org.guanai.core.registry.internal.returns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.returns.ReturnFigure;

/**
 * Figures over periods from the latest submission of each school: counts add up over the schools; a rate is the mean of
 * the schools' rates weighted by their children (the core's {@code children}, at least 1); a figure absent from a
 * period's submissions has no value ({@code null}) there.
 *
 * @param submissions per period, the schools whose submission was counted
 * @param figures     each figure as in a return (without {@code value}), with {@code values} per period
 */
record ReturnTrends(List<Integer> submissions, List<Map<String, Object>> figures) {

    /**
     * @param periods   the periods, oldest first ({@code 2026Q3})
     * @param snapshots per submission, its period and its figures as submitted
     */
    static ReturnTrends of(List<String> periods, List<Map.Entry<String, List<Map<String, Object>>>> snapshots) {
        Map<String, Map<String, Object>> figures = new LinkedHashMap<>(); // programme/key -> figure
        Map<String, double[][]> sums = new LinkedHashMap<>(); // programme/key -> per period {sum, weight}
        int[] schools = new int[periods.size()];
        for (Map.Entry<String, List<Map<String, Object>>> snapshot : snapshots) {
            int at = periods.indexOf(snapshot.getKey());
            schools[at]++;
            double children = snapshot.getValue().stream()
                    .filter(f -> CoreFigures.CORE.equals(f.get("programme")) && "children".equals(f.get("key")))
                    .map(f -> f.get("value")).filter(Number.class::isInstance).mapToDouble(v -> ((Number) v).doubleValue())
                    .findFirst().orElse(0);
            for (Map<String, Object> f : snapshot.getValue()) {
                String id = f.get("programme") + "/" + f.get("key");
                figures.computeIfAbsent(id, k -> {
                    Map<String, Object> m = new LinkedHashMap<>(f);
                    m.remove("value");
                    return m;
                });
                if (f.get("value") instanceof Number v) {
                    boolean rate = ReturnFigure.RATE.equals(f.get("unit"));
                    double weight = rate ? Math.max(children, 1) : 1;
                    double[] s = sums.computeIfAbsent(id, k -> new double[periods.size()][2])[at];
                    s[0] += v.doubleValue() * weight;
                    s[1] += weight;
                }
            }
        }
        List<Map<String, Object>> series = new ArrayList<>();
        figures.forEach((id, f) -> {
            double[][] s = sums.get(id);
            boolean rate = ReturnFigure.RATE.equals(f.get("unit"));
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < periods.size(); i++) {
                values.add(s == null || s[i][1] == 0 ? null : rate ? (Object) (s[i][0] / s[i][1]) : (Object) Math.round(s[i][0]));
            }
            f.put("values", values);
            series.add(f);
        });
        return new ReturnTrends(Arrays.stream(schools).boxed().toList(), series);
    }
}
