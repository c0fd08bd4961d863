using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Alter.Typed.OAuthTests.Server;

/// <summary>
/// OpenIddict matches redirect URIs exactly. A native app's loopback listener gets an ephemeral port per Connect, and
/// RFC 8252 §7.3 says the server "MUST allow any port to be specified at the time of the request for loopback IP
/// redirect URIs". This manager adds that rule: a registered <c>http://127.0.0.1/path</c> (or <c>http://[::1]/path</c>)
/// matches the same scheme, IP literal, path and query on any port. Everything else still matches exactly.
/// The token endpoint is unaffected: there OpenIddict compares the redirect_uri with the one the code was issued for.
/// </summary>
internal sealed class LoopbackRedirectApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    public override async ValueTask<bool> ValidateRedirectUriAsync(TApplication application, string uri, CancellationToken cancellationToken = default)
    {
        if (await base.ValidateRedirectUriAsync(application, uri, cancellationToken).ConfigureAwait(false)) return true;
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var requested) || !IsLoopbackLiteral(requested)) return false;

        foreach (var registered in await GetRedirectUrisAsync(application, cancellationToken).ConfigureAwait(false))
        {
            if (Uri.TryCreate(registered, UriKind.Absolute, out var candidate) && IsLoopbackLiteral(candidate)
                && string.Equals(candidate.Host, requested.Host, StringComparison.OrdinalIgnoreCase)
                && string.Equals(candidate.AbsolutePath, requested.AbsolutePath, StringComparison.Ordinal)
                && string.Equals(candidate.Query, requested.Query, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>http on an IP literal of the loopback interface (RFC 8252 §8.3: not "localhost").</summary>
    private static bool IsLoopbackLiteral(Uri uri)
        => uri.Scheme == Uri.UriSchemeHttp && uri.Fragment.Length == 0
            && uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
}
