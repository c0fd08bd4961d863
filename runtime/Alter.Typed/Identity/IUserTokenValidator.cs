namespace Alter.Typed;

/// <summary>
/// Turns a user's access token (a JWT from the app's identity provider) into the <see cref="Principal"/> a call acts
/// for. <c>AddAlter().AddJwtPrincipals(...)</c> registers the JWT implementation; a token that does not validate is
/// refused with <see cref="InvalidUserTokenException"/>, never mapped to some other principal.
/// </summary>
public interface IUserTokenValidator
{
    /// <summary>Validates <paramref name="token"/> and returns whom it identifies.</summary>
    /// <exception cref="InvalidUserTokenException">The token is not valid; the message says why, without the token.</exception>
    ValueTask<Principal> ValidateAsync(string token, CancellationToken cancellationToken = default);
}

/// <summary>A user token was refused (bad signature, wrong issuer or audience, expired, ...): no grant was resolved.</summary>
public sealed class InvalidUserTokenException(string message, string reason, Exception? innerException = null) : AlterException(message, innerException)
{
    /// <summary>A short, bounded reason code (<c>expired</c>, <c>bad_signature</c>, <c>wrong_audience</c>, ...), for audit rows and metrics.</summary>
    public string Reason { get; } = reason;
}
