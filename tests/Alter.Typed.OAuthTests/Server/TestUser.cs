namespace Alter.Typed.OAuthTests.Server;

/// <summary>The one person the authorization server knows; its authorize endpoint signs them in without asking.</summary>
internal static class TestUser
{
    public const string Subject = "test-user-42";
    public const string Name = "Ada Tester";

    /// <summary>A scope the server knows but the test user always refuses: asking for it gets <c>error=access_denied</c>.</summary>
    public const string RefusedScope = "admin";
}
