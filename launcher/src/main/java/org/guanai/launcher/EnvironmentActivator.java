package org.guanai.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * Runs inside bnd's launcher before any bundle starts (an {@code Embedded-Activator} on the run path). It turns the
 * platform settings, given as {@code GUANAI_*} environment variables or {@code -Dguanai.*} system properties, into the
 * properties the bundles read when they start ({@code org.osgi.service.http.port}, {@code org.apache.felix.http.host},
 * {@code felix.fileinstall.dir} ({@code <data>/deploy} and {@code <data>/etc}), {@code guanai.data}, {@code guanai.demo}, {@code gosh.args}, {@code guanai.truststore},
 * {@code guanai.truststore.password}, {@code guanai.db.url}, {@code guanai.db.user}, {@code guanai.db.password}), copies the programme bundles shipped inside guanai.jar to {@code <data>/bundled}
 * ({@code guanai.modules.bundled}, offered by the core's module administration), and installs a shutdown hook that stops the framework on SIGTERM so that every
 * bundle, the database included, closes cleanly.
 * <p>
 * Production is the default: demo mode (the demo county and demo users with a public password) only with
 * {@code GUANAI_DEMO=true}, {@code -Dguanai.demo=true} or the {@code --demo} argument. The data folder is created
 * {@code 0700}, or tightened to it with a warning. The start banner says, in 中文 and English, which mode runs, where the
 * data folder is, whether the database is encrypted, and warns when the demo passwords are public and when any jar
 * may be installed as a module.
 * <p>
 * Its messages go to {@code System.err} on purpose, not through slf4j: it runs on the launcher's class path before any
 * bundle (slf4j among them) is started, and the banner is meant for the console of whoever starts the server.
 */
public final class EnvironmentActivator implements BundleActivator {
    /** Read by bnd's launcher: start before the bundles start. */
    public final boolean IMMEDIATE = true;

    private Thread shutdownHook;
    /** Held so that the level set on it is not lost to garbage collection. */
    private java.util.logging.Logger spifly;

    @Override
    public void start(BundleContext context) throws IOException {
        Settings settings;
        try {
            settings = Settings.resolve(System.getenv(), System.getProperties(), System.getProperty("sun.java.command", ""));
        } catch (IllegalArgumentException e) {
            // before any bundle starts: end here rather than start with defaults the administrator did not ask for
            System.err.println("Guanai (关爱) 无法启动，设置有误 / cannot start, a setting is wrong: " + e.getMessage());
            System.exit(2);
            return;
        }
        settings.apply(System.getProperties());
        Optional<String> loosened = secureDataFolder(settings.dataDir());
        // SPI Fly logs every service provider it registers through java.util.logging; only its warnings are news. This is
        // the one java.util.logging call left: it sets the level of a library that logs through it, it logs nothing itself.
        spifly = java.util.logging.Logger.getLogger("org.apache.aries.spifly");
        spifly.setLevel(java.util.logging.Level.WARNING);
        Files.createDirectories(settings.deployDir());
        Files.createDirectories(settings.etcDir());
        int bundled = BundledProgrammes.extract(EnvironmentActivator.class.getClassLoader(), settings.bundledDir());
        if (System.getProperty(BundledProgrammes.PROPERTY) == null) {
            System.setProperty(BundledProgrammes.PROPERTY, settings.bundledDir().toString());
        }
        System.err.print(settings.banner(bundled, loosened));

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

    /**
     * Creates the data folder {@code 0700}, or tightens a looser one to {@code 0700}: it holds the children's data and the
     * secrets. Nothing on a file system without POSIX permissions (Windows: the folder's ACL decides).
     *
     * @return the permissions it had, when they were looser
     */
    static Optional<String> secureDataFolder(Path data) throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
        Path existing = data;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean posix = existing != null && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
        if (!Files.isDirectory(data)) {
            if (posix) {
                Files.createDirectories(data, PosixFilePermissions.asFileAttribute(owner));
            } else {
                Files.createDirectories(data);
            }
        }
        PosixFileAttributeView view = Files.getFileAttributeView(data, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        Set<PosixFilePermission> now = view.readAttributes().permissions();
        if (now.equals(owner)) {
            return Optional.empty();
        }
        view.setPermissions(owner);
        return owner.containsAll(now) ? Optional.empty() : Optional.of(PosixFilePermissions.toString(now));
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
     * @param demo demo mode: the demo county and demo users (public password); off unless asked for
     * @param trustStore the trust store module bundles must be signed against; {@code null}: signatures not checked
     * @param trustStorePassword its password, {@code null} for none
     * @param allowUnsigned {@code GUANAI_ALLOW_UNSIGNED} (read by the core itself; here for the banner)
     * @param encrypted whether a database key ({@code GUANAI_DB_KEY} or {@code GUANAI_DB_KEY_FILE}) is given (read by
     *            the core itself; here for the banner)
     * @param database the database when not the embedded H2 file ({@code GUANAI_DB_URL}…), {@code null} for H2
     */
    record Settings(String port, String bind, Path dataDir, boolean demo, boolean shell, Path trustStore,
            String trustStorePassword, boolean allowUnsigned, boolean encrypted, Database database) {

        /**
         * The database named by {@code GUANAI_DB_URL}, {@code GUANAI_DB_USER} and {@code GUANAI_DB_PASSWORD} (or
         * {@code GUANAI_DB_PASSWORD_FILE}, a file holding it): handed to the core as the framework properties
         * {@code guanai.db.url}, {@code guanai.db.user}, {@code guanai.db.password} before any bundle starts, so that no
         * H2 database is ever created beside it.
         */
        record Database(String url, String user, String password) {
            static Database resolve(Properties sys, Map<String, String> env) {
                String url = first(sys, env, "guanai.db.url", "GUANAI_DB_URL", null);
                String user = first(sys, env, "guanai.db.user", "GUANAI_DB_USER", null);
                String password = first(sys, env, "guanai.db.password", "GUANAI_DB_PASSWORD", null);
                String file = first(sys, env, "guanai.db.password.file", "GUANAI_DB_PASSWORD_FILE", null);
                if (url == null) {
                    if (user != null || password != null || file != null) {
                        throw new IllegalArgumentException("GUANAI_DB_USER, GUANAI_DB_PASSWORD and GUANAI_DB_PASSWORD_FILE "
                                + "need GUANAI_DB_URL (the embedded H2 database has a generated password)");
                    }
                    return null;
                }
                url = url.strip();
                if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
                    throw new IllegalArgumentException("GUANAI_DB_URL must be a JDBC URL of PostgreSQL (jdbc:postgresql://host:5432/guanai) "
                            + "or H2: " + url.replaceAll("(?i)(password=)[^;&]*", "$1***"));
                }
                if (password != null && file != null) {
                    throw new IllegalArgumentException("set GUANAI_DB_PASSWORD or GUANAI_DB_PASSWORD_FILE, not both");
                }
                if (file != null) {
                    Path path = Path.of(file.strip());
                    try {
                        // the file's one line; a trailing line break (echo, an editor) is no part of the password
                        password = Files.readString(path).strip();
                    } catch (IOException e) {
                        throw new IllegalArgumentException("GUANAI_DB_PASSWORD_FILE cannot be read: " + path + " (" + e + ")");
                    }
                    if (password.isEmpty()) {
                        throw new IllegalArgumentException("GUANAI_DB_PASSWORD_FILE is empty: " + path);
                    }
                }
                return new Database(url, user == null ? null : user.strip(), password);
            }

            void apply(Properties sys) {
                sys.setProperty("guanai.db.url", url);
                if (user != null) {
                    sys.setProperty("guanai.db.user", user);
                }
                if (password != null) {
                    sys.setProperty("guanai.db.password", password);
                }
            }

            /** Without the password, in the URL too. */
            @Override
            public String toString() {
                return url.replaceAll("(?i)(password=)[^;&]*", "$1***") + (user == null ? "" : " (user " + user + ")");
            }
        }

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
            boolean demo = argument(commandLine, "--demo") || bool(first(sys, env, "guanai.demo", "GUANAI_DEMO", "false"), "GUANAI_DEMO");
            boolean shell = argument(commandLine, "--shell") || bool(first(sys, env, "guanai.shell", "GUANAI_SHELL", "false"), "GUANAI_SHELL");
            String trustStore = first(sys, env, "guanai.truststore", "GUANAI_TRUSTSTORE", null);
            String trustStorePassword = first(sys, env, "guanai.truststore.password", "GUANAI_TRUSTSTORE_PASSWORD", null);
            boolean allowUnsigned = bool(first(sys, env, "guanai.allow.unsigned", "GUANAI_ALLOW_UNSIGNED", "false"), "GUANAI_ALLOW_UNSIGNED");
            boolean encrypted = first(sys, env, "guanai.db.key", "GUANAI_DB_KEY", null) != null
                    || first(sys, env, "guanai.db.key.file", "GUANAI_DB_KEY_FILE", null) != null;
            return new Settings(port.trim(), bind.trim(), data, demo, shell,
                    trustStore == null ? null : Path.of(trustStore.trim()).toAbsolutePath().normalize(), trustStorePassword,
                    allowUnsigned, encrypted, Database.resolve(sys, env));
        }

        /** @return whether the program arguments ({@code sun.java.command}: the jar, then the arguments) hold {@code arg} */
        private static boolean argument(String commandLine, String arg) {
            return (" " + commandLine + " ").contains(" " + arg + " ");
        }

        private static boolean bool(String value, String variable) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(variable + " must be true or false: " + value);
            };
        }

        /** Unsigned modules can be installed: no trust store, and {@code GUANAI_ALLOW_UNSIGNED=true} or demo mode. */
        boolean unsignedModulesAllowed() {
            return trustStore == null && (allowUnsigned || demo);
        }

        /**
         * The start banner, 中文 then English on each line: address, mode, data folder, encryption, and the warnings.
         *
         * @param loosened the permissions the data folder had when they were looser than {@code 0700}
         */
        String banner(int bundledProgrammes, Optional<String> loosened) {
            StringBuilder b = new StringBuilder();
            b.append("Guanai (关爱) 启动 starting on http://").append(bind).append(':').append(port).append('\n');
            if (demo) {
                b.append("  模式 mode: 演示 DEMO (--demo / GUANAI_DEMO=true)\n");
                b.append("  警告 WARNING: 演示用户 county、school、teacher、health、officer 的密码 guanai-demo 是公开的，不要存放真实数据。\n");
                b.append("               The demo users' password guanai-demo is public: keep no real data in this instance.\n");
            } else {
                b.append("  模式 mode: 生产 PRODUCTION (无演示数据 no demo data; 演示 demo: --demo)\n");
            }
            b.append("  数据目录 data folder: ").append(dataDir).append('\n');
            loosened.ifPresent(p -> b.append("  警告 WARNING: 数据目录的权限原为 ").append(p).append("，已收紧为 rwx------ / the data folder was ")
                    .append(p).append(", tightened to rwx------\n"));
            if (database != null) {
                b.append("  数据库 database: ").append(database).append(" (GUANAI_DB_URL)\n");
                if (encrypted) {
                    b.append("  警告 WARNING: GUANAI_DB_KEY 只加密内置的 H2 数据库，此处不起作用 / GUANAI_DB_KEY encrypts only the embedded H2 database: ignored\n");
                }
            } else {
                b.append("  数据库 database: H2 ").append(dataDir.resolve("db")).append('\n');
                b.append("  数据库加密 database encryption: ").append(encrypted ? "开 on (GUANAI_DB_KEY)" : "关 off").append('\n');
            }
            if (trustStore != null) {
                b.append("  模块签名 module signatures: ").append(trustStore).append('\n');
            }
            if (unsignedModulesAllowed()) {
                b.append("  警告 WARNING: 允许安装未签名的模块：任何 jar 都能以本服务器用户的身份运行代码（")
                        .append(demo ? "演示模式" : "GUANAI_ALLOW_UNSIGNED").append("）。\n");
                b.append("               Unsigned modules are allowed: any jar can be installed and runs as this server's user (")
                        .append(demo ? "demo mode" : "GUANAI_ALLOW_UNSIGNED").append(").\n");
            }
            b.append("  随附项目 bundled programmes: ").append(bundledProgrammes).append('\n');
            return b.toString();
        }

        Path deployDir() {
            return dataDir.resolve("deploy");
        }

        /**
         * The configuration folder: each {@code <pid>.cfg} (properties) or {@code <pid>.config} (JSON) file in it is
         * applied through Configuration Admin by FileInstall, and again when it changes, without a restart.
         */
        Path etcDir() {
            return dataDir.resolve("etc");
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
            // FileInstall watches each folder of this comma-separated list with a watcher of its own: deploy/ for
            // bundles (handed to module administration), etc/ for configuration files
            setIfAbsent(sys, "felix.fileinstall.dir", deployDir() + "," + etcDir());
            setIfAbsent(sys, "gosh.args", shell ? "--noshutdown" : "--nointeractive --noshutdown");
            if (trustStore != null) {
                sys.setProperty("guanai.truststore", trustStore.toString());
            }
            if (trustStorePassword != null) {
                sys.setProperty("guanai.truststore.password", trustStorePassword);
            }
            if (database != null) {
                database.apply(sys);
            }
        }

        /** Without the trust store's password. */
        @Override
        public String toString() {
            return "Settings[port=" + port + ", bind=" + bind + ", dataDir=" + dataDir + ", demo=" + demo + ", shell=" + shell
                    + ", trustStore=" + trustStore + ", trustStorePassword=" + (trustStorePassword == null ? null : "***")
                    + ", allowUnsigned=" + allowUnsigned + ", encrypted=" + encrypted + ", database=" + database + "]";
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
