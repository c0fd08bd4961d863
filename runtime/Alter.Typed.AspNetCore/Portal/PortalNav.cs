namespace Alter.Typed.AspNetCore.Portal;

/// <summary>One entry of the nav: its route segment under <c>/apps/{app}/</c> and its label.</summary>
internal sealed record PortalSection(string Segment, string Label);

/// <summary>
/// The nav of an app's pages, in order. A new page is one entry here, one component under Components/Pages and one
/// endpoint under Endpoints (mapped in <see cref="Microsoft.AspNetCore.Builder.AlterPortalEndpoints"/>).
/// </summary>
internal static class PortalNav
{
    public static readonly IReadOnlyList<PortalSection> AppSections =
    [
        new("keys", "API keys"),
        new("providers", "Providers"),
        new("grants", "Grants"),
        new("users", "Users"),
        new("agents", "Agents"),
        new("delegations", "Delegations"),
        new("approvals", "Approvals"),
        new("audit", "Audit log"),
    ];

    public static bool IsSection(string? segment) => segment is not null && AppSections.Any(s => s.Segment == segment);
}
