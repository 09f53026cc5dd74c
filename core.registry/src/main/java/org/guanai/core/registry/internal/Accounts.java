package org.guanai.core.registry.internal;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Role;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User accounts (用户), logins, web sessions and API tokens, in {@code core_user}, {@code core_session} and
 * {@code core_token}.
 * <p>
 * Passwords are bcrypt hashes; session and API tokens are random 256-bit secrets of which only the SHA-256 is stored.
 * Failed logins lock an account for a while after {@code maxFailedLogins} in a row, and throttle the address they come
 * from after {@code addressMaxFailures} within a window. Authenticated sessions, tokens and HTTP Basic credentials are
 * cached for a minute so that a script does not pay a bcrypt verification per request; any change to any account
 * empties the cache. On the first start of an empty database the county administrator {@code admin} is created with
 * the password of {@code GUANAI_ADMIN_PASSWORD} ({@code guanai.admin.password}) or a generated one printed once on
 * the console.
 */
@Component(service = Accounts.class, configurationPid = AccountsConfig.PID)
@Designate(ocd = AccountsConfig.class)
public final class Accounts {
    static final String ADMIN = "admin";
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,49}");
    static final int MIN_PASSWORD = 10;
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private static final Duration CACHE = Duration.ofMinutes(1);
    private static final Duration TOUCH = Duration.ofMinutes(1);

    /** How a request proved who it is. */
    enum Via { SESSION, TOKEN, BASIC, PASSWORD }

    /** An authenticated user: the account, the classes it reaches, and for a web session its CSRF token. */
    record Principal(Account account, Set<Long> classIds, Via via, String csrfToken, String sessionHash) {
    }

    enum Status { OK, BAD_CREDENTIALS, LOCKED, THROTTLED }

    /** The outcome of a login: the principal when {@code OK}, else how long to wait (0 for bad credentials). */
    record LoginOutcome(Status status, Principal principal, long retryAfterSeconds) {
    }

    /** A new web session: the secret for the cookie, the CSRF token, the end. */
    record SessionTicket(String token, String csrfToken, Instant expiresAt) {
    }

    /** A new API token; the secret is shown once. */
    record NewToken(long id, String name, String token, Instant expiresAt) {
    }

    /** An API token as listed (without its secret). */
    record TokenInfo(long id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    }

    /** What an administrator sends to create or change an account. */
    record UserInput(String username, String displayName, String password, Set<Role> roles, Set<Long> schoolIds,
            Set<Long> classIds, Long staffId, Boolean active) {
    }

    private record Cached(Principal principal, Instant until, long generation) {
    }

    private final Jdbc jdbc;
    private final Messages messages = new Messages();
    private final CurrentActor actor;
    private final AuditLog audit;
    private final Clock clock;
    private final AccountsConfig config;
    private final PasswordHasher hasher;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Deque<Instant>> failuresByAddress = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    @Activate
    public Accounts(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CurrentActor actor, @Reference AuditLog audit,
            AccountsConfig config, BundleContext context) {
        this(dataSource, actor, audit, config, Clock.systemUTC());
        String given = context.getProperty("guanai.admin.password");
        if (given == null || given.isEmpty()) {
            given = System.getenv("GUANAI_ADMIN_PASSWORD");
        }
        ensureAdmin(given);
    }

    Accounts(DataSource dataSource, CurrentActor actor, AuditLog audit, AccountsConfig config, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.actor = actor;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
        this.hasher = new PasswordHasher(config.bcryptCost());
    }

    // ---- first start

    /** Creates {@code admin} when there is no account at all; returns the generated password, if one was generated. */
    Optional<String> ensureAdmin(String given) {
        if (jdbc.read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM core_user")) > 0) {
            return Optional.empty();
        }
        String password = given;
        boolean generated = false;
        if (password != null && !password.isEmpty() && !passwordErrors("password", ADMIN, password).isEmpty()) {
            LOG.error("GUANAI_ADMIN_PASSWORD is not accepted (at least {} characters, not the user name); a password is"
                    + " generated instead", MIN_PASSWORD);
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
            // printed once on the console, never logged to a file nor stored in clear
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

    /** Checks a user name and password (login page, HTTP Basic), with lockout and address throttling. */
    LoginOutcome login(String username, String password, String address) {
        Instant now = clock.instant();
        long wait = addressWait(address, now);
        if (wait > 0) {
            audit(AuditActions.LOGIN_FAILED, username, "REFUSED", "address throttled");
            return new LoginOutcome(Status.THROTTLED, null, wait);
        }
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        char[] pw = password == null ? new char[0] : password.toCharArray();
        record Row(long id, String hash, boolean active, int failed, Instant lockedUntil) {
        }
        Optional<Row> row = jdbc.read(c -> Jdbc.one(c, "SELECT id, password_hash, active, failed_logins, locked_until"
                + " FROM core_user WHERE username = ?", rs -> new Row(rs.getLong(1), rs.getString(2), rs.getBoolean(3),
                        rs.getInt(4), Jdbc.instant(rs, "locked_until")), name));
        if (row.isEmpty() || !row.get().active()) {
            hasher.burn(pw);
            addressFailure(address, now);
            audit(AuditActions.LOGIN_FAILED, name, "FAILED", row.isEmpty() ? "unknown user" : "account disabled");
            return new LoginOutcome(Status.BAD_CREDENTIALS, null, 0);
        }
        Row r = row.get();
        if (r.lockedUntil() != null && r.lockedUntil().isAfter(now)) {
            addressFailure(address, now);
            audit(AuditActions.LOGIN_FAILED, name, "REFUSED", "account locked");
            return new LoginOutcome(Status.LOCKED, null, Math.max(1, Duration.between(now, r.lockedUntil()).toSeconds()));
        }
        if (!hasher.verify(r.hash(), pw)) {
            addressFailure(address, now);
            int failed = r.failed() + 1;
            boolean lock = failed >= config.maxFailedLogins();
            jdbc.tx(c -> Jdbc.update(c, "UPDATE core_user SET failed_logins = ?, locked_until = ? WHERE id = ?",
                    lock ? 0 : failed, lock ? now.plus(Duration.ofMinutes(config.lockMinutes())) : null, r.id()));
            audit(AuditActions.LOGIN_FAILED, name, "FAILED", lock ? "wrong password; account locked" : "wrong password");
            return new LoginOutcome(Status.BAD_CREDENTIALS, null, 0);
        }
        if (r.failed() > 0 || r.lockedUntil() != null) {
            jdbc.tx(c -> Jdbc.update(c, "UPDATE core_user SET failed_logins = 0, locked_until = NULL WHERE id = ?", r.id()));
        }
        Principal p = jdbc.read(c -> activePrincipal(c, r.id(), Via.PASSWORD, null, null))
                .orElseThrow(() -> new NotFoundException("user", r.id()));
        audit(AuditActions.LOGIN, name, "OK", null);
        return new LoginOutcome(Status.OK, p, 0);
    }

    /** HTTP Basic: a login whose success is cached for a minute (keyed by a hash of the credentials). */
    LoginOutcome basic(String username, String password, String address) {
        String key = "b:" + sha256(username + "\u0000" + password);
        Optional<Principal> hit = cached(key);
        if (hit.isPresent()) {
            return new LoginOutcome(Status.OK, hit.get(), 0);
        }
        LoginOutcome out = login(username, password, address);
        if (out.status() == Status.OK) {
            Principal p = new Principal(out.principal().account(), out.principal().classIds(), Via.BASIC, null, null);
            remember(key, p);
            return new LoginOutcome(Status.OK, p, 0);
        }
        return out;
    }

    private long addressWait(String address, Instant now) {
        Deque<Instant> q = failuresByAddress.get(address == null ? "" : address);
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            Instant from = now.minus(Duration.ofMinutes(config.addressWindowMinutes()));
            while (!q.isEmpty() && q.peekFirst().isBefore(from)) {
                q.pollFirst();
            }
            if (q.size() < config.addressMaxFailures()) {
                return 0;
            }
            return Math.max(1, Duration.between(from, q.peekFirst()).toSeconds());
        }
    }

    private void addressFailure(String address, Instant now) {
        Deque<Instant> q = failuresByAddress.computeIfAbsent(address == null ? "" : address, a -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(now);
            while (q.size() > config.addressMaxFailures() * 2) {
                q.pollFirst();
            }
        }
    }

    // ---- web sessions

    SessionTicket openSession(Principal p, String address) {
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
        String key = "s:" + hash;
        Optional<Principal> hit = cached(key);
        if (hit.isPresent()) {
            return hit;
        }
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
        Optional<Principal> p = jdbc.read(c -> activePrincipal(c, r.userId(), Via.SESSION, r.csrf(), hash));
        p.ifPresent(x -> remember(key, x));
        return p;
    }

    void closeSession(String token) {
        if (token == null) {
            return;
        }
        jdbc.tx(c -> Jdbc.update(c, "DELETE FROM core_session WHERE token_hash = ?", sha256(token)));
        changed();
    }

    // ---- API tokens

    NewToken createToken(Principal p, String name, Integer days) {
        List<FieldError> errors = new ArrayList<>();
        String n = Texts.clean(name);
        if (n == null) {
            n = "api";
        } else if (n.length() > 100) {
            errors.add(messages.error("name", "error.tooLong", 100));
        }
        int d = days == null ? 90 : days;
        if (d < 1 || d > config.tokenMaxDays()) {
            errors.add(messages.error("expiresInDays", "error.range", 1, config.tokenMaxDays()));
        }
        Validator.throwIfAny(errors);
        String token = "gat_" + secret();
        Instant now = clock.instant();
        Instant expires = now.plus(Duration.ofDays(d));
        String tokenName = n;
        long id = jdbc.tx(c -> Jdbc.insert(c, "INSERT INTO core_token (user_id, name, token_hash, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?)", p.account().id(), tokenName, sha256(token), now, expires));
        audit(AuditActions.TOKEN_CREATE, p.account().username(), "OK", "token " + id + " " + tokenName);
        return new NewToken(id, tokenName, token, expires);
    }

    Optional<Principal> token(String token) {
        if (token == null || !token.startsWith("gat_") || token.length() != 47) {
            return Optional.empty();
        }
        String hash = sha256(token);
        String key = "t:" + hash;
        Optional<Principal> hit = cached(key);
        if (hit.isPresent()) {
            return hit;
        }
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
        Optional<Principal> p = jdbc.read(c -> activePrincipal(c, r.userId(), Via.TOKEN, null, null));
        p.ifPresent(x -> remember(key, x));
        return p;
    }

    List<TokenInfo> tokens(long userId) {
        Instant now = clock.instant();
        return jdbc.read(c -> Jdbc.list(c, "SELECT id, name, created_at, expires_at, last_used_at FROM core_token"
                + " WHERE user_id = ? AND revoked = FALSE AND expires_at > ? ORDER BY id", rs -> new TokenInfo(rs.getLong(1),
                        rs.getString(2), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"),
                        Jdbc.instant(rs, "last_used_at")), userId, now));
    }

    void revokeToken(long userId, long tokenId) {
        int n = jdbc.tx(c -> Jdbc.update(c, "UPDATE core_token SET revoked = TRUE WHERE id = ? AND user_id = ? AND revoked = FALSE",
                tokenId, userId));
        if (n == 0) {
            throw new NotFoundException("token", tokenId);
        }
        changed();
        audit(AuditActions.TOKEN_REVOKE, String.valueOf(userId), "OK", "token " + tokenId);
    }

    // ---- administration

    List<Account> list() {
        return jdbc.read(c -> {
            List<Long> ids = Jdbc.list(c, "SELECT id FROM core_user ORDER BY username", rs -> rs.getLong(1));
            List<Account> out = new ArrayList<>();
            for (long id : ids) {
                out.add(load(c, id).orElseThrow());
            }
            return out;
        });
    }

    Optional<Account> get(long id) {
        return jdbc.read(c -> load(c, id));
    }

    Optional<Account> byName(String username) {
        return jdbc.read(c -> Jdbc.one(c, "SELECT id FROM core_user WHERE username = ?", rs -> rs.getLong(1),
                username == null ? "" : username.toLowerCase(Locale.ROOT))).flatMap(this::get);
    }

    Account create(UserInput in) {
        List<FieldError> errors = new ArrayList<>();
        String username = in.username() == null ? null : in.username().trim().toLowerCase(Locale.ROOT);
        if (username == null || username.isEmpty()) {
            errors.add(messages.error("username", "error.required"));
        } else if (!USERNAME.matcher(username).matches()) {
            errors.add(messages.error("username", "error.username"));
        }
        errors.addAll(passwordErrors("password", username, in.password()));
        errors.addAll(shapeErrors(in));
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

    Account update(long id, long version, UserInput in) {
        List<FieldError> errors = shapeErrors(in);
        Validator.throwIfAny(errors);
        Instant now = clock.instant();
        Account updated = jdbc.tx(c -> {
            Account old = load(c, id).orElseThrow(() -> new NotFoundException("user", id));
            SchoolServiceImpl.checkVersion("user", id, version, old.version());
            Validator.throwIfAny(referenceErrors(c, in));
            boolean active = in.active() == null ? old.active() : in.active();
            if (old.username().equals(ADMIN) && (!active || !in.roles().contains(Role.COUNTY_ADMIN))
                    && Jdbc.count(c, "SELECT COUNT(*) FROM core_user WHERE active = TRUE AND roles LIKE '%COUNTY_ADMIN%' AND id <> ?", id) == 0) {
                throw new ValidationException(List.of(messages.error("roles", "error.user.lastAdmin")));
            }
            int n = Jdbc.update(c, "UPDATE core_user SET version = version + 1, display_name = ?, roles = ?, staff_id = ?,"
                    + " active = ?, updated_at = ? WHERE id = ? AND version = ?", Texts.clean(in.displayName()),
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

    /** An administrator sets a new password: the account is unlocked, its sessions end and its tokens are revoked. */
    void resetPassword(long id, String password) {
        Account a = get(id).orElseThrow(() -> new NotFoundException("user", id));
        Validator.throwIfAny(passwordErrors("password", a.username(), password));
        storePassword(id, password, null);
        audit(AuditActions.PASSWORD_RESET, String.valueOf(id), "OK", a.username());
    }

    /** The user changes their own password; other sessions end, the current one (if any) stays. */
    void changePassword(Principal p, String current, String password) {
        Account a = p.account();
        String hash = jdbc.read(c -> Jdbc.one(c, "SELECT password_hash FROM core_user WHERE id = ?", rs -> rs.getString(1),
                a.id())).orElseThrow(() -> new NotFoundException("user", a.id()));
        if (!hasher.verify(hash, current == null ? new char[0] : current.toCharArray())) {
            audit(AuditActions.PASSWORD_CHANGE, String.valueOf(a.id()), "REFUSED", "wrong current password");
            throw new ValidationException(List.of(messages.error("currentPassword", "error.password.current")));
        }
        List<FieldError> errors = passwordErrors("newPassword", a.username(), password);
        if (errors.isEmpty() && password.equals(current)) {
            errors = List.of(messages.error("newPassword", "error.password.same"));
        }
        Validator.throwIfAny(errors);
        storePassword(a.id(), password, p.sessionHash());
        audit(AuditActions.PASSWORD_CHANGE, String.valueOf(a.id()), "OK", a.username());
    }

    void unlock(long id) {
        int n = jdbc.tx(c -> Jdbc.update(c, "UPDATE core_user SET failed_logins = 0, locked_until = NULL WHERE id = ?", id));
        if (n == 0) {
            throw new NotFoundException("user", id);
        }
        changed();
        audit(AuditActions.UNLOCK, String.valueOf(id), "OK", null);
    }

    private void storePassword(long id, String password, String keepSession) {
        String hash = hasher.hash(password.toCharArray());
        Instant now = clock.instant();
        jdbc.tx(c -> {
            Jdbc.update(c, "UPDATE core_user SET password_hash = ?, password_changed_at = ?, failed_logins = 0,"
                    + " locked_until = NULL, updated_at = ? WHERE id = ?", hash, now, now, id);
            if (keepSession == null) {
                Jdbc.update(c, "DELETE FROM core_session WHERE user_id = ?", id);
                Jdbc.update(c, "UPDATE core_token SET revoked = TRUE WHERE user_id = ?", id);
            } else {
                Jdbc.update(c, "DELETE FROM core_session WHERE user_id = ? AND token_hash <> ?", id, keepSession);
            }
            return null;
        });
        changed();
    }

    List<FieldError> passwordErrors(String field, String username, String password) {
        if (password == null || password.isEmpty()) {
            return List.of(messages.error(field, "error.required"));
        }
        if (password.length() < MIN_PASSWORD) {
            return List.of(messages.error(field, "error.password.short", MIN_PASSWORD));
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_BYTES) {
            return List.of(messages.error(field, "error.password.long", PasswordHasher.MAX_BYTES));
        }
        if (username != null && !username.isEmpty() && password.toLowerCase(Locale.ROOT).contains(username)) {
            return List.of(messages.error(field, "error.password.username"));
        }
        if (password.chars().distinct().count() < 4) {
            return List.of(messages.error(field, "error.password.weak"));
        }
        return List.of();
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

    private Optional<Principal> activePrincipal(Connection c, long userId, Via via, String csrf, String sessionHash)
            throws SQLException {
        Optional<Account> a = load(c, userId);
        if (a.isEmpty() || !a.get().active()) {
            return Optional.empty();
        }
        return Optional.of(new Principal(a.get(), classesOf(c, a.get()), via, csrf, sessionHash));
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
                Set.of(), Set.of(), Jdbc.longOrNull(rs, "staff_id"), rs.getBoolean("active"), Jdbc.instant(rs, "locked_until"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at")), id);
        if (base.isEmpty()) {
            return base;
        }
        Account a = base.get();
        Set<Long> schools = Set.copyOf(Jdbc.list(c, "SELECT school_id FROM core_user_school WHERE user_id = ?", Accounts::first, id));
        Set<Long> classes = Set.copyOf(Jdbc.list(c, "SELECT class_id FROM core_user_class WHERE user_id = ?", Accounts::first, id));
        return Optional.of(new Account(a.id(), a.version(), a.username(), a.displayName(), a.roles(), schools, classes,
                a.staffId(), a.active(), a.lockedUntil(), a.createdAt(), a.updatedAt()));
    }

    private static long first(ResultSet rs) throws SQLException {
        return rs.getLong(1);
    }

    static Set<Role> parseRoles(String s) {
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(s.split(",")).map(Role::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    private static String roles(Set<Role> roles) {
        return roles.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    // ---- cache, secrets, audit

    private Optional<Principal> cached(String key) {
        Cached c = cache.get(key);
        if (c == null) {
            return Optional.empty();
        }
        if (c.generation() != generation.get() || c.until().isBefore(clock.instant())) {
            cache.remove(key, c);
            return Optional.empty();
        }
        return Optional.of(c.principal());
    }

    private void remember(String key, Principal p) {
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(key, new Cached(p, clock.instant().plus(CACHE), generation.get()));
    }

    /** Any change to accounts, sessions or tokens: cached authentications are dropped. */
    void changed() {
        generation.incrementAndGet();
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
