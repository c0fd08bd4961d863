using System.Security.Claims;
using Alter.Typed;

namespace Alter.Typed.AspNetCore;

/// <summary>
/// The portal's settings (<c>services.AddAlterPortal(o => ...)</c>): which store it administers, which providers it knows
/// (to revoke a grant at its provider), and how it names the signed-in person in the audit rows of the changes it makes.
/// </summary>
public sealed class AlterPortalOptions
{
    /// <summary>
    /// The store the portal administers (its database, vault key and clock). Null: the host's <see cref="AlterOptions"/>
    /// (what <c>services.AddAlter()</c> configured), else the defaults (<c>~/.alter/alter.db</c> or <c>ALTER_HOME</c>).
    /// </summary>
    public AlterOptions? Alter { get; set; }

    /// <summary>
    /// The providers the portal knows, for revoking a grant at its provider and for the provider settings form: usually the
    /// generated <c>App.Catalog</c>. Empty: those of the host's registered <see cref="AlterApp"/>, if any; a grant whose
    /// provider is unknown can then only be removed locally.
    /// </summary>
    public IList<ProviderDescriptor> Providers { get; } = [];

    /// <summary>
    /// Who the signed-in person is, as the audit rows of the portal's changes name them (caller <c>portal:&lt;who&gt;</c>).
    /// Default: the user's <see cref="ClaimsIdentity.Name"/>, else its <c>sub</c> or name-identifier claim.
    /// </summary>
    public Func<ClaimsPrincipal, string?> WhoFromUser { get; set; } = DefaultWho;

    /// <summary>The standalone portal's admin key (<see cref="AlterPortalServer"/>): when set, the portal maps its own sign-in pages.</summary>
    internal string? AdminKey { get; set; }

    internal static string? DefaultWho(ClaimsPrincipal user)
        => user.Identity?.Name is { Length: > 0 } name ? name
            : (user.FindFirst("sub") ?? user.FindFirst(ClaimTypes.NameIdentifier))?.Value;
}
