/**
 * 本周待办 (a teacher's week): what is due for the children a caller looks after, gathered from every programme. A
 * programme publishes a {@link org.guanai.core.api.todo.TodoContributor} service with the service property
 * {@code programme.id}; for a caller, a school and an ISO week ({@link org.guanai.core.api.todo.TodoQuery}) the core
 * asks the contributors of the programmes enabled for that school and answers their
 * {@link org.guanai.core.api.todo.TodoItem}s on {@code GET /api/todo}, overdue first, then by due date. Each item says
 * how it is done: a small form posted to one of the programme's own routes ({@link org.guanai.core.api.todo.TodoItem.Action})
 * and/or a page of the console. A new programme adds its items without any change to the core.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.guanai.core.api.todo;
