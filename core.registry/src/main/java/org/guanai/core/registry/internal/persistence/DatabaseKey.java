package org.guanai.core.registry.internal.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that encrypts the database file (数据库加密密钥), from the first of: framework property {@code guanai.db.key},
 * environment variable {@code GUANAI_DB_KEY}, or the content of the file named by {@code guanai.db.key.file} /
 * {@code GUANAI_DB_KEY_FILE} (surrounding white space removed). Kept out of the data folder on purpose: a backup of
 * the data folder then holds the encrypted database without its key.
 */
final class DatabaseKey {
    static final String PROPERTY = "guanai.db.key";
    static final String VARIABLE = "GUANAI_DB_KEY";
    static final String FILE_PROPERTY = "guanai.db.key.file";
    static final String FILE_VARIABLE = "GUANAI_DB_KEY_FILE";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseKey.class);

    private DatabaseKey() {
    }

    /**
     * @param properties framework properties ({@code BundleContext::getProperty})
     * @param environment environment variables ({@code System::getenv})
     * @return the key, or {@code null} when none is set
     * @throws EmbeddedDatabase.RefusedException when the key file is named but cannot be read or is empty
     */
    static String read(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String key = first(properties.apply(PROPERTY), environment.apply(VARIABLE));
        String file = first(properties.apply(FILE_PROPERTY), environment.apply(FILE_VARIABLE));
        if (key != null) {
            if (file != null) {
                LOG.warn("Both GUANAI_DB_KEY and GUANAI_DB_KEY_FILE are set: GUANAI_DB_KEY is used, the file is ignored");
            }
            return key.strip();
        }
        if (file == null) {
            return null;
        }
        Path path = Path.of(file.strip());
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                throw new EmbeddedDatabase.RefusedException("db.key.file", path + " is empty");
            }
            return content;
        } catch (IOException e) {
            throw new EmbeddedDatabase.RefusedException("db.key.file", path + " cannot be read: " + e);
        }
    }

    private static String first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null || b.isBlank() ? null : b;
    }
}
