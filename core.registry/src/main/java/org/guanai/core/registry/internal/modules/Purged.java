package org.guanai.core.registry.internal.modules;

import java.util.List;

/** The data of an uninstalled programme dropped: its tables, the schema history among them. */
public record Purged(String programme, List<String> droppedTables) {
}
