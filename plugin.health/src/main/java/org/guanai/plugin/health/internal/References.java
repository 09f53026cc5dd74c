package org.guanai.plugin.health.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The screening reference tables (参考标准), shipped in this bundle under {@code /reference} (sources and licences in
 * {@code reference/SOURCES.md}). Loaded once per engine; each table's version is the standard's edition plus the first
 * eight hex digits of the SHA-256 of the data file, so a stored result names exactly the data it was computed with.
 */
final class References {

    /** One reference: its id (stored beside each result), version and whether the data is provisional. */
    record Ref(String id, String version, boolean provisional) {
    }

    /** L, M, S of one month of a WHO 2007 table. */
    record Lms(int month, double l, double m, double s) {
    }

    /** A cut-off row of a half-year band: the band's lower bound in years and its values. */
    record Band(double ageYears, double[] values) {
    }

    /** WS/T 610 height percentiles (P5 … P95) for one sex and whole-year age. */
    record HeightPercentiles(double p5, double p10, double p25, double p50, double p75, double p90, double p95) {
    }

    /** WS/T 610 systolic and diastolic P95 for one sex, age and height group. */
    record BpCut(int sbpP95, int dbpP95) {
    }

    static final String WST586 = "WS/T 586-2018";
    static final String WST456 = "WS/T 456-2014";
    static final String WST610 = "WS/T 610-2018";
    static final String WHO2007_BFA = "WHO 2007 BMI-for-age";
    static final String WHO2007_HFA = "WHO 2007 height-for-age";

    final Ref wst586;
    final Ref wst456Bmi;
    final Ref wst456Height;
    final Ref wst610;
    final Ref whoBfa;
    final Ref whoHfa;

    /** sex ("male"/"female") → bands: overweight ≥, obesity ≥ */
    final Map<String, List<Band>> overweightObesity = new TreeMap<>();
    /** sex → bands: moderate/severe ≤, mild min, mild max */
    final Map<String, List<Band>> wasting = new TreeMap<>();
    /** sex → bands: stunted if height ≤ */
    final Map<String, List<Band>> stunting = new TreeMap<>();
    /** sex → age → height percentiles */
    final Map<String, Map<Integer, HeightPercentiles>> heightPercentiles = new TreeMap<>();
    /** "sex/age/group" → P95 */
    final Map<String, BpCut> bp = new TreeMap<>();
    /** sex → months 61..228 */
    final Map<String, List<Lms>> bmiForAge = new TreeMap<>();
    final Map<String, List<Lms>> heightForAge = new TreeMap<>();

    References() {
        wst586 = new Ref(WST586, "2018 table 1#" + load("wst586_bmi_overweight_obesity.csv", r -> band(overweightObesity, r, 2)), false);
        wst456Bmi = new Ref(WST456 + " BMI", "2014#" + load("wst456_bmi_wasting.csv", r -> band(wasting, r, 3)), false);
        wst456Height = new Ref(WST456 + " height", "2014#" + load("wst456_height_stunting.csv", r -> band(stunting, r, 1)), false);
        String hp = load("wst610_height_percentiles.csv", r -> heightPercentiles.computeIfAbsent(r[0], k -> new TreeMap<>())
                .put(Integer.parseInt(r[1]), new HeightPercentiles(d(r[2]), d(r[3]), d(r[4]), d(r[5]), d(r[6]), d(r[7]), d(r[8]))));
        String bpv = load("wst610_bp_p95_by_height_group.csv",
                r -> bp.put(r[0] + "/" + r[1] + "/" + r[2], new BpCut(Integer.parseInt(r[3]), Integer.parseInt(r[4]))));
        // provisional: one unverified source, P95 only (reference/SOURCES.md)
        wst610 = new Ref(WST610, "2018 P95 provisional#" + hp + bpv.substring(0, 4), true);
        String b1 = load("who2007_bmi_for_age_boys_lms.csv", r -> lms(bmiForAge, "male", r));
        String b2 = load("who2007_bmi_for_age_girls_lms.csv", r -> lms(bmiForAge, "female", r));
        String h1 = load("who2007_height_for_age_boys_lms.csv", r -> lms(heightForAge, "male", r));
        String h2 = load("who2007_height_for_age_girls_lms.csv", r -> lms(heightForAge, "female", r));
        whoBfa = new Ref(WHO2007_BFA, "2007#" + b1.substring(0, 4) + b2.substring(0, 4), false);
        whoHfa = new Ref(WHO2007_HFA, "2007#" + h1.substring(0, 4) + h2.substring(0, 4), false);
    }

    /** @return every reference, for the API and the README */
    List<Ref> all() {
        return List.of(wst586, wst456Bmi, wst456Height, wst610, whoBfa, whoHfa);
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }

    private static void band(Map<String, List<Band>> into, String[] r, int columns) {
        double[] v = new double[columns];
        for (int i = 0; i < columns; i++) {
            v[i] = d(r[2 + i]);
        }
        into.computeIfAbsent(r[0], k -> new ArrayList<>()).add(new Band(d(r[1]), v));
    }

    private static void lms(Map<String, List<Lms>> into, String sex, String[] r) {
        into.computeIfAbsent(sex, k -> new ArrayList<>()).add(new Lms(Integer.parseInt(r[0]), d(r[1]), d(r[2]), d(r[3])));
    }

    /** Reads a CSV of this bundle (lines starting with {@code #} and the header skipped); @return the data's hash prefix */
    private static String load(String file, java.util.function.Consumer<String[]> row) {
        try (InputStream in = References.class.getResourceAsStream("/reference/" + file)) {
            if (in == null) {
                throw new IllegalStateException("reference table missing from the bundle: " + file);
            }
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 8);
            boolean header = true;
            for (String line : new String(new ByteArrayInputStream(bytes).readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                row.accept(line.trim().split(","));
            }
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
