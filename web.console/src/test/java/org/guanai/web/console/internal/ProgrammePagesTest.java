package org.guanai.web.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The programme pages of this repository (every {@code plugin.*} and the example's {@code ui/} folder, read from the
 * source tree next to this module) are built on the console kit: they import {@code /console/lib/kit.js}, their
 * {@code render} is the kit's {@code programmePage}, they carry no copy of what the kit does (fields, field errors, the
 * loading hook, loading their translations, stylesheets or downloads by hand), and every string they ask for by name is
 * in both of their languages.
 */
class ProgrammePagesTest {
    private final ObjectMapper json = new ObjectMapper();

    /** The ui/ folders of the programmes in this repository. */
    static List<Path> pages() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> d.getFileName().toString().startsWith("plugin."))
                    .map(d -> d.resolve("src/main/resources/ui"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .forEach(out::add);
        }
        out.add(root.resolve("examples/programme-template/src/main/resources/ui"));
        assertTrue(out.size() >= 9, "the eight programmes and the example: " + out);
        return out;
    }

    /** What a page must not write again: the kit has it. */
    private static final Map<String, String> COPIES = Map.of(
            "function Field(", "a field component",
            "function useLoad(", "a loading hook",
            "function fieldErrors(", "field errors from the API's body",
            "function problems(", "field errors from the API's body",
            "function problem(", "field errors from the API's body",
            "i18n/${", "loading its translations",
            "rel = 'stylesheet'", "adding its stylesheet",
            "createElement('a')", "saving a download",
            "message_zh", "picking the API's message by language");

    @ParameterizedTest
    @MethodSource("pages")
    void builtOnTheKit(Path ui) throws IOException {
        String main = Files.readString(ui.resolve("main.js"));
        assertTrue(main.contains("from '/console/lib/kit.js'"), ui + " imports the kit");
        assertTrue(Pattern.compile("export const render = programmePage\\(").matcher(main).find(), ui + ": render is the kit's programmePage");
        for (Map.Entry<String, String> copy : COPIES.entrySet()) {
            assertFalse(main.contains(copy.getKey()), ui + " writes " + copy.getValue() + " itself (" + copy.getKey() + ")");
        }
    }

    @ParameterizedTest
    @MethodSource("pages")
    void everyStringThePageAsksForIsInBothLanguages(Path ui) throws IOException {
        String main = Files.readString(ui.resolve("main.js")).replaceAll("(?m)^\\s*(//|\\*|/\\*\\*).*$", "");
        JsonNode zh = json.readTree(ui.resolve("i18n/zh.json").toFile());
        JsonNode en = json.readTree(ui.resolve("i18n/en.json").toFile());
        assertEquals(keys(zh, ""), keys(en, ""), ui + ": the same strings in 中文 and English");
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\bt\\(\\s*'([^'$]+)'\\s*[,)]").matcher(main);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertTrue(used.size() > 10, ui + ": " + used);
        for (String key : used) {
            assertTrue(string(zh, key), ui + ": '" + key + "' not in zh.json");
            assertTrue(string(en, key), ui + ": '" + key + "' not in en.json");
        }
    }

    /** The kit's lookup: the key as written, then as a path into nested objects. */
    private static boolean string(JsonNode dict, String key) {
        if (dict.has(key)) {
            return dict.get(key).isTextual();
        }
        JsonNode v = dict;
        for (String part : key.split("\\.")) {
            v = v == null ? null : v.get(part);
        }
        return v != null && v.isTextual();
    }

    private static Set<String> keys(JsonNode node, String prefix) {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(prefix + e.getKey());
            if (e.getValue().isObject()) {
                out.addAll(keys(e.getValue(), prefix + e.getKey() + "."));
            }
        }
        return out;
    }
}
