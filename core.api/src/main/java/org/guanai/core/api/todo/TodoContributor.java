package org.guanai.core.api.todo;

import java.util.List;

/**
 * A programme's part of the week's to-do list (本周待办). Published by a programme as an OSGi service with the service
 * property {@code programme.id} (its programme id); the core asks it only for schools the programme is enabled for, on
 * the request's thread, so the registry services answer for the query's caller as in any route of the programme. A
 * contributor that throws is logged and left out of the answer; the others' items are still answered.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface TodoContributor {
    /**
     * The items due in the query's week for the children the caller looks after, and those overdue when the week is
     * the current one: only what the caller may see and record.
     *
     * @param query who asks, for which school and week
     * @return the items, in any order; empty when there is nothing to do
     */
    List<TodoItem> items(TodoQuery query);
}
