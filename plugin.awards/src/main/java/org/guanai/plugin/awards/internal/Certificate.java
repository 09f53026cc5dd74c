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
    private Certificate() {
    }

    /** @return the page; {@code 409} unless the county granted the award */
    static Download html(Texts t, Nomination n, String school) {
        if (n.state() != State.APPROVED) {
            throw t.refuse(409, "notGranted", "conflict.notGranted");
        }
        LocalDate d = n.grantedOn();
        String page = """
                <!DOCTYPE html>
                <html lang="zh-CN"><head><meta charset="utf-8"><title>%1$s</title>
                <style>
                @page { size: A4 landscape; margin: 0; }
                html, body { margin: 0; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; color: #7a1010; }
                .sheet { box-sizing: border-box; width: 297mm; height: 210mm; padding: 18mm; }
                .frame { box-sizing: border-box; height: 100%%; border: 3mm double #b8860b; padding: 14mm 22mm; text-align: center; }
                h1 { font-size: 30pt; letter-spacing: 0.6em; margin: 4mm 0 12mm; }
                .name { font-size: 22pt; border-bottom: 1px solid #7a1010; padding: 0 8mm; }
                p { font-size: 16pt; line-height: 2; color: #222; text-align: left; text-indent: 2em; }
                .award { font-size: 20pt; font-weight: bold; color: #7a1010; }
                .issuer { margin-top: 14mm; text-align: right; font-size: 15pt; color: #222; line-height: 1.8; }
                @media screen { body { background: #eee; } .sheet { margin: 8mm auto; background: #fff; box-shadow: 0 0 4mm #999; } }
                </style></head>
                <body><main class="sheet"><div class="frame">
                <h1>%1$s</h1>
                <p><span class="name">%2$s</span>%3$s</p>
                <p>%4$s</p>
                <p class="award">%8$s</p>
                <p>%5$s</p>
                <div class="issuer">%6$s<br>%7$s</div>
                </div></main></body></html>
                """.formatted(esc(t.zh("certificate.title")), esc(n.nominee().name()), esc(t.zh("certificate.salutation")),
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
