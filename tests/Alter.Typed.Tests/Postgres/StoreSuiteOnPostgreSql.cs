namespace Alter.Typed.Tests.Postgres;

// The store suite on the shared store: each class below runs every test of its base class, unchanged, against a fresh
// database on the test PostgreSQL server (tests/Shared/Postgres) instead of a SQLite file. Same assertions, other store.

/// <summary>Refresh (single, on expiry, rotated token across a restart, revoked, no refresh token) on PostgreSQL.</summary>
public sealed class RefreshTestsOnPostgreSql : RefreshTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}

/// <summary>Grant ownership, tried as an attacker would, on PostgreSQL.</summary>
public sealed class OwnershipTestsOnPostgreSql : OwnershipTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}

/// <summary>Delegations from users to agents on PostgreSQL.</summary>
public sealed class DelegationTestsOnPostgreSql : Delegations.DelegationTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}

/// <summary>The quickstart's flow (connect, call, audit, grants) on PostgreSQL.</summary>
public sealed class QuickstartFlowTestsOnPostgreSql : QuickstartFlowTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}

/// <summary>A token endpoint that fails (500s, timeouts): bounded retries, grant intact, on PostgreSQL.</summary>
public sealed class TokenEndpointOutageTestsOnPostgreSql : TokenEndpointOutageTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}

/// <summary>Human approvals bound to exact calls on PostgreSQL.</summary>
public sealed class ApprovalSandboxTestsOnPostgreSql : Policy.ApprovalSandboxTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}

/// <summary>Agents and their keys (only hashes stored: checked in every table's rows) on PostgreSQL.</summary>
public sealed class AgentTestsOnPostgreSql : AgentTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}

/// <summary>App keys (only hashes stored), bad and revoked keys, on PostgreSQL.</summary>
public sealed class ApiKeyTestsOnPostgreSql : ApiKeyTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}

/// <summary>Revocation at the provider and static credentials (sealed, never stored in clear) on PostgreSQL.</summary>
public sealed class RevocationAndCredentialTestsOnPostgreSql : RevocationAndCredentialTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}

/// <summary>The refresh lease held until the rotated tokens are stored, on PostgreSQL.</summary>
public sealed class RefreshLeaseTestsOnPostgreSql : RefreshLeaseTests
{
    protected override TestStore Store => TestStore.PostgreSql;
}
