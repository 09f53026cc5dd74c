package org.guanai.core.registry.internal.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.modules.ModuleException;
import org.guanai.core.registry.internal.modules.ModuleManager;
import org.guanai.core.registry.internal.modules.ModuleView;
import org.guanai.core.registry.internal.persistence.Backups;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands (scope {@code guanai}) for admins on the console ({@code java -jar guanai.jar --shell}):
 * programmes and their enablement, module administration with the same checks as the HTTP API (a refusal is printed
 * in 中文 and English, e.g. how to configure module signing when nothing allows the jar), the audit chain's verification
 * and a backup ({@code guanai:backup}). The module
 * commands are named so that they do not shadow the framework's own {@code install}, {@code start}, {@code stop} ….
 */
@Component(service = GuanaiCommands.class, property = { "osgi.command.scope=guanai", "osgi.command.function=programmes",
        "osgi.command.function=enable", "osgi.command.function=disable", "osgi.command.function=modules",
        "osgi.command.function=deploy", "osgi.command.function=redeploy", "osgi.command.function=dryrun",
        "osgi.command.function=suspend", "osgi.command.function=resume", "osgi.command.function=undeploy",
        "osgi.command.function=auditverify", "osgi.command.function=auditacknowledge", "osgi.command.function=backup" })
public final class GuanaiCommands {
    private final ProgrammeRegistry programmes;
    private final ModuleManager modules;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final Backups backups;
    private final Messages messages = new Messages();

    @Activate
    public GuanaiCommands(@Reference ProgrammeRegistry programmes, @Reference ModuleManager modules, @Reference CurrentActor actor,
            @Reference AuditLog audit, @Reference Backups backups) {
        this.audit = audit;
        this.backups = backups;
        this.programmes = programmes;
        this.modules = modules;
        this.actor = actor;
    }

    /** guanai:programmes: installed programmes, state and the schools that enabled them. */
    public String programmes() {
        StringBuilder sb = new StringBuilder(String.format("%-14s %-10s %-12s %-24s %s%n", "ID", "STATE", "VERSION", "NAME", "SCHOOLS"));
        for (ProgrammeStatus p : programmes.programmes()) {
            sb.append(String.format("%-14s %-10s %-12s %-24s %s%n", p.id(), p.state(), p.bundleVersion(),
                    p.info() == null ? "" : p.info().nameZh() + " / " + p.info().nameEn(), p.enabledSchools()));
            if (p.error() != null) {
                sb.append("    error: ").append(p.error()).append('\n');
            }
        }
        return sb.toString();
    }

    /** guanai:enable school programme */
    public String enable(long school, String programme) {
        return set(school, programme, true);
    }

    /** guanai:disable school programme */
    public String disable(long school, String programme) {
        return set(school, programme, false);
    }

    private String set(long school, String programme, boolean on) {
        actor.as("shell", () -> {
            programmes.setEnabled(school, programme, on, programmes.settings(school, programme));
            return null;
        });
        return programme + (on ? " enabled" : " disabled") + " for school " + school;
    }

    /** guanai:modules: every bundle, managed ones with their desired state. */
    /** guanai:auditverify — checks the whole audit chain and the anchor file, and says what the health check shows. */
    public String auditverify() {
        AuditLog.Verification v = audit.verify();
        Long anchored = audit.anchoredSeq();
        String result = v.ok() ? "audit chain OK, " + v.checked() + " entries"
                : "audit chain BROKEN" + (v.brokenAt() == null ? "" : " at entry " + v.brokenAt()) + " (" + v.checked()
                        + " entries intact before it): " + v.reason();
        return result + "\nanchor file: " + (audit.anchorFile() == null ? "none" : audit.anchorFile()) + ", newest anchor: "
                + (anchored == null ? "none" : "entry " + anchored) + "\nhealth (auditChain): " + audit.status().text();
    }

    /**
     * guanai:auditacknowledge — after looking into a BROKEN audit chain (keep a copy of the database and of the data
     * folder's audit/ folder as evidence): records the acknowledgement in the audit log and anchors again from there.
     */
    public String auditacknowledge() {
        try {
            AuditLog.Status before = actor.as("shell", audit::acknowledge);
            return "acknowledged: " + before.text() + "\nhealth (auditChain): " + audit.status().text();
        } catch (IllegalStateException e) {
            return "nothing acknowledged: " + e.getMessage();
        }
    }

    /** guanai:backup — a backup of the running instance in {@code <data>/backups/}, as {@code POST /api/admin/backup}. */
    public String backup() {
        try {
            Backups.Backup b = actor.as("shell", backups::create);
            return "backup written: " + backups.folder().resolve(b.name()) + " (" + b.size() + " bytes)";
        } catch (Backups.Refused e) {
            return "backup refused (" + e.code + "): " + e.getMessage();
        }
    }

    public String modules() {
        StringJoiner j = new StringJoiner("\n");
        for (ModuleView m : modules.list()) {
            j.add(String.format("%4s %-11s %-45s %-22s %s", m.id(), m.state(), m.bsn(), m.version(),
                    m.managed() ? "managed, desired " + m.desiredState() : ""));
        }
        return j.toString();
    }

    /** guanai:deploy file.jar: install and start */
    public Object deploy(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(file));
        return run(() -> modules.install(bytes));
    }

    /** guanai:redeploy bsn file.jar: update in place */
    public Object redeploy(String bsn, String file) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(file));
        return run(() -> modules.update(bsn, bytes));
    }

    /** guanai:dryrun file.jar */
    public Object dryrun(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(file));
        return run(() -> modules.dryRun(bytes));
    }

    /** guanai:suspend bsn: stop, and keep it stopped */
    public Object suspend(String bsn) {
        return run(() -> modules.stop(bsn));
    }

    /** guanai:resume bsn: start, and keep it started */
    public Object resume(String bsn) {
        return run(() -> modules.start(bsn));
    }

    /** guanai:undeploy bsn: uninstall (the programme's data is kept) */
    public Object undeploy(String bsn) {
        return run(() -> modules.uninstall(bsn));
    }

    private Object run(java.util.function.Supplier<?> op) {
        try {
            return actor.as("shell", op);
        } catch (ModuleException e) {
            return "refused (" + e.code + ")\n  " + e.messageZh(messages) + "\n  " + e.messageEn(messages)
                    + (e.details.isEmpty() ? "" : "\n  " + e.details);
        }
    }
}
