package org.guanai.core.registry.internal.registry;

import java.time.Clock;

import javax.sql.DataSource;

import org.guanai.core.api.CallerContext;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.osgi.service.event.EventAdmin;

/**
 * What the registry services ({@link ChildServiceImpl}, {@link SchoolServiceImpl}, {@link GuardianServiceImpl}) are
 * made of: the core's database, validation and its texts, the events they post, the actor and clock of a change, and
 * the caller's reach with the audit log ({@link Guard}). Each service keeps its own DS constructor and hands these here.
 */
abstract class RegistryService {
    final Jdbc jdbc;
    final Messages messages = new Messages();
    final Validator validator = new Validator(messages);
    final RegistryEventPoster events;
    final CurrentActor actor;
    final Clock clock;
    final Guard guard;

    RegistryService(DataSource dataSource, EventAdmin eventAdmin, CurrentActor actor, Clock clock, CallerContext callers, AuditLog audit) {
        this.jdbc = new Jdbc(dataSource);
        this.events = new RegistryEventPoster(eventAdmin);
        this.actor = actor;
        this.clock = clock;
        this.guard = new Guard(callers, audit);
    }
}
