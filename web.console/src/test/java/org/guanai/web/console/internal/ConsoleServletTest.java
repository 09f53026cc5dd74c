package org.guanai.web.console.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Which paths the console's servlet serves, and how (types, ETag, gzip), without an HTTP server. */
class ConsoleServletTest {

    @Test
    void theShellAndItsFiles() {
        assertEquals(Optional.of("index.html"), ConsoleServlet.file("/"));
        assertEquals(Optional.of("index.html"), ConsoleServlet.file("/index.html"));
        assertEquals(Optional.of("app.js"), ConsoleServlet.file("/console/app.js"));
        assertEquals(Optional.of("lib/vendor/echarts-5.6.0.esm.min.js"), ConsoleServlet.file("/console/lib/vendor/echarts-5.6.0.esm.min.js"));
        assertEquals(Optional.of("i18n/zh.json"), ConsoleServlet.file("/console/i18n/zh.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/children", "/console/", "/console", "/console/../bnd.bnd", "/console/./app.js",
            "/console/.hidden.js", "/console/lib//preact.js", "/console/app.class", "/console/org/guanai/x.class",
            "/console/lib", "/index.htm", "/favicon.ico", "/console/app.js/", "/console/a b.js", "/console/%2e%2e/x.js" })
    void nothingElse(String path) {
        assertEquals(Optional.empty(), ConsoleServlet.file(path), path);
    }

    @Test
    void servesWithTypeETagAndGzip() throws Exception {
        ConsoleServlet servlet = new ConsoleServlet(ConsoleServletTest.class.getClassLoader(), "7-42");
        Answer plain = get(servlet, "/console", "/lib/preact.js", Map.of());
        assertEquals(200, plain.status);
        assertEquals("text/javascript; charset=utf-8", plain.type);
        assertEquals("\"7-42\"", plain.headers.get("ETag"));
        assertEquals("no-cache", plain.headers.get("Cache-Control"));
        assertTrue(plain.text().contains("export {"), plain.text());

        Answer again = get(servlet, "/console", "/lib/preact.js", Map.of("If-None-Match", "\"7-42\""));
        assertEquals(304, again.status);
        assertEquals(0, again.body.size());

        Answer big = get(servlet, "/console", "/console.css", Map.of("Accept-Encoding", "gzip, deflate"));
        assertEquals("gzip", big.headers.get("Content-Encoding"));
        Answer unzipped = get(servlet, "/console", "/console.css", Map.of());
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(big.body.toByteArray()))) {
            assertArrayEquals(unzipped.body.toByteArray(), in.readAllBytes());
        }

        Answer shell = get(servlet, "/", null, Map.of());
        assertEquals(200, shell.status);
        assertEquals("text/html; charset=utf-8", shell.type);
        assertTrue(shell.text().contains("<script type=\"module\" src=\"/console/app.js\"></script>"));

        assertEquals(404, get(servlet, "/console", "/missing.js", Map.of()).status);
        assertEquals(404, get(servlet, "/elsewhere", null, Map.of()).status);
    }

    /** The console's own scripts (not the vendored libraries). */
    private static final List<String> SCRIPTS = List.of("app.js", "api.js", "i18n.js", "router.js", "lib/kit.js", "pages/login.js",
            "pages/dashboard.js", "pages/children.js", "pages/child.js", "pages/schools.js", "pages/users.js", "pages/programmes.js",
            "pages/modules.js", "pages/programme.js", "pages/audit.js", "pages/password.js", "pages/apidoc.js", "pages/inbox.js", "pages/safety.js",
            "pages/notify-settings.js");

    /** Every console file the shell names exists: the modules it imports and the stylesheet. */
    @Test
    void everyFileTheShellLoadsIsThere() {
        ClassLoader cl = ConsoleServletTest.class.getClassLoader();
        List<String> files = new ArrayList<>(SCRIPTS);
        files.addAll(List.of("index.html", "console.css", "icon.svg", "i18n/zh.json", "i18n/en.json", "lib/preact.js",
                "lib/echarts.js", "lib/vendor/htm-preact-3.1.1.module.js", "lib/vendor/echarts-5.6.0.esm.min.js",
                "lib/vendor/LICENSE-htm.txt", "lib/vendor/LICENSE-preact.txt", "lib/vendor/LICENSE-echarts.txt"));
        for (String f : files) {
            assertTrue(cl.getResource("console/" + f) != null, f);
            assertTrue(ConsoleServlet.file("/console/" + f).isPresent() || f.equals("index.html"), f);
        }
    }

    /** The i18n files have the same keys. */
    @Test
    void bothLanguagesHaveEveryString() throws IOException {
        ClassLoader cl = ConsoleServletTest.class.getClassLoader();
        String zh = new String(cl.getResourceAsStream("console/i18n/zh.json").readAllBytes(), StandardCharsets.UTF_8);
        String en = new String(cl.getResourceAsStream("console/i18n/en.json").readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(keys(zh), keys(en));
        assertTrue(keys(zh).size() > 200);
    }

    /**
     * Every string a script asks for by name ({@code t('…')}) is in both languages, and so are the words for every
     * audit code the audit page knows (actions, outcomes, kinds of record, actors) and the generic word for those it
     * does not: a user never reads a key or a code.
     */
    @Test
    void everyStringTheScriptsUseIsInBothLanguages() throws IOException {
        Set<String> used = new TreeSet<>();
        for (String f : SCRIPTS) {
            // comments name no real key (i18n.js explains t('key', …)); a key built from parts is checked below
            String code = resource(f).replaceAll("(?m)^\\s*(//|\\*|/\\*\\*).*$", "");
            Matcher m = Pattern.compile("\\bt\\(\\s*'([^'$]+)'\\s*[,)]").matcher(code);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertTrue(used.containsAll(List.of("audit.title", "password.mismatch", "programmes.dataKept", "user.failedLogins", "api.title",
                "api.perm.signedIn")), used.toString());
        String audit = resource("pages/audit.js");
        for (String[] kind : new String[][] { { "ACTIONS", "action" }, { "OUTCOMES", "outcome" }, { "ENTITIES", "entity" },
                { "ACTORS", "actor" } }) {
            Matcher list = Pattern.compile("export const " + kind[0] + " = \\[([^\\]]*)\\]").matcher(audit);
            assertTrue(list.find(), kind[0]);
            Matcher code = Pattern.compile("'([^']+)'").matcher(list.group(1));
            int n = 0;
            while (code.find()) {
                used.add("audit." + kind[1] + "." + code.group(1));
                n++;
            }
            assertTrue(n > 1, kind[0]);
            if (!kind[1].equals("actor")) {
                used.add("audit." + kind[1] + ".other");
            }
        }
        assertInBothLanguages(used);
    }

    /**
     * The console kit's own words (the {@code kit.*} strings it shows in every page, the console's and the programmes'):
     * each one it names is in both languages, so no page shows a key.
     */
    @Test
    void everyStringOfTheKitIsInBothLanguages() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("'(kit\\.[A-Za-z.]+)'").matcher(resource("lib/kit.js"));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertTrue(used.containsAll(List.of("kit.loading", "kit.saving", "kit.saved", "kit.fixErrors", "kit.failed", "kit.pager.status")),
                used.toString());
        assertInBothLanguages(used);
    }

    /** Every key of {@code used} is a string of the console's zh.json and of its en.json. */
    private static void assertInBothLanguages(Set<String> used) throws IOException {
        for (String lang : List.of("zh", "en")) {
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(keys(resource("i18n/" + lang + ".json")));
            assertEquals(Set.of(), missing, "not in " + lang + ".json");
        }
    }

    /** The kit is served at its stable URL, and every name web.console/README.md promises is exported by it. */
    @Test
    void theKitExportsWhatTheReadmePromises() throws IOException {
        assertEquals(Optional.of("lib/kit.js"), ConsoleServlet.file("/console/lib/kit.js"));
        String kit = resource("lib/kit.js");
        Set<String> exported = new TreeSet<>();
        Matcher e = Pattern.compile("(?m)^export (?:async )?(?:function|const) ([A-Za-z]+)").matcher(kit);
        while (e.find()) {
            exported.add(e.group(1));
        }
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        Matcher list = Pattern.compile("(?s)<!-- kit exports -->(.*?)<!-- /kit exports -->").matcher(readme);
        assertTrue(list.find(), "the README lists the kit's exports between <!-- kit exports --> markers");
        Set<String> promised = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| ([^|]+) \\|").matcher(list.group(1)); // the first column of the table
        while (row.find()) {
            Matcher name = Pattern.compile("`([A-Za-z]+)`").matcher(row.group(1));
            while (name.find()) {
                promised.add(name.group(1));
            }
        }
        assertEquals(promised, exported, "the kit exports exactly the names its README lists");
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = ConsoleServletTest.class.getClassLoader().getResourceAsStream("console/" + file)) {
            assertTrue(in != null, file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static java.util.Set<String> keys(String json) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*\"([^\"]+)\"\\s*:").matcher(json);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static final class Answer {
        int status = 200;
        String type;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private static Answer get(ConsoleServlet servlet, String servletPath, String pathInfo, Map<String, String> headers) throws Exception {
        Answer a = new Answer();
        HttpServletRequest rq = (HttpServletRequest) Proxy.newProxyInstance(ConsoleServletTest.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getProtocol" -> "HTTP/1.1";
                    case "getDateHeader" -> -1L;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                a.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        HttpServletResponse rs = (HttpServletResponse) Proxy.newProxyInstance(ConsoleServletTest.class.getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (p, m, args) -> switch (m.getName()) {
                    case "setStatus", "sendError" -> {
                        a.status = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader" -> {
                        a.headers.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "setContentType" -> {
                        a.type = (String) args[0];
                        yield null;
                    }
                    case "setContentLength" -> null;
                    case "getOutputStream" -> out;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        servlet.service(rq, rs);
        return a;
    }
}
