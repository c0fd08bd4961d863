using Alter.Typed.Vault;

namespace Alter.Typed.PostgreSql;

/// <summary>
/// The PostgreSQL store's schema as one ordered list of steps, its version kept in <c>alter_schema</c>. Each step is
/// written once and never edited after it shipped: a change of schema is a new step at the end (as SQLite's
/// <see cref="SchemaMigrations"/>, whose schema 12 step 1 here equals, column for column).
/// </summary>
/// <remarks>
/// Integers are <c>bigint</c> (SQLite's are 64-bit: the stores' shared statements read them alike), flags 0/1 integers,
/// binary values <c>bytea</c>, times Unix milliseconds. Tables that lists order by insertion carry <c>rowid</c>, an identity
/// column standing in for SQLite's implicit one, so <c>ORDER BY created_at, rowid</c> reads the same on both stores.
/// Audit ids are given by the audit writer (each row's MAC covers its id), from <c>audit_counter</c>, under the writer's lock.
/// </remarks>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<SchemaStep> Steps =
    [
        new(1, "apps, keys, grants, sealed tokens, provider settings, Connect states, agents, delegations, approvals, the chained audit log", """
            CREATE TABLE apps (
                id text PRIMARY KEY, name text NOT NULL UNIQUE, created_at bigint NOT NULL,
                rowid bigint GENERATED ALWAYS AS IDENTITY);
            CREATE TABLE api_keys (
                id text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), hash bytea NOT NULL,
                created_at bigint NOT NULL, revoked_at bigint NULL, rowid bigint GENERATED ALWAYS AS IDENTITY);
            CREATE TABLE grants (
                id text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), provider text NOT NULL,
                principal text NOT NULL, account text NULL, scopes text NOT NULL, status text NOT NULL,
                created_at bigint NOT NULL, updated_at bigint NOT NULL, connection text NULL, owner text NOT NULL,
                rowid bigint GENERATED ALWAYS AS IDENTITY);
            CREATE INDEX grants_by_app_provider ON grants(app_id, provider);
            CREATE INDEX grants_by_owner ON grants(app_id, owner, provider);
            CREATE TABLE tokens (
                grant_id text PRIMARY KEY REFERENCES grants(id) ON DELETE CASCADE, envelope bytea NOT NULL,
                expires_at bigint NULL, version bigint NOT NULL, updated_at bigint NOT NULL, refresh_lease_until bigint NULL);
            CREATE TABLE provider_settings (
                app_id text NOT NULL REFERENCES apps(id), provider text NOT NULL, client_id text NULL, secret_envelope bytea NULL,
                overrides text NULL, updated_at bigint NOT NULL, PRIMARY KEY (app_id, provider));
            CREATE TABLE connect_states (
                state_hash text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), provider text NOT NULL, owner text NOT NULL,
                redirect_uri text NOT NULL, return_url text NULL, scopes text NULL, user_scopes text NULL, connection text NULL,
                pkce bigint NOT NULL, verifier_envelope bytea NULL, binding_hash text NULL,
                created_at bigint NOT NULL, expires_at bigint NOT NULL, consumed_at bigint NULL);
            CREATE INDEX connect_states_by_expiry ON connect_states(expires_at);
            CREATE TABLE connect_sessions (
                token_hash text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), owner text NOT NULL, providers text NOT NULL,
                return_origin text NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL);
            CREATE TABLE agents (
                id text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), name text NOT NULL, created_at bigint NOT NULL,
                policy text NULL, rowid bigint GENERATED ALWAYS AS IDENTITY, UNIQUE (app_id, name));
            CREATE TABLE agent_keys (
                id text PRIMARY KEY, agent_id text NOT NULL REFERENCES agents(id), hash bytea NOT NULL, created_at bigint NOT NULL,
                deprecated_at bigint NULL, expires_at bigint NULL, revoked_at bigint NULL, rowid bigint GENERATED ALWAYS AS IDENTITY);
            CREATE INDEX agent_keys_by_agent ON agent_keys(agent_id);
            CREATE TABLE delegations (
                id text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), agent_id text NOT NULL, user_key text NOT NULL,
                grant_id text NOT NULL, operations text NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL,
                revoked_at bigint NULL, rowid bigint GENERATED ALWAYS AS IDENTITY);
            CREATE INDEX delegations_by_agent ON delegations(app_id, agent_id);
            CREATE INDEX delegations_by_user ON delegations(app_id, user_key);
            CREATE TABLE approvals (
                id text PRIMARY KEY, app_id text NOT NULL REFERENCES apps(id), caller text NOT NULL, principal text NOT NULL,
                grant_id text NULL, provider text NOT NULL, operation text NOT NULL, binding text NOT NULL,
                method text NOT NULL, url text NOT NULL, content_type text NULL, body_preview text NULL, body_length bigint NOT NULL,
                status text NOT NULL, reason text NULL, created_at bigint NOT NULL, decided_at bigint NULL, decided_by text NULL,
                expires_at bigint NOT NULL, consumed_at bigint NULL, rowid bigint GENERATED ALWAYS AS IDENTITY);
            CREATE INDEX approvals_by_binding ON approvals(app_id, binding, status);
            CREATE INDEX approvals_by_app_time ON approvals(app_id, created_at);
            CREATE UNIQUE INDEX approvals_one_pending ON approvals(app_id, binding) WHERE status = 'pending';
            CREATE TABLE audit (
                id bigint PRIMARY KEY, at bigint NOT NULL, app_id text NOT NULL, caller text NOT NULL,
                principal text NULL, provider text NOT NULL, operation text NOT NULL, grant_id text NULL,
                method text NOT NULL, host text NOT NULL, status bigint NOT NULL, outcome text NOT NULL,
                latency_ms double precision NOT NULL, refreshed bigint NOT NULL, delegation_id text NULL, tool text NULL,
                approval_id text NULL, seq bigint NULL, mac bytea NULL);
            CREATE INDEX audit_by_app_time ON audit(app_id, at);
            CREATE TABLE audit_counter (last_id bigint NOT NULL);
            INSERT INTO audit_counter VALUES (0);
            CREATE TABLE audit_chain (
                app_id text PRIMARY KEY, key_id text NOT NULL, legacy_max_id bigint NOT NULL, legacy_rows bigint NOT NULL,
                anchor_id bigint NOT NULL, anchor_seq bigint NOT NULL, anchor_mac bytea NOT NULL,
                head_id bigint NOT NULL, head_seq bigint NOT NULL, head_mac bytea NOT NULL, signature bytea NOT NULL);
            CREATE TABLE audit_checkpoints (
                app_id text NOT NULL, seq bigint NOT NULL, row_id bigint NOT NULL, mac bytea NOT NULL, at bigint NOT NULL,
                signature bytea NOT NULL, PRIMARY KEY (app_id, seq));
            """),
    ];

    /// <summary>The version a database has after every step.</summary>
    public static int Latest => Steps[^1].Version;
}
