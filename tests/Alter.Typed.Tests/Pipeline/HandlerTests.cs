using System.Diagnostics.Metrics;
using System.Net;
using Alter.Typed.Http;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Alter.Typed.Tests.Pipeline;

/// <summary>The other handlers, one at a time, over a stub network.</summary>
public sealed class HandlerTests
{
    private sealed class DenyAll : ICallPolicy
    {
        public CallContext? Seen { get; private set; }

        public ValueTask EvaluateAsync(CallContext context, CancellationToken cancellationToken)
        {
            Seen = context;
            throw new PolicyDeniedException($"{context.Principal} may not call {context.Operation}.", "deny-all");
        }
    }

    [Fact]
    public async Task No_policy_passes_the_call_through()
    {
        var inner = new StubInner((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things");

        using var response = await Stub.SendAsync(new PolicyHandler([]), inner, request);

        Assert.Equal(1, inner.Count);
    }

    [Fact]
    public async Task A_policy_that_denies_stops_the_call_before_anything_is_sent()
    {
        var inner = new StubInner((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        var policy = new DenyAll();
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things");

        var error = await Assert.ThrowsAsync<PolicyDeniedException>(() => Stub.SendAsync(new PolicyHandler([policy]), inner, request));

        Assert.Equal("deny-all", error.Rule);
        Assert.Equal(Stub.Alice, policy.Seen!.Principal);   // the grant was resolved before the policy ran
        Assert.Equal(0, inner.Count);
    }

    private sealed class CountingResolver : ICallContextResolver
    {
        public int Calls { get; private set; }

        public ValueTask ResolveAsync(CallContext context, CancellationToken cancellationToken)
        {
            Calls++;
            if (!context.IsResolved) context.Resolve(Stub.Alice, Stub.Grant(), context.ResolvedProvider);
            return default;
        }
    }

    [Fact]
    public async Task The_context_handler_resolves_the_grant_and_refuses_one_that_needs_reauthorization()
    {
        var inner = new StubInner((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        var resolver = new CountingResolver();
        using (var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things", resolved: false))
        {
            using var response = await Stub.SendAsync(new CallContextHandler(resolver, null), inner, request);
            Assert.Equal("grant_1", AlterPipeline.ContextOf(request).Grant!.Id);
        }
        using (var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things", grant: Stub.Grant(GrantStatus.ReauthRequired)))
            await Assert.ThrowsAsync<ReauthRequiredException>(() => Stub.SendAsync(new CallContextHandler(resolver, null), inner, request));

        Assert.Equal(1, inner.Count);
        Assert.Equal(2, resolver.Calls);
    }

    [Fact]
    public async Task A_request_without_a_call_context_is_refused()
    {
        var inner = new StubInner((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.acme.test/things");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Stub.SendAsync(new CallContextHandler(new CountingResolver(), null), inner, request));
        Assert.Equal(0, inner.Count);
    }

    private static HttpResponseMessage TooMany(int seconds) => new(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(seconds)) } };

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_on_the_options_clock()
    {
        var time = new FakeTimeProvider();
        var inner = new StubInner((_, n) => n == 0 ? TooMany(1) : new HttpResponseMessage(HttpStatusCode.OK));
        using var request = Stub.Request(HttpMethod.Post, "https://api.acme.test/things");

        var pending = Stub.SendAsync(new ResilienceHandler(new AlterOptions { TimeProvider = time }), inner, request);
        // Move the fake clock in steps until the retry went: it waits for the provider's second on that clock, not a real one.
        var advanced = TimeSpan.Zero;
        while (!pending.IsCompleted && advanced < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromMilliseconds(250));
            advanced += TimeSpan.FromMilliseconds(250);
        }
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(advanced >= TimeSpan.FromSeconds(1), $"retried after {advanced} of fake time, before Retry-After");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, inner.Count);
    }

    [Fact]
    public async Task MaxRetries_zero_means_no_retry()
    {
        var inner = new StubInner((_, _) => TooMany(0));
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things");

        using var response = await Stub.SendAsync(new ResilienceHandler(new AlterOptions { MaxRetries = 0 }), inner, request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, inner.Count);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_for_a_GET_and_never_for_a_POST()
    {
        var options = new AlterOptions { MaxRetries = 1, TimeProvider = new InstantTime() };
        var get = new StubInner((_, n) => n == 0 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : new HttpResponseMessage(HttpStatusCode.OK));
        using (var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things"))
        using (var response = await Stub.SendAsync(new ResilienceHandler(options), get, request))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = new StubInner((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using (var request = Stub.Request(HttpMethod.Post, "https://api.acme.test/things"))
        using (var response = await Stub.SendAsync(new ResilienceHandler(options), post, request))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        Assert.Equal(2, get.Count);
        Assert.Equal(1, post.Count);                        // a message is never posted twice
    }

    /// <summary>A clock whose timers fire at once: backoff delays cost nothing in tests.</summary>
    private sealed class InstantTime : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => base.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }

    [Fact]
    public async Task The_audit_handler_writes_a_row_for_a_call_that_went_and_for_one_that_was_refused()
    {
        var audit = new StubAudit();
        var ok = new StubInner((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        using (var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things"))
        using (var response = await Stub.SendAsync(new AuditHandler(audit, TimeProvider.System), ok, request)) { }
        var refusing = new StubInner((r, _) => throw new HostNotAllowedException("no", "evil.test", "acme"));
        using (var request = Stub.Request(HttpMethod.Get, "https://evil.test/things"))
            await Assert.ThrowsAsync<HostNotAllowedException>(() => Stub.SendAsync(new AuditHandler(audit, TimeProvider.System), refusing, request));

        Assert.Equal(["ok", "denied:host_not_allowed"], audit.Rows.Select(r => r.Outcome));
        Assert.All(audit.Rows, r => Assert.Equal(Stub.Alice.Key, r.Principal));
        Assert.Equal([200, 0], audit.Rows.Select(r => r.Status));
    }

    [Fact]
    public async Task A_row_that_cannot_be_written_fails_the_call_with_the_typed_error()
    {
        var audit = new StubAudit { Fail = true };
        HttpResponseMessage? sent = null;
        var inner = new StubInner((_, _) => sent = Stub.Json(HttpStatusCode.OK, "{}"));
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things");

        var error = await Assert.ThrowsAsync<AuditWriteException>(() => Stub.SendAsync(new AuditHandler(audit, TimeProvider.System), inner, request));

        Assert.Contains("provider call happened", error.Message);
        Assert.Throws<ObjectDisposedException>(() => sent!.Content.ReadAsStream());   // the response was disposed
    }

    [Fact]
    public async Task Metric_tags_are_bounded_the_error_code_stays_out_of_them()
    {
        var tags = new List<KeyValuePair<string, object?>>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == AlterTelemetry.Name && instrument.Name == "alter.calls") l.EnableMeasurementEvents(instrument); },
        };
        listener.SetMeasurementEventCallback<long>((_, _, t, _) => { lock (tags) tags.AddRange(t.ToArray()); });
        listener.Start();
        var errors = new ProviderErrorConvention { CodeProperty = "error" };
        var inner = new StubInner((_, _) => Stub.Json(HttpStatusCode.BadRequest, """{"error":"free text 12345 that varies"}"""));
        using var request = Stub.Request(HttpMethod.Get, "https://api.acme.test/things", Stub.Descriptor(errors: errors));
        var pipeline = new AuditHandler(new StubAudit(), TimeProvider.System) { InnerHandler = new CredentialHandler(new StubCredentials(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance) };

        using var response = await Stub.SendAsync(pipeline, inner, request);

        lock (tags)
        {
            Assert.Contains(new KeyValuePair<string, object?>("alter.outcome", "provider_error"), tags);
            Assert.Contains(new KeyValuePair<string, object?>("http.response.status_class", "4xx"), tags);
            Assert.DoesNotContain(tags, t => t.Value is string s && s.Contains("free text", StringComparison.Ordinal));
        }
    }

}

/// <summary>A validator's reason reaches the audit row as a bounded code, whatever the validator put in it.</summary>
public sealed class InvalidUserTokenOutcomeTests
{
    [Theory]
    [InlineData("expired", "denied:invalid_user_token:expired")]
    [InlineData("wrong_audience", "denied:invalid_user_token:wrong_audience")]
    [InlineData("bad sig\r\neyJhbGciOi.x", "denied:invalid_user_token:bad_sig__eyJhbGciOi.x")]
    [InlineData("", "denied:invalid_user_token:unknown")]
    public void The_reason_is_a_short_plain_code(string reason, string outcome)
        => Assert.Equal(outcome, AuditHandler.OutcomeOf(new InvalidUserTokenException("refused", reason)));

    [Fact]
    public void A_long_reason_is_cut_at_64_characters()
        => Assert.Equal("denied:invalid_user_token:" + new string('a', 64), AuditHandler.OutcomeOf(new InvalidUserTokenException("refused", new string('a', 500))));
}

/// <summary>The call context's last line of the ownership rule.</summary>
public sealed class CallContextOwnershipTests
{
    [Fact]
    public void A_context_refuses_a_grant_its_principal_does_not_own()
    {
        var provider = new ResolvedProvider(Stub.Descriptor(), null);
        var context = new CallContext(Stub.App, provider, "grant_1", "things.get", typed: true, principal: Principal.User("https://idp.test/", "mallory"));

        Assert.Throws<InvalidOperationException>(() => context.Resolve(context.Principal!, Stub.Grant(), provider));   // alice's grant

        Assert.Null(context.Grant);
        context.Resolve(Stub.Alice, Stub.Grant(), provider);
        Assert.Equal((Stub.Alice, "grant_1"), (context.Principal, context.Grant!.Id));
    }
}
