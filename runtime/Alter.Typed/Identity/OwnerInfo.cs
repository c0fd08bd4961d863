namespace Alter.Typed;

/// <summary>One owner of grants in this app (a user, the app itself, an agent), as <c>app.Users.List()</c> shows it. Holds no secret.</summary>
/// <param name="Principal">The owner.</param>
/// <param name="Grants">How many grants it owns.</param>
/// <param name="FirstConnected">When its oldest grant was connected.</param>
/// <param name="LastUpdated">When one of its grants last changed.</param>
public sealed record OwnerInfo(Principal Principal, int Grants, DateTimeOffset FirstConnected, DateTimeOffset LastUpdated);
