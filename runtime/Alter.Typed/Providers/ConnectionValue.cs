namespace Alter.Typed;

/// <summary>
/// A value a provider's URLs need per connection (a tenant, a subdomain, a shop name), written <c>{name}</c> in
/// the description's URLs and given at Connect. Values are checked against <see cref="Pattern"/> so that a hostile
/// value cannot move a URL, and with it a token, to another host.
/// </summary>
/// <param name="Name">The placeholder name, for example <c>subdomain</c>.</param>
/// <param name="Description">What the value is and where to find it.</param>
/// <param name="Pattern">A regular expression the whole value must match; default: a DNS label (letters, digits, hyphens).</param>
public sealed record ConnectionValue(string Name, string Description, string? Pattern = null)
{
    /// <summary>The default pattern: one DNS label.</summary>
    public const string DnsLabel = "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$";
}
