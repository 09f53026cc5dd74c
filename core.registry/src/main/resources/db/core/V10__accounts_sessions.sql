-- Accounts and sessions (issue 14).
--
-- security_version: raised whenever what an account may do or how it proves who it is changes (disabled, roles or
-- schools changed, password set, a token revoked, a session ended). A node that cached an authentication compares it
-- with this column, one primary-key read, before it uses the cached one: a change made on any node is seen on the
-- very next request.
--
-- The lock of a whole account after failed logins is gone (anyone could lock anyone out): failed logins now delay the
-- next attempt per (address, user name) in core_login_throttle.
ALTER TABLE core_user ADD COLUMN security_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE core_user DROP COLUMN failed_logins;
ALTER TABLE core_user DROP COLUMN locked_until;

-- The token a bearer token was created with (NULL when created on a session or with a password): revoking a token
-- revokes every token created with it, recursively; none outlives the one it was created with.
ALTER TABLE core_token ADD COLUMN parent_id BIGINT REFERENCES core_token (id);
CREATE INDEX core_token_parent_ix ON core_token (parent_id);

-- Failed logins in a row from one address for one user name (attempted names, known or not, lower case): after a few,
-- each further attempt from that address waits, the wait doubling up to a cap. A success from that address, an
-- administrator's unlock or a day without failures forgets the row.
CREATE TABLE core_login_throttle (
    address         VARCHAR(100) NOT NULL,
    username        VARCHAR(100) NOT NULL,
    failures        INTEGER      NOT NULL,
    last_failure_at TIMESTAMP WITH TIME ZONE NOT NULL,
    blocked_until   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (address, username)
);
CREATE INDEX core_login_throttle_user_ix ON core_login_throttle (username);

-- Failed login attempts per (user name, address, minute): wrong credentials (failures) and attempts refused while the
-- address waits (refused). The user name '*' counts the attempts an address made while it was over its overall limit.
-- The first attempt of a minute is written to the audit log at once; the others are counted here and written as one
-- summary row (audited_* say how many are in the audit log already). Also the source of the per-address limit and of
-- failedLogins on the user administration pages. Rows older than two days are removed once summarised.
CREATE TABLE core_login_failure (
    username         VARCHAR(100) NOT NULL,
    address          VARCHAR(100) NOT NULL,
    minute_start     TIMESTAMP WITH TIME ZONE NOT NULL,
    failures         INTEGER      NOT NULL DEFAULT 0,
    refused          INTEGER      NOT NULL DEFAULT 0,
    audited_failures INTEGER      NOT NULL DEFAULT 0,
    audited_refused  INTEGER      NOT NULL DEFAULT 0,
    last_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (username, address, minute_start)
);
CREATE INDEX core_login_failure_address_ix ON core_login_failure (address, minute_start);
CREATE INDEX core_login_failure_minute_ix ON core_login_failure (minute_start);
