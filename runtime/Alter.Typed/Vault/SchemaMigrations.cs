namespace Alter.Typed.Vault;

/// <summary>One step of the store's schema: the SQL that takes a database from <c>Version - 1</c> to <see cref="Version"/>.</summary>
internal sealed record SchemaStep(int Version, string What, string Sql);

/// <summary>
/// The store's schema as one ordered list of steps, keyed on SQLite's <c>user_version</c>. A fresh install runs every
/// step from 1; an older database runs the steps after its version. Each step is written once, here, and never edited
/// after it shipped: a change of schema is a new step at the end.
/// </summary>
internal static class SchemaMigrations
{
    public static readonly IReadOnlyList<SchemaStep> Steps =
    [
        new(1, "apps, API key hashes, grants, encrypted tokens and the audit log", """
            CREATE TABLE IF NOT EXISTS apps (
                id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS api_keys (
                id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), hash BLOB NOT NULL,
                created_at INTEGER NOT NULL, revoked_at INTEGER NULL);
            CREATE TABLE IF NOT EXISTS grants (
                id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), provider TEXT NOT NULL,
                principal TEXT NOT NULL, account TEXT NULL, scopes TEXT NOT NULL, status TEXT NOT NULL,
                created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS grants_by_app_provider ON grants(app_id, provider);
            CREATE TABLE IF NOT EXISTS tokens (
                grant_id TEXT PRIMARY KEY REFERENCES grants(id) ON DELETE CASCADE, envelope BLOB NOT NULL,
                expires_at INTEGER NULL, version INTEGER NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, app_id TEXT NOT NULL, caller TEXT NOT NULL,
                principal TEXT NULL, provider TEXT NOT NULL, operation TEXT NOT NULL, grant_id TEXT NULL,
                method TEXT NOT NULL, host TEXT NOT NULL, status INTEGER NOT NULL, outcome TEXT NOT NULL,
                latency_ms REAL NOT NULL, refreshed INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_by_app_time ON audit(app_id, at);
            """),
        new(2, "a cross-process refresh lease on the token row", """
            ALTER TABLE tokens ADD COLUMN refresh_lease_until INTEGER NULL;
            """),
        new(3, "per-connection values of a grant ({subdomain} and the like)", """
            ALTER TABLE grants ADD COLUMN connection TEXT NULL;
            """),
        new(4, "provider settings (an app's OAuth client, its sealed secret, endpoint overrides)", """
            CREATE TABLE IF NOT EXISTS provider_settings (
                app_id TEXT NOT NULL REFERENCES apps(id), provider TEXT NOT NULL, client_id TEXT NULL, secret_envelope BLOB NULL,
                overrides TEXT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (app_id, provider));
            """),
        // The old free-text principal (an OS user name, any label) proved nothing about who may use a grant: existing
        // grants become the app's own (system) grants, the owner a call must match. The principal column keeps its old
        // label for existing rows (no data lost); new rows write the owner key there too.
        // 'app:9:alter:app' || app_id is Principal.ForApp(app_id).Key (kind, issuer length, issuer, subject).
        new(5, "grant owners (a user, the app, an agent): existing grants become the app's", """
            ALTER TABLE grants ADD COLUMN owner TEXT NOT NULL DEFAULT '';
            UPDATE grants SET owner = 'app:9:alter:app' || app_id;
            CREATE INDEX IF NOT EXISTS grants_by_owner ON grants(app_id, owner, provider);
            """),
        new(6, "web Connect: pending authorization states (hashed, single use, PKCE verifier sealed) and connect sessions (hashed)", """
            CREATE TABLE IF NOT EXISTS connect_states (
                state_hash TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), provider TEXT NOT NULL, owner TEXT NOT NULL,
                redirect_uri TEXT NOT NULL, return_url TEXT NULL, scopes TEXT NULL, user_scopes TEXT NULL, connection TEXT NULL,
                pkce INTEGER NOT NULL, verifier_envelope BLOB NULL, binding_hash TEXT NULL,
                created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, consumed_at INTEGER NULL);
            CREATE INDEX IF NOT EXISTS connect_states_by_expiry ON connect_states(expires_at);
            CREATE TABLE IF NOT EXISTS connect_sessions (
                token_hash TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), owner TEXT NOT NULL, providers TEXT NOT NULL,
                return_origin TEXT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
            """),
        // An agent belongs to one app; its keys are stored as hashes only, like the app's. A deprecated key keeps working
        // until expires_at (its grace), a revoked one stops at once; both are re-checked per interval while an app runs.
        new(7, "agents (an app's AI workloads) and their API key hashes (deprecation grace, revocation)", """
            CREATE TABLE IF NOT EXISTS agents (
                id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), name TEXT NOT NULL, created_at INTEGER NOT NULL,
                UNIQUE (app_id, name));
            CREATE TABLE IF NOT EXISTS agent_keys (
                id TEXT PRIMARY KEY, agent_id TEXT NOT NULL REFERENCES agents(id), hash BLOB NOT NULL, created_at INTEGER NOT NULL,
                deprecated_at INTEGER NULL, expires_at INTEGER NULL, revoked_at INTEGER NULL);
            CREATE INDEX IF NOT EXISTS agent_keys_by_agent ON agent_keys(agent_id);
            """),
        // An agent acting for a user names both (caller, principal); these say through which delegation, and which AI tool
        // a model invoked. Null for every older row and every call without them.
        new(8, "audit rows name the delegation an agent acted through and the AI tool a model invoked", """
            ALTER TABLE audit ADD COLUMN delegation_id TEXT NULL;
            ALTER TABLE audit ADD COLUMN tool TEXT NULL;
            """),
        // An agent's access policy, as JSON (Alter.Typed.Agents.StoredPolicy, versioned, unknown members refused). Null for every
        // existing agent: an agent without a policy is denied everything until one is set (fail closed).
        new(9, "an agent's stored access policy (JSON; none denies everything)", """
            ALTER TABLE agents ADD COLUMN policy TEXT NULL;
            """),
        // A user lends one grant to one agent of the same app, until expires_at (required) or a revocation; operations
        // (a JSON array of operation globs, null for all) narrows what the agent may do with it. user_key is the user's
        // Principal.Key, the grant's owner when the delegation was made; every call rechecks all of it.
        new(10, "delegations: a user's grant lent to an agent, with an expiry, optional narrower operations and revocation", """
            CREATE TABLE IF NOT EXISTS delegations (
                id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), agent_id TEXT NOT NULL, user_key TEXT NOT NULL,
                grant_id TEXT NOT NULL, operations TEXT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
                revoked_at INTEGER NULL);
            CREATE INDEX IF NOT EXISTS delegations_by_agent ON delegations(app_id, agent_id);
            CREATE INDEX IF NOT EXISTS delegations_by_user ON delegations(app_id, user_key);
            """),
        // A human approval of one exact call. The binding is a SHA-256 over who calls, for whom, under which grant, and the
        // exact request (method, URL, content type, headers, body): a changed argument has another binding. Pending rows
        // show the human a preview (never a credential); at most one pending row per binding (the partial unique index);
        // an approved row is used by one call (consumed_at set by one UPDATE ... WHERE consumed_at IS NULL).
        new(11, "approvals: calls that need a human approval, bound to their exact arguments; audit rows name the approval", """
            CREATE TABLE IF NOT EXISTS approvals (
                id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), caller TEXT NOT NULL, principal TEXT NOT NULL,
                grant_id TEXT NULL, provider TEXT NOT NULL, operation TEXT NOT NULL, binding TEXT NOT NULL,
                method TEXT NOT NULL, url TEXT NOT NULL, content_type TEXT NULL, body_preview TEXT NULL, body_length INTEGER NOT NULL,
                status TEXT NOT NULL, reason TEXT NULL, created_at INTEGER NOT NULL, decided_at INTEGER NULL, decided_by TEXT NULL,
                expires_at INTEGER NOT NULL, consumed_at INTEGER NULL);
            CREATE INDEX IF NOT EXISTS approvals_by_binding ON approvals(app_id, binding, status);
            CREATE INDEX IF NOT EXISTS approvals_by_app_time ON approvals(app_id, created_at);
            CREATE UNIQUE INDEX IF NOT EXISTS approvals_one_pending ON approvals(app_id, binding) WHERE status = 'pending';
            ALTER TABLE audit ADD COLUMN approval_id TEXT NULL;
            """),
        // The tamper-evident audit chain (Audit/AuditLog.Chain.cs). Each new row gets its app's next sequence number and
        // mac = HMAC-SHA256(k_chain, previous mac || canonical row); audit_chain holds each app's signed head (where the
        // chain starts, where it ends, and the rows from before it), audit_checkpoints a signed checkpoint every N rows.
        // Existing rows are not hashed here (SQL has no key): they stay NULL and the app's first chained row records them
        // as "written before the chain" (largest id and count, signed), which retention may later delete.
        // audit_chain is WITHOUT ROWID: its row is rewritten by every audit commit, and one B-tree is one page less per commit.
        new(12, "the audit chain: a sequence number and a keyed MAC per row, each app's signed head and signed checkpoints", """
            ALTER TABLE audit ADD COLUMN seq INTEGER NULL;
            ALTER TABLE audit ADD COLUMN mac BLOB NULL;
            CREATE TABLE IF NOT EXISTS audit_chain (
                app_id TEXT PRIMARY KEY, key_id TEXT NOT NULL, legacy_max_id INTEGER NOT NULL, legacy_rows INTEGER NOT NULL,
                anchor_id INTEGER NOT NULL, anchor_seq INTEGER NOT NULL, anchor_mac BLOB NOT NULL,
                head_id INTEGER NOT NULL, head_seq INTEGER NOT NULL, head_mac BLOB NOT NULL, signature BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS audit_checkpoints (
                app_id TEXT NOT NULL, seq INTEGER NOT NULL, row_id INTEGER NOT NULL, mac BLOB NOT NULL, at INTEGER NOT NULL,
                signature BLOB NOT NULL, PRIMARY KEY (app_id, seq));
            """),
    ];

    /// <summary>The version a database has after every step.</summary>
    public static int Latest => Steps[^1].Version;
}
