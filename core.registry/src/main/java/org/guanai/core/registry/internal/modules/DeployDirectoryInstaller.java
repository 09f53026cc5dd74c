package org.guanai.core.registry.internal.modules;

import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the jars dropped into {@code <data>/deploy} (watched by Felix FileInstall) through module administration, so
 * that they get the same checks, desired state, rollback and log as an upload: a new file installs, a changed file
 * updates, a deleted file uninstalls (data kept). FileInstall consults this installer before its own, for every jar with
 * a bundle manifest, so none of them reaches the framework around module administration. A refused file is left in the
 * folder as it is (nothing is copied or installed from it) and the refusal is logged in 中文 and English.
 */
@Component(service = ArtifactInstaller.class)
public final class DeployDirectoryInstaller implements ArtifactInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(DeployDirectoryInstaller.class);

    private final ModuleManager modules;
    private final CurrentActor actor;
    private final Messages messages = new Messages();
    /** file → bundle symbolic name, to know what a deleted file was */
    private final Map<File, String> deployed = new ConcurrentHashMap<>();

    @Activate
    public DeployDirectoryInstaller(@Reference ModuleManager modules, @Reference CurrentActor actor) {
        this.modules = modules;
        this.actor = actor;
    }

    @Override
    public boolean canHandle(File artifact) {
        if (!artifact.getName().endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(artifact)) {
            return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName") != null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public void install(File artifact) throws Exception {
        apply(artifact);
    }

    @Override
    public void update(File artifact) throws Exception {
        apply(artifact);
    }

    private void apply(File artifact) throws Exception {
        byte[] bytes = Files.readAllBytes(artifact.toPath());
        try {
            ModuleResult r = actor.as("deploy:" + artifact.getName(), () -> modules.installOrUpdate(bytes));
            deployed.put(artifact, r.bsn());
        } catch (ModuleException e) {
            LOG.error("{} from the deploy directory refused: {} / {} {}", artifact.getName(), e.messageZh(messages),
                    e.messageEn(messages), e.details);
            throw e;
        }
    }

    @Override
    public void uninstall(File artifact) {
        String bsn = deployed.remove(artifact);
        if (bsn != null && modules.isManaged(bsn)) {
            actor.as("deploy:" + artifact.getName(), () -> modules.uninstall(bsn));
        }
    }
}
