using System.Net;
using Alter.Typed.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Alter.Typed.Tests.Pipeline;

/// <summary>The credential handler alone, over a stub network: host check, inject, verdict, one refresh, redirects, redaction.</summary>
public sealed class CredentialHandlerTests
{
    private static CredentialHandler Handler(StubCredentials credentials) => new(credentials, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task Injects_the_credential_sends_once_and_takes_it_off_the_request_again()
    {
        var inner = new StubInner((_, _) => Stub.Json(HttpStatusCode.OK, """{"id":1}"""));
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things");

        using var response = await Stub.SendAsync(Handler(new StubCredentials()), inner, request);

        Assert.Equal("Bearer token-1", Assert.Single(inner.Sent).Authorization);
        Assert.Null(request.Headers.Authorization);     // the caller can reach it through response.RequestMessage
        Assert.True(AlterPipeline.ContextOf(request).Verdict is { } verdict && verdict.Ok);
    }

    [Fact]
    public async Task A_host_that_is_not_the_providers_gets_nothing()
    {
        var inner = new StubInner((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        using var request = Stub.Request(HttpMethod.Get, "https://evil.test/things");

        var error = await Assert.ThrowsAsync<HostNotAllowedException>(() => Stub.SendAsync(Handler(new StubCredentials()), inner, request));

        Assert.Equal("evil.test", error.Host);
        Assert.Equal(0, inner.Count);
    }

    [Fact]
    public async Task A_dead_token_is_refreshed_once_and_the_call_resent_with_the_new_one()
    {
        var inner = new StubInner((r, n) => n == 0 ? new HttpResponseMessage(HttpStatusCode.Unauthorized) : Stub.Json(HttpStatusCode.OK, "{}"));
        var credentials = new StubCredentials();
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things");

        using var response = await Stub.SendAsync(Handler(credentials), inner, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], inner.Sent.Select(s => s.Authorization));
        Assert.True(AlterPipeline.ContextOf(request).Refreshed);
        Assert.Equal(0, credentials.ReauthMarks);
    }

    [Fact]
    public async Task A_token_rejected_after_the_refresh_marks_the_grant_for_reauthorization()
    {
        var inner = new StubInner((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var credentials = new StubCredentials();
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things");

        await Assert.ThrowsAsync<ReauthRequiredException>(() => Stub.SendAsync(Handler(credentials), inner, request));

        Assert.Equal(2, inner.Count);                   // once, then once after the refresh: never a third time
        Assert.Equal(1, credentials.ReauthMarks);
        Assert.Equal(401, AlterPipeline.ContextOf(request).FailedStatus);
    }

    [Fact]
    public async Task Slacks_ok_false_is_judged_once_and_handed_on_with_its_code_and_needed_scopes()
    {
        var errors = new ProviderErrorConvention { OkProperty = "ok", CodeProperty = "error" };
        var inner = new StubInner((_, _) => Stub.Json(HttpStatusCode.OK, """{"ok":false,"error":"missing_scope","needed":"chat:write"}"""));
        using var request = Stub.Request(HttpMethod.Post, "https://api.acme.test/chat.postMessage", Stub.Descriptor(errors: errors));

        using var response = await Stub.SendAsync(Handler(new StubCredentials()), inner, request);

        var verdict = Assert.NotNull(AlterPipeline.ContextOf(request).Verdict);
        Assert.False(verdict.Ok);
        Assert.False(verdict.TokenRejected);
        Assert.Equal("missing_scope", verdict.Code);
        Assert.True(verdict.ScopeMissing);
        Assert.Equal(["chat:write"], verdict.Needed);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("query")]
    public async Task An_error_body_that_echoes_the_credential_is_redacted_before_anyone_reads_it(string placementIn)
    {
        var placement = placementIn == "query" ? new TokenPlacement("query", "api_key", "") : new TokenPlacement("header", "X-Api-Key", "");
        var errors = new ProviderErrorConvention { CodeProperty = "error" };
        var inner = new StubInner((_, _) => Stub.Json(HttpStatusCode.BadRequest, """{"error":"bad key token-1","echo":"token-1"}"""));
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things", Stub.Descriptor(placement, errors));

        using var response = await Stub.SendAsync(Handler(new StubCredentials()), inner, request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("token-1", body);
        Assert.Contains("[redacted]", body);
        var verdict = Assert.NotNull(AlterPipeline.ContextOf(request).Verdict);
        Assert.Equal("bad key [redacted]", verdict.Code);
        Assert.DoesNotContain("token-1", request.RequestUri!.ToString());
        Assert.False(request.Headers.Contains("X-Api-Key"));
    }

    [Fact]
    public async Task A_redirect_to_one_of_the_providers_hosts_is_followed_with_the_credential_and_recorded()
    {
        var descriptor = Stub.Descriptor(null, null, "api.acme.test", "files.acme.test");
        var inner = new StubInner((r, n) => n == 0
            ? new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("https://files.acme.test/blob") } }
            : Stub.Json(HttpStatusCode.OK, "{}"));
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things", descriptor);

        using var response = await Stub.SendAsync(Handler(new StubCredentials()), inner, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["https://api.acme.test/things", "https://files.acme.test/blob"], inner.Sent.Select(s => s.Uri.ToString()));
        Assert.All(inner.Sent, s => Assert.Equal("Bearer token-1", s.Authorization));
        var hop = Assert.Single(AlterPipeline.ContextOf(request).Redirects!);
        Assert.Equal(302, hop.Status);
        Assert.Equal(new Uri("https://api.acme.test/things"), request.RequestUri);
    }

    [Fact]
    public async Task A_redirect_to_a_foreign_host_is_not_followed()
    {
        var inner = new StubInner((_, _) => new HttpResponseMessage(HttpStatusCode.TemporaryRedirect) { Headers = { Location = new Uri("https://evil.test/steal") } });
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things");

        var error = await Assert.ThrowsAsync<RedirectNotAllowedException>(() => Stub.SendAsync(Handler(new StubCredentials()), inner, request));

        Assert.Equal("evil.test", error.Host);
        Assert.Equal(307, error.Status);
        Assert.Single(inner.Sent);
        Assert.Null(request.Headers.Authorization);
    }

    [Fact]
    public async Task Redirects_within_the_providers_hosts_are_bounded()
    {
        var inner = new StubInner((_, n) => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri($"https://api.acme.test/loop/{n}") } });
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things");

        using var response = await Stub.SendAsync(Handler(new StubCredentials()), inner, request);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);         // handed back as it is after the bound
        Assert.Equal(CredentialHandler.MaxRedirects + 1, inner.Count);
    }
}
