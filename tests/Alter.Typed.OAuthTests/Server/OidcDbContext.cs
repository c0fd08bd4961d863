using Microsoft.EntityFrameworkCore;

namespace Alter.Typed.OAuthTests.Server;

/// <summary>OpenIddict's store (applications, authorizations, scopes, tokens) on SQLite in memory.</summary>
internal sealed class OidcDbContext(DbContextOptions<OidcDbContext> options) : DbContext(options);
