using Microsoft.EntityFrameworkCore;

namespace WebApp.Issuer;

/// <summary>OpenIddict's store (applications, authorizations, tokens) on SQLite in memory: the issuer forgets everything on exit.</summary>
internal sealed class IssuerDb(DbContextOptions<IssuerDb> options) : DbContext(options);
