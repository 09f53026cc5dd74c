package org.guanai.core.registry.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;

import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.modules.ModuleException;
import org.junit.jupiter.api.Test;

/**
 * Module administration says what kind of refusal it is, never an HTTP status; the servlet answers each kind with the
 * status it always had, and each kind has its text in both languages.
 */
class ModuleRefusalsTest {
    @Test
    void eachKindHasItsStatusAndItsTextInBothLanguages() {
        Map<ModuleException.Kind, Integer> expected = new EnumMap<>(ModuleException.Kind.class);
        expected.put(ModuleException.Kind.INVALID, 400);
        expected.put(ModuleException.Kind.NOT_FOUND, 404);
        expected.put(ModuleException.Kind.CONFLICT, 409);
        expected.put(ModuleException.Kind.REFUSED, 422);
        expected.put(ModuleException.Kind.UNAVAILABLE, 503);
        Messages messages = new Messages();
        for (ModuleException.Kind kind : ModuleException.Kind.values()) {
            assertEquals(expected.get(kind), ModulesServlet.status(kind), kind.name());
            String key = kind.textKey();
            assertTrue(messages.has(key), key);
            TestSupport.assertBilingual(new FieldError(kind.name(), messages.zh(key), messages.en(key)));
        }
    }
}
