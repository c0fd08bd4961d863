using Microsoft.Playwright;

namespace Alter.Typed.AspNetCore.Tests.Support;

/// <summary>
/// Shared by the web Connect tests (one collection, so they run one after another): one test host, one Chromium, and
/// alice and bob signed in once, each in a browser context of their own.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    internal TestWebHost Host { get; private set; } = null!;
    internal Chromium Chromium { get; private set; } = null!;
    internal IPage Alice { get; private set; } = null!;
    internal IPage Bob { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Chromium = await Chromium.LaunchAsync();
        Host = await TestWebHost.StartAsync();
        Alice = await Chromium.SignInAsync(Host.BaseUri, "alice");
        Bob = await Chromium.SignInAsync(Host.BaseUri, "bob");
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        if (Host is not null) await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
