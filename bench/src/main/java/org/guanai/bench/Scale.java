package org.guanai.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests of the "lists at scale" and "programme routes" phases, against a Guanai that holds the bulk-loaded
 * children: what the console's children page asks (a deep page, a class, a search by name, the filters) and every GET
 * route a programme's page calls when it opens (the routes the pages of pairing, activities, birthdays, health, guardians,
 * subsidies, home and awards, {@code ui/*.js}, pass to {@code ctx.api}), all for one school, as the console sends them ({@code ?school=}).
 */
final class Scale {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    private static final String[] NAMES = { "王", "李", "张", "陈", "浩", "婷", "王浩", "李婷", "张宇", "陈思", "刘佳", "杨雪" };
    private static final String[] TYPES = { "FATHER_AWAY", "MOTHER_AWAY", "BOTH_AWAY" };
    private static final String[] GUARDIANS = { "GRANDPARENTS", "MATERNAL_GRANDPARENTS" };

    /**
     * The GET routes the shipped programmes' pages call (relative to {@code /api/programmes/}: what their {@code ui/*.js}
     * pass to {@code ctx.api} without a method, found by reading them; the POST-only ones left out); {@code {child}},
     * {@code {class}} and {@code {campaign}} are replaced by ids of the school.
     */
    static final List<String> PROGRAMME_ROUTES = List.of(
            "pairing/board?page=0&size=50", "pairing/mentors", "pairing/overdue", "pairing/pairs", "pairing/records",
            "pairing/reports/coverage", "pairing/reports/load", "pairing/reports/compliance", "pairing/reports/levels",
            "activities/activities", "activities/checklist", "activities/coverage?page=0&size=50",
            "activities/home", "activities/reminders", "activities/semesters", "activities/settings",
            "activities/children/{child}/records",
            "birthdays/classes", "birthdays/month", "birthdays/upcoming?range=month&calendar=family",
            "birthdays/classes/{class}/upcoming?range=month&calendar=family", "birthdays/parties", "birthdays/coverage",
            "health/campaigns", "health/followups", "health/population?page=0&size=50", "health/population?scope=all&page=0&size=50",
            "health/population?scope=all&class={class}&page=0&size=100", "health/puberty-classes",
            "health/reports/summary", "health/campaigns/{campaign}/classes/{class}/sheet?page=0&size=50", "health/children/{child}/archive",
            "health/children/{child}/household", "health/children/{child}/contacts",
            "guardians/sessions?page=0&size=20", "guardians/children/{child}/history",
            "subsidies/funds", "subsidies/applications", "subsidies/totals", "subsidies/children/{child}/ledger",
            "home/standard", "home/equipment", "home/hours", "home/duty", "home/loans?page=0&size=20", "home/calls?page=0&size=20",
            "home/talks?page=0&size=20", "home/tv?page=0&size=20", "home/children/{child}/family",
            "awards/awards", "awards/nominations?page=0&size=20", "awards/appraisal");

    /** The school's ids the requests draw from. */
    record School(long id, long total, List<Long> classes, List<Long> children, Long campaign) {
    }

    private Scale() {
    }

    /** Asks Guanai for the school's size, classes, some children and a health campaign. */
    static School school(int port, long school) throws IOException {
        HttpConnection.Response first = HttpConnection.getOnce(port, "/api/children?school=" + school + "&size=500", 60_000);
        check(first, "the school's children");
        Matcher t = TOTAL.matcher(first.text());
        long total = t.find() ? Long.parseLong(t.group(1)) : 0;
        List<Long> children = ids(first.text());
        HttpConnection.Response classes = HttpConnection.getOnce(port, "/api/schools/" + school + "/classes?size=500", 60_000);
        check(classes, "the school's classes");
        HttpConnection.Response campaigns = HttpConnection.getOnce(port, "/api/programmes/health/campaigns?school=" + school, 60_000);
        List<Long> campaign = campaigns.status() == 200 ? ids(campaigns.text()) : List.of();
        return new School(school, total, ids(classes.text()), children, campaign.isEmpty() ? null : campaign.get(0));
    }

    /** The children page's requests, 20 a page as the console asks. */
    static List<Load.Kind> lists(School s) {
        long pages = Math.max(1, (s.total + 19) / 20);
        long deep = Math.max(0, pages - Math.max(1, pages / 10));
        return List.of(
                new Load.Kind("deep page", r -> "/api/children?school=" + s.id + "&page=" + (deep + r.nextLong(pages - deep)) + "&size=20"),
                new Load.Kind("class list", r -> "/api/children?school=" + s.id + "&class=" + pick(r, s.classes) + "&page=0&size=20"),
                new Load.Kind("search by name", r -> "/api/children?school=" + s.id + "&q="
                        + java.net.URLEncoder.encode(NAMES[r.nextInt(NAMES.length)], java.nio.charset.StandardCharsets.UTF_8)
                        + "&page=0&size=20"),
                new Load.Kind("filters", r -> "/api/children?school=" + s.id + "&leftBehindType=" + TYPES[r.nextInt(TYPES.length)]
                        + "&guardianKind=" + GUARDIANS[r.nextInt(GUARDIANS.length)] + "&page=" + r.nextInt(5) + "&size=20"));
    }

    /** Every programme route, each a kind of its own; routes that need an id the school lacks are left out (noted). */
    static List<Load.Kind> programmeRoutes(School s, List<String> notes) {
        List<Load.Kind> out = new ArrayList<>();
        for (String route : PROGRAMME_ROUTES) {
            if (route.contains("{campaign}") && s.campaign == null || route.contains("{class}") && s.classes.isEmpty()
                    || route.contains("{child}") && s.children.isEmpty()) {
                notes.add("programme route " + route + " not measured: the school has no id for it");
                continue;
            }
            out.add(new Load.Kind(route, r -> {
                String p = route.replace("{child}", Long.toString(pick(r, s.children)))
                        .replace("{class}", Long.toString(pick(r, s.classes)))
                        .replace("{campaign}", String.valueOf(s.campaign));
                return "/api/programmes/" + p + (p.contains("?") ? "&" : "?") + "school=" + s.id;
            }));
        }
        return out;
    }

    /** One row per kind: p50 / p99 and the count, with the target and pass/fail. */
    static boolean rows(StringBuilder out, Load.Result r, double p50Target, double p99Target, String prefix) {
        boolean all = true;
        for (Load.KindResult k : r.kinds()) {
            boolean ok = k.errors() == 0 && k.requests() > 0 && (Double.isNaN(p50Target) || k.p(50) <= p50Target)
                    && k.p(99) <= p99Target;
            all &= ok;
            String target = (Double.isNaN(p50Target) ? "" : String.format(Locale.ROOT, "p50 ≤ %.0f ms, ", p50Target))
                    + String.format(Locale.ROOT, "p99 ≤ %.0f ms", p99Target);
            out.append("| ").append(prefix).append(k.name()).append(String.format(Locale.ROOT, ": p50 / p99 (n, failed) | %.1f ms / %.1f ms (%d, %d)",
                    k.p(50), k.p(99), k.requests(), k.errors())).append(" | — | — | ").append(target).append(" | ")
                    .append(ok ? "PASS" : "FAIL").append(" |\n");
        }
        return all;
    }

    /**
     * One request of each kind alone, before the load (progress lines; a kind that fails or takes longer than
     * {@code timeoutMillis} is named in the notes, and left out of the load when {@code dropSlow}).
     *
     * @return the kinds that answered 200 in time (all of them unless {@code dropSlow})
     */
    static List<Load.Kind> probe(int port, List<Load.Kind> kinds, List<String> notes, int timeoutMillis, boolean dropSlow) {
        SplittableRandom r = new SplittableRandom(7);
        List<Load.Kind> ok = new ArrayList<>();
        for (Load.Kind k : kinds) {
            String path = k.path().apply(r);
            long t0 = System.nanoTime();
            String outcome;
            boolean fine;
            try {
                HttpConnection.Response res = HttpConnection.getOnce(port, path, timeoutMillis);
                outcome = res.status() + ", " + res.body().length + " bytes";
                fine = res.status() == 200;
                if (!fine) {
                    notes.add("GET " + path + " -> " + res.status() + " " + res.text());
                }
            } catch (IOException e) {
                outcome = e.toString();
                fine = false;
                notes.add(String.format(Locale.ROOT, "GET %s alone: no answer within %d s (%s)%s", path, timeoutMillis / 1000, e,
                        dropSlow ? "; left out of the load, its row fails" : ""));
            }
            Bench.progressLine(String.format(Locale.ROOT, "  %s -> %s, %.0f ms alone", path, outcome, (System.nanoTime() - t0) / 1e6));
            if (fine || !dropSlow) {
                ok.add(k);
            }
        }
        return ok;
    }

    private static long pick(SplittableRandom r, List<Long> ids) {
        return ids.get(r.nextInt(ids.size()));
    }

    private static List<Long> ids(String json) {
        List<Long> out = new ArrayList<>();
        Matcher m = ID.matcher(json);
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    private static void check(HttpConnection.Response r, String what) {
        if (r.status() != 200) {
            throw new IllegalStateException(what + ": " + r.status() + " " + r.text());
        }
    }
}
