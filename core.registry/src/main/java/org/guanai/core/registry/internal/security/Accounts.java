package org.guanai.core.registry.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Role;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.Texts;
import org.guanai.core.registry.internal.audit.AuditActions;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.ClusterLock;
import org.guanai.core.registry.internal.registry.SchoolServiceImpl;
import org.guanai.core.registry.internal.registry.Validator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User accounts (用户), logins, web sessions and API tokens, in {@code core_user}, {@code core_session} and
 * {@code core_token}.
 * <p>
 * Passwords are bcrypt hashes and must pass {@link PasswordPolicy} (length, not the user name, zxcvbn's estimate);
 * session and API tokens are random 256-bit secrets of which only the SHA-256 is stored. Failed logins slow down the
 * address they come from for the user name they tried ({@link LoginThrottle}); no account is ever locked by them.
 * <p>
 * Authenticated sessions, tokens and HTTP Basic credentials are cached for a minute so that a script does not pay a
 * bcrypt verification per request. A cached one is used only while the account is active and its
 * {@code security_version} is the one it was cached with (one primary-key read): disabling an account, changing its
 * roles or schools, setting its password, revoking one of its tokens or ending one of its sessions raises it, so the
 * very next request sees the change, on this node or any other sharing the database.
 * <p>
 * An API token created with a bearer token is that token's child: it cannot outlive it, and revoking a token revokes
 * its children, recursively. Changing one's own password ends every other session and token of the user, keeping only
 * the session or token the change was made with.
 * <p>
 * On the first start of an empty database the county administrator {@code admin} is created with the password of
 * {@code GUANAI_ADMIN_PASSWORD} ({@code guanai.admin.password}) or a generated one printed once on the console.
 * <p>
 * Administration (list, read, create, change, a new password, unlock) checks the caller ({@link CallerContext}) again
 * after the route policy: {@code users.manage} reaches every account; {@code users.manage.school} only the accounts
 * whose roles are all school roles ({@link Account#SCHOOL_ROLES}) and whose schools, at least one, are all the caller's.
 * An account out of reach is absent ({@link NotFoundException}); such a caller may grant only school roles, for her
 * schools, and may not change the roles, schools, classes, staff record or status of her own account nor set its
 * password here (she changes it with her current one). Without a caller (start-up, demo data, the console) nothing is
 * limited.
 */
@Component(service = Accounts.class, configurationPid = AccountsConfig.PID)
@Designate(ocd = AccountsConfig.class)
public final class Accounts {
    static final String ADMIN = "admin";
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,49}");
    /** Days an API token lives when the request does not say. */
    static final int DEFAULT_TOKEN_DAYS = 90;
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private static final Duration CACHE = Duration.ofMinutes(1);
    private static final Duration TOUCH = Duration.ofMinutes(1);

    /** How a request proved who it is. */
    public enum Via { SESSION, TOKEN, BASIC, PASSWORD }

    /**
     * An authenticated user: the account, the classes it reaches, for a web session its CSRF token and the hash of its
     * secret, for an API token its id, and the account's {@code security_version} when it was read.
     */
    public record Principal(Account account, Set<Long> classIds, Via via, String csrfToken, String sessionHash, Long tokenId,
            long securityVersion) {
        /** The same principal, proven another way (a password login becomes a session or HTTP Basic). */
        public Principal via(Via how, String csrf, String session) {
            return new Principal(account, classIds, how, csrf, session, null, securityVersion);
        }
    }

    public enum Status { OK, BAD_CREDENTIALS, THROTTLED }

    /** The outcome of a login: the principal when {@code OK}, else how long to wait (0 for bad credentials). */
    public record LoginOutcome(Status status, Principal principal, long retryAfterSeconds) {
    }

    /** A password check refused because its address waits after failed logins ({@code 429} with {@code Retry-After}). */
    public static final class Throttled extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long retryAfterSeconds;

        Throttled(long retryAfterSeconds) {
            super("throttled", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public LoginOutcome outcome() {
            return new LoginOutcome(Status.THROTTLED, null, retryAfterSeconds);
        }
    }

    /** A new web session: the secret for the cookie, the CSRF token, the end. */
    public record SessionTicket(String token, String csrfToken, Instant expiresAt) {
    }

    /** A new API token; the secret is shown once. */
    public record NewToken(long id, String name, String token, Instant expiresAt) {
    }

    /** An API token as listed (without its secret); {@code parentId}: the token it was created with, if any. */
    record TokenInfo(long id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Long parentId) {
    }

    /** What an administrator sends to create or change an account. */
    public record UserInput(String username, String displayName, String password, Set<Role> roles, Set<Long> schoolIds,
            Set<Long> classIds, Long staffId, Boolean active) {
    }

    private record Cached(Principal principal, Instant until) {
    }

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Scope scope;
    private final Messages messages = new Messages();
    private final CurrentActor actor;
    private final AuditLog audit;
    private final Clock clock;
    private final AccountsConfig config;
    private final PasswordHasher hasher;
    private final PasswordPolicy passwords = new PasswordPolicy();
    private final LoginThrottle throttle;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /** The HTTP Basic verifications running now, by the key of their credentials ({@link #basic}). */
    private final ConcurrentHashMap<String, CompletableFuture<LoginOutcome>> verifying = new ConcurrentHashMap<>();
    /** Writes the audit summaries of failed logins and forgets old ones, every minute; only when activated by DS. */
    private ScheduledExecutorService sweeper;

    @Activate
    public Accounts(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CurrentActor actor, @Reference AuditLog audit,
            @Reference CallerContext callers, AccountsConfig config, BundleContext context) {
        this(dataSource, actor, audit, config, Clock.systemUTC(), callers);
        String given = context.getProperty("guanai.admin.password");
        if (given == null || given.isEmpty()) {
            given = System.getenv("GUANAI_ADMIN_PASSWORD");
        }
        ensureAdmin(given);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guanai-login-throttle");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private void sweep() {
        try {
            throttle.sweep();
        } catch (RuntimeException e) {
            LOG.warn("Login throttle: the periodic summary of failed logins failed; the next one retries", e);
        }
    }

    /** Accounts that no caller limits (the tests of logins, sessions and tokens). */
    Accounts(DataSource dataSource, CurrentActor actor, AuditLog audit, AccountsConfig config, Clock clock) {
        this(dataSource, actor, audit, config, clock, null);
    }

    /** @param callers the caller of the current request, which limits administration ({@code null}: none) */
    Accounts(DataSource dataSource, CurrentActor actor, AuditLog audit, AccountsConfig config, Clock clock,
            CallerContext callers) {
        this.jdbc = new Jdbc(dataSource);
        this.dataSource = dataSource;
        this.scope = new Scope(callers);
        this.actor = actor;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
        this.hasher = new PasswordHasher(config.bcryptCost());
        this.throttle = new LoginThrottle(jdbc, audit, actor, config, clock);
    }

    /** The failed-login throttle of these accounts (for the audit summaries and the administration pages). */
    LoginThrottle throttle() {
        return throttle;
    }

    // ---- first start

    /**
     * Creates {@code admin} when there is no account at all; returns the generated password, if one was generated. Under
     * the cluster lock {@code first-admin}: of several nodes starting on an empty database at once, one creates it and the
     * others, waiting for the lock, find an account.
     */
    Optional<String> ensureAdmin(String given) {
        return ClusterLock.holding(dataSource, "first-admin", () -> ensureAdminLocked(given));
    }

    private Optional<String> ensureAdminLocked(String given) {
        if (jdbc.read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM core_user")) > 0) {
            return Optional.empty();
        }
        String password = given;
        boolean generated = false;
        if (password != null && !password.isEmpty() && !passwordErrors("password", ADMIN, password).isEmpty()) {
            LOG.error("GUANAI_ADMIN_PASSWORD is not accepted (at least {} characters, not the user name, not easy to guess);"
                    + " a password is generated instead", PasswordPolicy.MIN_LENGTH);
            password = null;
        }
        if (password == null || password.isEmpty()) {
            password = generatePassword();
            generated = true;
        }
        String pw = password;
        actor.as(CurrentActor.SYSTEM, () -> create(new UserInput(ADMIN, "县级管理员", pw, EnumSet.of(Role.COUNTY_ADMIN),
                Set.of(), Set.of(), null, true)));
        if (generated) {
            // On purpose System.out and not slf4j: printed once on the console for the administrator who started the
            // server, never written to a log file nor stored in clear.
            System.out.println("""

                    ==================================================================
                     Guanai: the county administrator account was created.
                     县级管理员账号已创建。
                       user name 用户名:  admin
                       password  密码:    %s
                     Shown once: write it down and change it after logging in.
                     仅显示一次：请记下并在登录后修改。
                    ==================================================================
                    """.formatted(pw));
            return Optional.of(pw);
        }
        LOG.info("County administrator 'admin' created with the password from GUANAI_ADMIN_PASSWORD");
        return Optional.empty();
    }

    private String generatePassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                sb.append('-');
            }
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    // ---- logins

    /**
     * Checks a user name and password (login page, HTTP Basic) from {@code address}: refused without a check while that
     * address waits for that user name or is over its overall limit; a failure is counted for (address, user name).
     */
    public LoginOutcome login(String username, String password, String address) {
        String name = LoginThrottle.user(username);
        long wait = throttle.check(name, address);
        if (wait > 0) {
            return new LoginOutcome(Status.THROTTLED, null, wait);
        }
        char[] pw = password == null ? new char[0] : password.toCharArray();
        record Row(long id, String hash, boolean active) {
        }
        Optional<Row> row = jdbc.read(c -> Jdbc.one(c, "SELECT id, password_hash, active FROM core_user WHERE username = ?",
                rs -> new Row(rs.getLong(1), rs.getString(2), rs.getBoolean(3)), name));
        if (row.isEmpty() || !row.get().active()) {
            hasher.burn(pw);
            throttle.failed(name, address, row.isEmpty() ? "unknown user" : "account disabled");
            return new LoginOutcome(Status.BAD_CREDENTIALS, null, 0);
        }
        Row r = row.get();
        if (!hasher.verify(r.hash(), pw)) {
            throttle.failed(name, address, "wrong password");
            return new LoginOutcome(Status.BAD_CREDENTIALS, null, 0);
        }
        throttle.succeeded(name, address);
        Optional<Principal> p = jdbc.read(c -> activePrincipal(c, r.id(), Via.PASSWORD, null, null, null));
        if (p.isEmpty()) {
            return new LoginOutcome(Status.BAD_CREDENTIALS, null, 0); // disabled a moment ago
        }
        actor.as(name, () -> {
            audit(AuditActions.LOGIN, name, "OK", null);
            return null;
        });
        return new LoginOutcome(Status.OK, p.get(), 0);
    }

    /**
     * HTTP Basic: a login whose success is cached for a minute (keyed by a hash of the credentials), used while the
     * account's {@code security_version} is unchanged.
     */
    LoginOutcome basic(String username, String password, String address) {
        String key = "b:" + sha256(username + "\u0000" + password);
        Optional<Principal> hit = cached(key);
        if (hit.isPresent()) {
            return new LoginOutcome(Status.OK, hit.get(), 0);
        }
        // one verification per credentials at a time: when the cached login of a busy script expires, its concurrent
        // requests wait for the one bcrypt verification instead of each running its own (16 clients: 16 × ~150 ms of
        // CPU at once, every minute)
        CompletableFuture<LoginOutcome> mine = new CompletableFuture<>();
        CompletableFuture<LoginOutcome> running = verifying.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            // a verification of the same credentials may have ended between the look-up above and putIfAbsent: it
            // remembered its login before it left, so look again rather than verify (and audit) a second time
            Optional<Principal> meanwhile = cached(key);
            if (meanwhile.isPresent()) {
                LoginOutcome out = new LoginOutcome(Status.OK, meanwhile.get(), 0);
                mine.complete(out);
                return out;
            }
            LoginOutcome out = login(username, password, address);
            if (out.status() == Status.OK) {
                Principal p = out.principal().via(Via.BASIC, null, null);
                remember(key, p);
                out = new LoginOutcome(Status.OK, p, 0);
            }
            mine.complete(out);
            return out;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            verifying.remove(key, mine);
        }
    }

    // ---- web sessions

    public SessionTicket openSession(Principal p, String address) {
        String token = secret();
        String csrf = secret();
        Instant now = clock.instant();
        Instant expires = now.plus(Duration.ofMinutes(config.sessionIdleMinutes()));
        jdbc.tx(c -> Jdbc.update(c, "INSERT INTO core_session (token_hash, user_id, csrf_token, address, created_at,"
                + " last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", sha256(token), p.account().id(), csrf,
                address, now, now, expires));
        return new SessionTicket(token, csrf, expires);
    }

    /** @return the principal of a live session; touches it at most once a minute */
    Optional<Principal> session(String token) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        String hash = sha256(token);
        return cachedOr("s:" + hash, () -> storedSession(hash));
    }

    /** The principal of a live session as stored; touches it at most once a minute. */
    private Optional<Principal> storedSession(String hash) {
        Instant now = clock.instant();
        record Row(long userId, String csrf, Instant created, Instant lastSeen, Instant expires) {
        }
        Optional<Row> row = jdbc.read(c -> Jdbc.one(c, "SELECT user_id, csrf_token, created_at, last_seen_at, expires_at"
                + " FROM core_session WHERE token_hash = ?", rs -> new Row(rs.getLong(1), rs.getString(2),
                        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "last_seen_at"), Jdbc.instant(rs, "expires_at")),
                hash));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Row r = row.get();
        Instant hardEnd = r.created().plus(Duration.ofHours(config.sessionMaxHours()));
        if (!r.expires().isAfter(now) || !hardEnd.isAfter(now)) {
            jdbc.tx(c -> Jdbc.update(c, "DELETE FROM core_session WHERE token_hash = ?", hash));
            return Optional.empty();
        }
        if (Duration.between(r.lastSeen(), now).compareTo(TOUCH) > 0) {
            Instant next = now.plus(Duration.ofMinutes(config.sessionIdleMinutes()));
            Instant end = next.isAfter(hardEnd) ? hardEnd : next;
            jdbc.tx(c -> Jdbc.update(c, "UPDATE core_session SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?", now,
                    end, hash));
        }
        return jdbc.read(c -> activePrincipal(c, r.userId(), Via.SESSION, r.csrf(), hash, null));
    }

    /** Logout: the session ends here and, through the user's {@code security_version}, in every node's cache. */
    public void closeSession(String token) {
        if (token == null) {
            return;
        }
        jdbc.tx(c -> {
            Optional<Long> user = Jdbc.one(c, "SELECT user_id FROM core_session WHERE token_hash = ?", rs -> rs.getLong(1),
                    sha256(token));
            if (user.isPresent()) {
                Jdbc.update(c, "DELETE FROM core_session WHERE token_hash = ?", sha256(token));
                raiseSecurityVersion(c, user.get());
            }
            return null;
        });
        changed();
    }

    // ---- API tokens

    /**
     * A new API token for the principal's user, living {@code days} ({@value #DEFAULT_TOKEN_DAYS} when not given). Made
     * with a bearer token, it is that token's child: it may not outlive it (without {@code days} it ends with it, with
     * {@code days} reaching beyond it the request is refused), and it is revoked with it.
     */
    public NewToken createToken(Principal p, String name, Integer days) {
        List<FieldError> errors = new ArrayList<>();
        String n = Texts.clean(name);
        if (n == null) {
            n = "api";
        } else if (n.length() > 100) {
            errors.add(messages.error("name", "error.tooLong", 100));
        }
        int d = days == null ? DEFAULT_TOKEN_DAYS : days;
        if (d < 1 || d > config.tokenMaxDays()) {
            errors.add(messages.error("expiresInDays", "error.range", 1, config.tokenMaxDays()));
        }
        Validator.throwIfAny(errors);
        String token = "gat_" + secret();
        // microseconds, as the database keeps them: the end shown is the end stored, and a child's equals its parent's
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant wanted = now.plus(Duration.ofDays(d));
        String tokenName = n;
        Long parent = p.via() == Via.TOKEN ? p.tokenId() : null;
        NewToken created = jdbc.tx(c -> {
            Instant expires = wanted;
            if (parent != null) {
                Instant limit = Jdbc.one(c, "SELECT expires_at FROM core_token WHERE id = ? AND revoked = FALSE",
                        rs -> Jdbc.instant(rs, "expires_at"), parent).orElseThrow(() -> new NotFoundException("token", parent));
                if (wanted.isAfter(limit)) {
                    if (days != null) {
                        throw new ValidationException(List.of(messages.error("expiresInDays", "error.token.outlives",
                                limit.toString())));
                    }
                    expires = limit;
                }
            }
            long id = Jdbc.insert(c, "INSERT INTO core_token (user_id, name, token_hash, created_at, expires_at, parent_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", p.account().id(), tokenName, sha256(token), now, expires, parent);
            return new NewToken(id, tokenName, token, expires);
        });
        audit(AuditActions.TOKEN_CREATE, p.account().username(), "OK", "token " + created.id() + " " + tokenName
                + (parent == null ? "" : " (created with token " + parent + ")"));
        return created;
    }

    Optional<Principal> token(String token) {
        if (token == null || !token.startsWith("gat_") || token.length() != 47) {
            return Optional.empty();
        }
        String hash = sha256(token);
        return cachedOr("t:" + hash, () -> storedToken(hash));
    }

    /** The principal of a live API token as stored; touches it at most once a minute. */
    private Optional<Principal> storedToken(String hash) {
        Instant now = clock.instant();
        record Row(long id, long userId, Instant expires, Instant lastUsed, boolean revoked) {
        }
        Optional<Row> row = jdbc.read(c -> Jdbc.one(c, "SELECT id, user_id, expires_at, last_used_at, revoked FROM core_token"
                + " WHERE token_hash = ?", rs -> new Row(rs.getLong(1), rs.getLong(2), Jdbc.instant(rs, "expires_at"),
                        Jdbc.instant(rs, "last_used_at"), rs.getBoolean(5)), hash));
        if (row.isEmpty() || row.get().revoked() || !row.get().expires().isAfter(now)) {
            return Optional.empty();
        }
        Row r = row.get();
        if (r.lastUsed() == null || Duration.between(r.lastUsed(), now).compareTo(TOUCH) > 0) {
            jdbc.tx(c -> Jdbc.update(c, "UPDATE core_token SET last_used_at = ? WHERE id = ?", now, r.id()));
        }
        return jdbc.read(c -> activePrincipal(c, r.userId(), Via.TOKEN, null, null, r.id()));
    }

    public List<TokenInfo> tokens(long userId) {
        Instant now = clock.instant();
        return jdbc.read(c -> Jdbc.list(c, "SELECT id, name, created_at, expires_at, last_used_at, parent_id FROM core_token"
                + " WHERE user_id = ? AND revoked = FALSE AND expires_at > ? ORDER BY id", rs -> new TokenInfo(rs.getLong(1),
                        rs.getString(2), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"),
                        Jdbc.instant(rs, "last_used_at"), Jdbc.longOrNull(rs, "parent_id")), userId, now));
    }

    /** Revokes a token of the user and every token created with it, recursively. */
    public void revokeToken(long userId, long tokenId) {
        List<Long> revoked = jdbc.tx(c -> {
            if (Jdbc.count(c, "SELECT COUNT(*) FROM core_token WHERE id = ? AND user_id = ? AND revoked = FALSE", tokenId,
                    userId) == 0) {
                throw new NotFoundException("token", tokenId);
            }
            List<Long> ids = Jdbc.list(c, "WITH RECURSIVE tree (id) AS (SELECT id FROM core_token WHERE id = ?"
                    + " UNION ALL SELECT t.id FROM core_token t JOIN tree ON t.parent_id = tree.id) SELECT id FROM tree",
                    rs -> rs.getLong(1), tokenId);
            List<Long> done = new ArrayList<>();
            for (long id : ids) {
                if (Jdbc.update(c, "UPDATE core_token SET revoked = TRUE WHERE id = ? AND revoked = FALSE", id) > 0) {
                    done.add(id);
                }
            }
            raiseSecurityVersion(c, userId);
            return done;
        });
        changed();
        audit(AuditActions.TOKEN_REVOKE, String.valueOf(userId), "OK", "token " + tokenId
                + (revoked.size() > 1 ? " and the tokens created with it: " + revoked.subList(1, revoked.size()) : ""));
    }

    // ---- administration

    /** @return the accounts the caller manages, by user name */
    public List<Account> list() {
        requireAdministration();
        return jdbc.read(c -> {
            List<Long> ids = Jdbc.list(c, "SELECT id FROM core_user ORDER BY username", rs -> rs.getLong(1));
            List<Account> out = new ArrayList<>();
            for (long id : ids) {
                Account a = load(c, id).orElseThrow();
                if (manages(a)) {
                    out.add(a);
                }
            }
            return out;
        });
    }

    /** @return the account, if the caller manages it */
    public Optional<Account> get(long id) {
        requireAdministration();
        return jdbc.read(c -> load(c, id)).filter(this::manages);
    }

    /** @return the account of this user name, whoever calls (the platform's own look-up) */
    public Optional<Account> byName(String username) {
        return jdbc.read(c -> {
            Optional<Long> id = Jdbc.one(c, "SELECT id FROM core_user WHERE username = ?", rs -> rs.getLong(1),
                    username == null ? "" : username.toLowerCase(Locale.ROOT));
            return id.isEmpty() ? Optional.<Account>empty() : load(c, id.get());
        });
    }

    /** @return the roles the caller may give an account: all, or the school roles only */
    public Set<Role> grantableRoles() {
        return schoolLimited().isPresent() ? Account.SCHOOL_ROLES : EnumSet.allOf(Role.class);
    }

    /** Creates an account; its password must pass {@link PasswordPolicy}; the caller may grant what it asks for. */
    public Account create(UserInput in) {
        requireAdministration();
        return create(in, true);
    }

    /**
     * Creates a demo account (demo mode only): its published password is weak on purpose, so zxcvbn's estimate is not
     * asked; length and the user-name rule still hold, and the password is hashed like any other.
     */
    public Account createDemo(UserInput in) {
        return create(in, false);
    }

    private Account create(UserInput in, boolean estimate) {
        List<FieldError> errors = new ArrayList<>();
        String username = in.username() == null ? null : in.username().trim().toLowerCase(Locale.ROOT);
        if (username == null || username.isEmpty()) {
            errors.add(messages.error("username", "error.required"));
        } else if (!USERNAME.matcher(username).matches()) {
            errors.add(messages.error("username", "error.username"));
        }
        errors.addAll(estimate ? passwords.errors("password", username, in.displayName(), in.password())
                : passwords.shapeErrors("password", username, in.password()));
        errors.addAll(shapeErrors(in));
        schoolLimited().ifPresent(c -> errors.addAll(grantErrors(c, in)));
        Validator.throwIfAny(errors);
        Instant now = clock.instant();
        String hash = hasher.hash(in.password().toCharArray());
        Account created = jdbc.tx(c -> {
            List<FieldError> refs = referenceErrors(c, in);
            if (Jdbc.count(c, "SELECT COUNT(*) FROM core_user WHERE username = ?", username) > 0) {
                refs.add(messages.error("username", "error.username.taken"));
            }
            Validator.throwIfAny(refs);
            long id = Jdbc.insert(c, "INSERT INTO core_user (username, display_name, password_hash, roles, staff_id, active,"
                    + " password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", username,
                    Texts.clean(in.displayName()), hash, roles(in.roles()), in.staffId(), in.active() == null || in.active(),
                    now, now, now);
            writeScope(c, id, in);
            return load(c, id).orElseThrow();
        });
        audit(AuditActions.CREATE, String.valueOf(created.id()), "OK", created.username() + " " + roles(created.roles()));
        return created;
    }

    public Account update(long id, long version, UserInput in) {
        requireAdministration();
        List<FieldError> errors = shapeErrors(in);
        Validator.throwIfAny(errors);
        Instant now = clock.instant();
        Optional<Caller> limited = schoolLimited();
        Account updated = jdbc.tx(c -> {
            Account old = load(c, id).filter(this::manages).orElseThrow(() -> new NotFoundException("user", id));
            SchoolServiceImpl.checkVersion("user", id, version, old.version());
            List<FieldError> refused = new ArrayList<>();
            limited.ifPresent(caller -> {
                refused.addAll(grantErrors(caller, in));
                if (old.username().equals(caller.user())) {
                    refused.addAll(selfErrors(old, in));
                }
            });
            Validator.throwIfAny(refused);
            Validator.throwIfAny(referenceErrors(c, in));
            boolean active = in.active() == null ? old.active() : in.active();
            if (old.username().equals(ADMIN) && (!active || !in.roles().contains(Role.COUNTY_ADMIN))
                    && Jdbc.count(c, "SELECT COUNT(*) FROM core_user WHERE active = TRUE AND roles LIKE '%COUNTY_ADMIN%' AND id <> ?", id) == 0) {
                throw new ValidationException(List.of(messages.error("roles", "error.user.lastAdmin")));
            }
            int n = Jdbc.update(c, "UPDATE core_user SET version = version + 1, security_version = security_version + 1,"
                    + " display_name = ?, roles = ?, staff_id = ?, active = ?, updated_at = ? WHERE id = ? AND version = ?",
                    Texts.clean(in.displayName()),
                    roles(in.roles()), in.staffId(), active, now, id, version);
            SchoolServiceImpl.concurrent(n, "user", id, version, c, "core_user");
            Jdbc.update(c, "DELETE FROM core_user_school WHERE user_id = ?", id);
            Jdbc.update(c, "DELETE FROM core_user_class WHERE user_id = ?", id);
            writeScope(c, id, in);
            if (!active) {
                Jdbc.update(c, "DELETE FROM core_session WHERE user_id = ?", id);
            }
            return load(c, id).orElseThrow();
        });
        changed();
        audit(AuditActions.UPDATE, String.valueOf(id), "OK", updated.username() + " " + roles(updated.roles())
                + (updated.active() ? "" : " disabled"));
        return updated;
    }

    /**
     * An administrator sets a new password: every session of the user ends, every token is revoked, and no address
     * waits any more for the user name.
     */
    public void resetPassword(long id, String password) {
        Account a = get(id).orElseThrow(() -> new NotFoundException("user", id));
        if (schoolLimited().filter(c -> c.user().equals(a.username())).isPresent()) {
            // her own password she changes with the current one (POST /api/me/password): a taken session cannot
            throw new ValidationException(List.of(messages.error("password", "error.user.selfPassword")));
        }
        Validator.throwIfAny(passwords.errors("password", a.username(), a.displayName(), password));
        storePassword(a, password, null, null);
        audit(AuditActions.PASSWORD_RESET, String.valueOf(id), "OK", a.username());
    }

    /**
     * The user changes their own password, proving the current one from {@code address}. A wrong current password is
     * a failed login for (address, user name); while that address waits the change is refused with {@link Throttled}.
     * Every other session and every token of the user end: only the session or the token the change was made with
     * stays (a change over HTTP Basic keeps nothing, the password it sends is the old one).
     */
    public void changePassword(Principal p, String current, String password, String address) {
        Account a = p.account();
        long wait = throttle.check(a.username(), address);
        if (wait > 0) {
            throw new Throttled(wait);
        }
        String hash = jdbc.read(c -> Jdbc.one(c, "SELECT password_hash FROM core_user WHERE id = ?", rs -> rs.getString(1),
                a.id())).orElseThrow(() -> new NotFoundException("user", a.id()));
        if (!hasher.verify(hash, current == null ? new char[0] : current.toCharArray())) {
            throttle.failed(a.username(), address, "wrong current password (POST /api/me/password)");
            throw new ValidationException(List.of(messages.error("currentPassword", "error.password.current")));
        }
        List<FieldError> errors = passwords.errors("newPassword", a.username(), a.displayName(), password);
        if (errors.isEmpty() && password.equals(current)) {
            errors = List.of(messages.error("newPassword", "error.password.same"));
        }
        Validator.throwIfAny(errors);
        storePassword(a, password, p.via() == Via.SESSION ? p.sessionHash() : null, p.via() == Via.TOKEN ? p.tokenId() : null);
        audit(AuditActions.PASSWORD_CHANGE, String.valueOf(a.id()), "OK", a.username());
    }

    /** An administrator's unlock: no address waits any more for this user name. */
    public void unlock(long id) {
        Account a = get(id).orElseThrow(() -> new NotFoundException("user", id));
        int cleared = throttle.clear(a.username());
        changed();
        audit(AuditActions.UNLOCK, String.valueOf(id), "OK", a.username() + ": " + cleared + " waiting address(es) cleared");
    }

    /** @return the failed logins of the last day of one user, or {@code null} when none */
    public LoginThrottle.FailedLogins failedLogins(Account a) {
        return throttle.failedLogins(a.username());
    }

    /** @return the failed logins of the last day, by user name, of the users that have some */
    public Map<String, LoginThrottle.FailedLogins> failedLogins() {
        return throttle.failedLogins();
    }

    private void storePassword(Account a, String password, String keepSession, Long keepToken) {
        long id = a.id();
        String hash = hasher.hash(password.toCharArray());
        Instant now = clock.instant();
        jdbc.tx(c -> {
            Jdbc.update(c, "UPDATE core_user SET password_hash = ?, password_changed_at = ?, updated_at = ?,"
                    + " security_version = security_version + 1 WHERE id = ?", hash, now, now, id);
            if (keepSession == null) {
                Jdbc.update(c, "DELETE FROM core_session WHERE user_id = ?", id);
            } else {
                Jdbc.update(c, "DELETE FROM core_session WHERE user_id = ? AND token_hash <> ?", id, keepSession);
            }
            if (keepToken == null) {
                Jdbc.update(c, "UPDATE core_token SET revoked = TRUE WHERE user_id = ? AND revoked = FALSE", id);
            } else {
                Jdbc.update(c, "UPDATE core_token SET revoked = TRUE WHERE user_id = ? AND revoked = FALSE AND id <> ?", id,
                        keepToken);
            }
            return null;
        });
        throttle.clear(a.username());
        changed();
    }

    /** What is wrong with {@code password} for {@code username} ({@link PasswordPolicy}, the estimate included). */
    List<FieldError> passwordErrors(String field, String username, String password) {
        return passwords.errors(field, username, null, password);
    }

    // ---- who manages which account

    /** Throws {@link org.guanai.core.api.ForbiddenException} for a caller without either permission. */
    private void requireAdministration() {
        scope.requireAny(Permissions.USERS_MANAGE, RolePermissions.USERS_MANAGE_SCHOOL);
    }

    /** @return the caller, when it manages the accounts of its own schools only */
    private Optional<Caller> schoolLimited() {
        return scope.caller().filter(c -> !c.has(Permissions.USERS_MANAGE));
    }

    private boolean manages(Account a) {
        return scope.caller().map(c -> manages(c, a)).orElse(true);
    }

    /**
     * Whether {@code caller} manages the account: with {@code users.manage} every one; with {@code users.manage.school}
     * one whose roles are all school roles and whose schools, at least one, are all the caller's, never a county-level
     * account nor one shared with a school she does not have; else none.
     */
    static boolean manages(Caller caller, Account a) {
        if (caller.has(Permissions.USERS_MANAGE)) {
            return true;
        }
        return caller.has(RolePermissions.USERS_MANAGE_SCHOOL) && Account.SCHOOL_ROLES.containsAll(a.roles())
                && !a.schoolIds().isEmpty() && a.schoolIds().stream().allMatch(caller::mayActFor);
    }

    /**
     * What a caller limited to her schools may not grant: a role that is not a school role ({@code roles}), a school
     * that is not hers ({@code schoolIds}: as unknown, the way a record out of reach is absent).
     */
    private List<FieldError> grantErrors(Caller caller, UserInput in) {
        List<FieldError> errors = new ArrayList<>();
        if (in.roles() != null && !Account.SCHOOL_ROLES.containsAll(in.roles())) {
            errors.add(messages.error("roles", "error.user.roleNotGrantable"));
        }
        if (in.schoolIds() != null && !in.schoolIds().stream().allMatch(caller::mayActFor)) {
            errors.add(messages.error("schoolIds", "error.school.unknown"));
        }
        return errors;
    }

    /** What a caller limited to her schools may not change on her own account: its reach and status. */
    private List<FieldError> selfErrors(Account old, UserInput in) {
        Map<String, Boolean> changed = new LinkedHashMap<>();
        changed.put("roles", !old.roles().equals(setOf(in.roles())));
        changed.put("schoolIds", !old.schoolIds().equals(setOf(in.schoolIds())));
        changed.put("classIds", !old.classIds().equals(setOf(in.classIds())));
        changed.put("staffId", !Objects.equals(old.staffId(), in.staffId()));
        changed.put("active", in.active() != null && in.active() != old.active());
        return changed.entrySet().stream().filter(Map.Entry::getValue)
                .map(e -> messages.error(e.getKey(), "error.user.self")).toList();
    }

    private static <T> Set<T> setOf(Set<T> sent) {
        return sent == null ? Set.of() : Set.copyOf(sent);
    }

    private List<FieldError> shapeErrors(UserInput in) {
        List<FieldError> errors = new ArrayList<>();
        if (in.roles() == null || in.roles().isEmpty()) {
            errors.add(messages.error("roles", "error.required"));
        }
        String name = Texts.clean(in.displayName());
        if (name != null && name.length() > 50) {
            errors.add(messages.error("displayName", "error.tooLong", 50));
        }
        boolean county = in.roles() != null && in.roles().stream().anyMatch(Account.COUNTY_ROLES::contains);
        if (!county && in.roles() != null && !in.roles().isEmpty() && (in.schoolIds() == null || in.schoolIds().isEmpty())) {
            errors.add(messages.error("schoolIds", "error.user.school"));
        }
        boolean teacherOnly = in.roles() != null && !in.roles().isEmpty()
                && in.roles().stream().noneMatch(Account.ALL_CLASS_ROLES::contains);
        if (teacherOnly && (in.classIds() == null || in.classIds().isEmpty()) && in.staffId() == null) {
            errors.add(messages.error("classIds", "error.user.classes"));
        }
        return errors;
    }

    private List<FieldError> referenceErrors(Connection c, UserInput in) throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        Set<Long> schools = in.schoolIds() == null ? Set.of() : in.schoolIds();
        for (long s : schools) {
            if (Jdbc.count(c, "SELECT COUNT(*) FROM core_school WHERE id = ?", s) == 0) {
                errors.add(messages.error("schoolIds", "error.school.unknown"));
                break;
            }
        }
        for (long k : in.classIds() == null ? Set.<Long>of() : in.classIds()) {
            Optional<Long> school = Jdbc.one(c, "SELECT school_id FROM core_class WHERE id = ?", rs -> rs.getLong(1), k);
            if (school.isEmpty()) {
                errors.add(messages.error("classIds", "error.class.unknown"));
                break;
            }
            if (!schools.contains(school.get())) {
                errors.add(messages.error("classIds", "error.class.otherSchool"));
                break;
            }
        }
        if (in.staffId() != null) {
            Optional<Long> school = Jdbc.one(c, "SELECT school_id FROM core_staff WHERE id = ?", rs -> rs.getLong(1), in.staffId());
            if (school.isEmpty()) {
                errors.add(messages.error("staffId", "error.staff.unknown"));
            } else if (!schools.contains(school.get())) {
                errors.add(messages.error("staffId", "error.user.staff"));
            }
        }
        return errors;
    }

    private static void writeScope(Connection c, long id, UserInput in) throws SQLException {
        for (long s : in.schoolIds() == null ? Set.<Long>of() : in.schoolIds()) {
            Jdbc.update(c, "INSERT INTO core_user_school (user_id, school_id) VALUES (?, ?)", id, s);
        }
        for (long k : in.classIds() == null ? Set.<Long>of() : in.classIds()) {
            Jdbc.update(c, "INSERT INTO core_user_class (user_id, class_id) VALUES (?, ?)", id, k);
        }
    }

    // ---- reading accounts

    /**
     * The principal of an active account. Its {@code security_version} is read first: a change committed while the rest
     * is read raises it past the one kept, so a cached principal is never newer than its version says.
     */
    private Optional<Principal> activePrincipal(Connection c, long userId, Via via, String csrf, String sessionHash,
            Long tokenId) throws SQLException {
        Optional<Long> version = Jdbc.one(c, "SELECT security_version FROM core_user WHERE id = ?", rs -> rs.getLong(1), userId);
        Optional<Account> a = load(c, userId);
        if (version.isEmpty() || a.isEmpty() || !a.get().active()) {
            return Optional.empty();
        }
        return Optional.of(new Principal(a.get(), classesOf(c, a.get()), via, csrf, sessionHash, tokenId, version.get()));
    }

    private static void raiseSecurityVersion(Connection c, long userId) throws SQLException {
        Jdbc.update(c, "UPDATE core_user SET security_version = security_version + 1 WHERE id = ?", userId);
    }

    /** The classes a teacher reaches: those given to the account and those whose head teacher is its staff record. */
    private static Set<Long> classesOf(Connection c, Account a) throws SQLException {
        Set<Long> out = new HashSet<>(a.classIds());
        if (a.staffId() != null) {
            out.addAll(Jdbc.list(c, "SELECT id FROM core_class WHERE head_teacher_id = ?", rs -> rs.getLong(1), a.staffId()));
        }
        return out;
    }

    static Optional<Account> load(Connection c, long id) throws SQLException {
        Optional<Account> base = Jdbc.one(c, "SELECT * FROM core_user WHERE id = ?", rs -> new Account(rs.getLong("id"),
                rs.getLong("version"), rs.getString("username"), rs.getString("display_name"), parseRoles(rs.getString("roles")),
                Set.of(), Set.of(), Jdbc.longOrNull(rs, "staff_id"), rs.getBoolean("active"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at")), id);
        if (base.isEmpty()) {
            return base;
        }
        Account a = base.get();
        Set<Long> schools = Set.copyOf(Jdbc.list(c, "SELECT school_id FROM core_user_school WHERE user_id = ?", Accounts::first, id));
        Set<Long> classes = Set.copyOf(Jdbc.list(c, "SELECT class_id FROM core_user_class WHERE user_id = ?", Accounts::first, id));
        return Optional.of(new Account(a.id(), a.version(), a.username(), a.displayName(), a.roles(), schools, classes,
                a.staffId(), a.active(), a.createdAt(), a.updatedAt()));
    }

    private static long first(ResultSet rs) throws SQLException {
        return rs.getLong(1);
    }

    public static Set<Role> parseRoles(String s) {
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(s.split(",")).map(Role::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    private static String roles(Set<Role> roles) {
        return roles.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    // ---- cache, secrets, audit

    /**
     * A cached authentication, if it is younger than a minute and its account is still active at the
     * {@code security_version} it was cached with (one primary-key read, so that a change made on any node counts).
     */
    private Optional<Principal> cached(String key) {
        Cached c = cache.get(key);
        if (c == null) {
            return Optional.empty();
        }
        if (c.until().isBefore(clock.instant())) {
            cache.remove(key, c);
            return Optional.empty();
        }
        long userId = c.principal().account().id();
        Optional<Long> version = jdbc.read(conn -> Jdbc.one(conn, "SELECT security_version FROM core_user WHERE id = ?"
                + " AND active = TRUE", rs -> rs.getLong(1), userId));
        if (version.isEmpty() || version.get() != c.principal().securityVersion()) {
            cache.remove(key, c);
            return Optional.empty();
        }
        return Optional.of(c.principal());
    }

    /** The cached authentication under {@code key}, else what {@code lookup} finds, which is then cached. */
    private Optional<Principal> cachedOr(String key, Supplier<Optional<Principal>> lookup) {
        Optional<Principal> hit = cached(key);
        if (hit.isPresent()) {
            return hit;
        }
        Optional<Principal> p = lookup.get();
        p.ifPresent(x -> remember(key, x));
        return p;
    }

    private void remember(String key, Principal p) {
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(key, new Cached(p, clock.instant().plus(CACHE)));
    }

    /** Any change to accounts, sessions or tokens made here: this node's cached authentications are dropped at once. */
    void changed() {
        cache.clear();
    }

    private String secret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void audit(String action, String subject, String outcome, String detail) {
        audit.record(AuditLog.Event.of(action, "user", subject).outcome(outcome).detail(detail));
    }
}
