using System.Net;
using Alter.Sandbox;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>A token endpoint that is down is retried with backoff, within a bound; the grant survives the outage.</summary>
public class TokenEndpointOutageTests
{
    /// <summary>The store these tests run on (a derived class runs them on PostgreSQL: Postgres/StoreSuiteOnPostgreSql.cs).</summary>
    protected virtual TestStore Store => TestStore.Sqlite;

    [Theory]
    [InlineData(2, true, false)]    // two 503s, then the endpoint is back: the call succeeds
    [InlineData(99, false, false)]  // down for good: a typed error after the bound, and the grant is still usable later
    [InlineData(2, true, true)]     // two timeouts (the token client's own), then an answer
    [InlineData(99, false, true)]   // never answering in time: the same bound, the same intact grant
    public async Task Refresh_during_an_outage(int failures, bool succeeds, bool timeouts)
    {
        await using var world = await TestWorld.StartAsync(Store);
        var outage = new TokenEndpointOutage(world.Sandbox.Provider("slack").TokenUrl, failures) { TimesOut = timeouts };
        world.Options.PrimaryHandler = outage;
        world.Options.OpenBrowser = SandboxBrowser.OpenAsync;
        await using var app = world.OpenApp();
        outage.Armed = false;
        await app.Connect(["slack"]);
        outage.Armed = true;
        world.Sandbox.State.ExpireAccessTokens("slack");

        if (succeeds)
        {
            Assert.True((await app.Slack.Auth.Test()).Ok);
            Assert.Equal(3, outage.TokenAttempts);
            Assert.Equal(1, world.Sandbox.State.RefreshRequests("slack"));
        }
        else
        {
            var error = await Assert.ThrowsAsync<TokenRefreshException>(() => app.Slack.Auth.Test());
            Assert.Contains("try again later", error.Message);
            Assert.Equal(3, outage.TokenAttempts);                                       // first try + 2 backoff retries
            Assert.Equal(GrantStatus.Active, app.ListGrants("slack")[0].Status);        // an outage is not a dead grant
            outage.Armed = false;
            Assert.True((await app.Slack.Auth.Test()).Ok);
        }
    }

    /// <summary>
    /// Answers 503 for the first <c>failures</c> token requests while armed (or, with <see cref="TimesOut"/>, fails them
    /// as the token client's own timeout does, without waiting its 100 s); everything else reaches the sandbox.
    /// </summary>
    private sealed class TokenEndpointOutage(string tokenUrl, int failures) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _failed;
        public bool Armed { get; set; } = true;
        public bool TimesOut { get; init; }
        public int TokenAttempts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Armed && request.RequestUri!.ToString() == tokenUrl)
            {
                Interlocked.Increment(ref TokenAttempts);
                var failing = Interlocked.Increment(ref _failed) <= failures;
                if (failing && TimesOut)
                    return Task.FromException<HttpResponseMessage>(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException()));
                if (failing)
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Content = new StringContent("upstream down") });
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
