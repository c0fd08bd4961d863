using Alter.Typed.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Alter.Typed.Tests.Pipeline;

/// <summary><c>services.AddAlter().AddHttpMessageHandler&lt;T&gt;()</c>: a handler from the container joins the app's pipeline.</summary>
public sealed class DependencyInjectionHandlerTests
{
    private sealed class Recorder
    {
        public List<(string Operation, bool SawCredential)> Seen { get; } = [];
    }

    private sealed class RecordingHandler(Recorder recorder) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (recorder.Seen) recorder.Seen.Add((AlterPipeline.ContextOf(request).Operation, request.Headers.Authorization is not null));
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task A_handler_added_to_the_builder_sees_every_call_and_no_credential_and_redirects_stay_off()
    {
        await using var world = await TestWorld.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Alter:ApiKey"] = world.ApiKey }).Build());
        services.AddSingleton<Recorder>();
        services.AddTransient<RecordingHandler>();
        var builder = services.AddAlter(o =>
        {
            o.DatabasePath = world.Options.DatabasePath;
            o.VaultKey = world.Options.VaultKey;
            o.OpenBrowser = world.Options.OpenBrowser;
            foreach (var (id, settings) in world.Options.Providers) o.Providers[id] = settings;
        }).AddHttpMessageHandler<RecordingHandler>();
        Assert.Same(services, builder.Services);
        await using var provider = services.BuildServiceProvider();
        var app = provider.GetRequiredService<App>();
        await app.Connect(["slack"]);

        await provider.GetRequiredService<Alter.Typed.Slack.SlackClient>().Auth.Test();

        Assert.Equal([("auth.test", false)], provider.GetRequiredService<Recorder>().Seen);
        var handler = provider.GetRequiredService<IOptions<AlterOptions>>().Value.PrimaryHandler;
        while (handler is DelegatingHandler { InnerHandler: { } inner }) handler = inner;
        Assert.False(Assert.IsType<SocketsHttpHandler>(handler).AllowAutoRedirect);
    }
}
