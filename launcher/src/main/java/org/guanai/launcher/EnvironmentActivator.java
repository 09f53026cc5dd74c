package org.guanai.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * Runs inside bnd's launcher before any bundle starts (an {@code Embedded-Activator} on the run path). It turns the
 * platform settings, given as {@code GUANAI_*} environment variables or {@code -Dguanai.*} system properties, into the
 * properties the bundles read when they start ({@code org.osgi.service.http.port}, {@code org.apache.felix.http.host},
 * {@code felix.fileinstall.dir}, {@code guanai.data}, {@code guanai.demo}, {@code gosh.args}, {@code guanai.truststore},
 * {@code guanai.truststore.password}), copies the programme bundles shipped inside guanai.jar to {@code <data>/bundled}
 * ({@code guanai.modules.bundled}, offered by the core's module administration), and installs a shutdown hook that stops the framework on SIGTERM so that every
 * bundle, the database included, closes cleanly.
 */
public final class EnvironmentActivator implements BundleActivator {
    /** Read by bnd's launcher: start before the bundles start. */
    public final boolean IMMEDIATE = true;

    private Thread shutdownHook;
    /** Held so that the level set on it is not lost to garbage collection. */
    private java.util.logging.Logger spifly;

    @Override
    public void start(BundleContext context) throws IOException {
        Settings settings = Settings.resolve(System.getenv(), System.getProperties(), System.getProperty("sun.java.command", ""));
        settings.apply(System.getProperties());
        // SPI Fly logs every service provider it registers through java.util.logging; only its warnings are news.
        spifly = java.util.logging.Logger.getLogger("org.apache.aries.spifly");
        spifly.setLevel(java.util.logging.Level.WARNING);
        Files.createDirectories(settings.deployDir());
        int bundled = BundledProgrammes.extract(EnvironmentActivator.class.getClassLoader(), settings.bundledDir());
        if (System.getProperty(BundledProgrammes.PROPERTY) == null) {
            System.setProperty(BundledProgrammes.PROPERTY, settings.bundledDir().toString());
        }
        System.err.printf("Guanai (关爱) starting on http://%s:%s  data=%s  bundled programmes=%d%s%n", settings.bind(), settings.port(),
                settings.dataDir(), bundled, settings.trustStore() == null ? "" : "  truststore=" + settings.trustStore());

        Framework framework = (Framework) context.getBundle(0);
        shutdownHook = new Thread(() -> stop(framework), "guanai-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void stop(BundleContext context) {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Framework.ACTIVE | Framework.STARTING)) != 0) {
                System.err.println("Guanai (关爱) stopping");
                framework.stop();
                framework.waitForStop(30_000);
                System.err.println("Guanai (关爱) stopped");
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("Guanai (关爱) did not stop cleanly: " + e);
        }
    }

    /**
     * The resolved settings: a system property wins over an environment variable, which wins over the default.
     *
     * @param trustStore the trust store module bundles must be signed against; {@code null}: signatures not checked
     * @param trustStorePassword its password, {@code null} for none
     */
    record Settings(String port, String bind, Path dataDir, boolean demo, boolean shell, Path trustStore,
            String trustStorePassword) {

        static Settings resolve(Map<String, String> env, Properties sys, String commandLine) {
            String port = first(sys, env, "guanai.port", "GUANAI_PORT", "8080");
            try {
                int p = Integer.parseInt(port.trim());
                if (p < 0 || p > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("GUANAI_PORT must be a port number (0-65535): " + port);
            }
            String bind = first(sys, env, "guanai.bind", "GUANAI_BIND", "127.0.0.1");
            Path data = Path.of(first(sys, env, "guanai.data", "GUANAI_DATA", "data")).toAbsolutePath().normalize();
            boolean demo = !"false".equalsIgnoreCase(first(sys, env, "guanai.demo", "GUANAI_DEMO", "true").trim());
            boolean shell = (" " + commandLine + " ").contains(" --shell ")
                    || "true".equalsIgnoreCase(first(sys, env, "guanai.shell", "GUANAI_SHELL", "false").trim());
            String trustStore = first(sys, env, "guanai.truststore", "GUANAI_TRUSTSTORE", null);
            String trustStorePassword = first(sys, env, "guanai.truststore.password", "GUANAI_TRUSTSTORE_PASSWORD", null);
            return new Settings(port.trim(), bind.trim(), data, demo, shell,
                    trustStore == null ? null : Path.of(trustStore.trim()).toAbsolutePath().normalize(), trustStorePassword);
        }

        Path deployDir() {
            return dataDir.resolve("deploy");
        }

        /** The programmes shipped in guanai.jar, copied here at every start for module administration to offer. */
        Path bundledDir() {
            return dataDir.resolve("bundled");
        }

        void apply(Properties sys) {
            setIfAbsent(sys, "org.osgi.service.http.port", port);
            setIfAbsent(sys, "org.apache.felix.http.host", bind);
            sys.setProperty("guanai.data", dataDir.toString());
            sys.setProperty("guanai.demo", Boolean.toString(demo));
            setIfAbsent(sys, "felix.fileinstall.dir", deployDir().toString());
            setIfAbsent(sys, "gosh.args", shell ? "--noshutdown" : "--nointeractive --noshutdown");
            if (trustStore != null) {
                sys.setProperty("guanai.truststore", trustStore.toString());
            }
            if (trustStorePassword != null) {
                sys.setProperty("guanai.truststore.password", trustStorePassword);
            }
        }

        /** Without the trust store's password. */
        @Override
        public String toString() {
            return "Settings[port=" + port + ", bind=" + bind + ", dataDir=" + dataDir + ", demo=" + demo + ", shell=" + shell
                    + ", trustStore=" + trustStore + ", trustStorePassword=" + (trustStorePassword == null ? null : "***") + "]";
        }

        private static void setIfAbsent(Properties sys, String key, String value) {
            if (sys.getProperty(key) == null) {
                sys.setProperty(key, value);
            }
        }

        private static String first(Properties sys, Map<String, String> env, String property, String variable, String dflt) {
            String v = sys.getProperty(property);
            if (v == null) {
                v = sys.getProperty(variable);
            }
            if (v == null) {
                v = env.get(variable);
            }
            return v == null || v.isBlank() ? dflt : v;
        }
    }
}
