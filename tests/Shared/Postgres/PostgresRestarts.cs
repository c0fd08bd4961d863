using Xunit;

namespace Alter.Tests.Shared.Postgres;

/// <summary>
/// The collection for tests that restart or kill the shared test server: they run alone, after the parallel tests, so
/// no other test sees its connections broken by them. Every such test class takes <c>[Collection(PostgresRestarts.Name)]</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresRestarts
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PostgreSQL restarts";
}
