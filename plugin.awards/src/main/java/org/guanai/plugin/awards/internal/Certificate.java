package org.guanai.plugin.awards.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.guanai.plugin.awards.internal.Model.Nomination;
import org.guanai.plugin.awards.internal.Model.State;
import org.guanai.sdk.http.Download;
import org.guanai.sdk.i18n.Texts;

/**
 * 荣誉证书: a granted award as an A4 page to print (landscape, {@code @page { size: A4 landscape }}), in 中文: the
 * nominee's name, the award, the school, the school year, the date it was granted and the issuer. No ids or codes.
 */
final class Certificate {
    /** The page, from the bundle's {@code certificate.html}: {@code String.format} placeholders, every value escaped. */
    private static final String TEMPLATE;

    static {
        try (java.io.InputStream in = Certificate.class.getResourceAsStream("/certificate.html")) {
            TEMPLATE = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Certificate() {
    }

    /** @return the page; {@code 409} unless the county granted the award */
    static Download html(Texts t, Nomination n, String school) {
        if (n.state() != State.APPROVED) {
            throw t.refuse(409, "notGranted", "conflict.notGranted");
        }
        LocalDate d = n.grantedOn();
        String page = TEMPLATE.formatted(esc(t.zh("certificate.title")), esc(n.nominee().name()), esc(t.zh("certificate.salutation")),
                esc(t.zh("certificate.body", t.zh("schoolYear", n.schoolYear(), n.schoolYear() + 1))),
                esc(t.zh("certificate.encourage")), esc(school), esc(t.zh("certificate.date", d.getYear(), d.getMonthValue(), d.getDayOfMonth())),
                esc(t.zh("certificate.award", t.zh("award." + n.award()))));
        return Download.inline("text/html;charset=UTF-8", t.zh("certificate.title") + ".html", page.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the text with {@code & < > " '} escaped for HTML */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
