using System.Collections.Concurrent;

namespace Alter.Typed.OAuthTests.Server;

/// <summary>What reached the authorization server, counted before OpenIddict looked at it (refused requests count too).</summary>
internal sealed class ServerCounters
{
    private int _tokenRequests, _codeExchanges, _refreshRequests, _revocationRequests, _authorizeRequests, _apiRequests;

    /// <summary>Every POST to the token endpoint.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Token requests with <c>grant_type=authorization_code</c>.</summary>
    public int CodeExchanges => Volatile.Read(ref _codeExchanges);

    /// <summary>Token requests with <c>grant_type=refresh_token</c>.</summary>
    public int RefreshRequests => Volatile.Read(ref _refreshRequests);

    /// <summary>Requests to the revocation endpoint.</summary>
    public int RevocationRequests => Volatile.Read(ref _revocationRequests);

    /// <summary>Requests to the authorization endpoint.</summary>
    public int AuthorizeRequests => Volatile.Read(ref _authorizeRequests);

    /// <summary>Requests to the protected API (<c>/api/...</c>), accepted or not.</summary>
    public int ApiRequests => Volatile.Read(ref _apiRequests);

    /// <summary>The User-Agent of each authorization request (tells a real browser from the stand-in).</summary>
    public ConcurrentQueue<string> AuthorizeUserAgents { get; } = new();

    public void CountToken(string? grantType)
    {
        Interlocked.Increment(ref _tokenRequests);
        if (grantType == "authorization_code") Interlocked.Increment(ref _codeExchanges);
        else if (grantType == "refresh_token") Interlocked.Increment(ref _refreshRequests);
    }

    public void CountRevocation() => Interlocked.Increment(ref _revocationRequests);

    public void CountAuthorize(string userAgent)
    {
        Interlocked.Increment(ref _authorizeRequests);
        AuthorizeUserAgents.Enqueue(userAgent);
    }

    public void CountApi() => Interlocked.Increment(ref _apiRequests);
}
