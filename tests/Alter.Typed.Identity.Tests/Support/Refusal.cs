namespace Alter.Typed.Identity.Tests.Support;

internal static class Refusal
{
    /// <summary>
    /// Asserts that <paramref name="token"/> is refused with <paramref name="reason"/>, with a message that holds no part of
    /// the token and no inner exception (whose message could).
    /// </summary>
    public static async Task<InvalidUserTokenException> AssertRefusedAsync(this JwtUserTokenValidator validator, string token, string reason)
    {
        var refused = await Assert.ThrowsAsync<InvalidUserTokenException>(async () => await validator.ValidateUserAsync(token));
        Assert.Equal(reason, refused.Reason);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        if (token.Length > 0) Assert.DoesNotContain(token, refused.Message, StringComparison.Ordinal);
        foreach (var part in token.Split('.').Where(p => p.Length >= 16))
            Assert.DoesNotContain(part, refused.Message, StringComparison.Ordinal);
        Assert.Null(refused.InnerException);
        // The interface method refuses the same way.
        var again = await Assert.ThrowsAsync<InvalidUserTokenException>(async () => await validator.ValidateAsync(token));
        Assert.Equal(reason, again.Reason);
        return refused;
    }
}
