namespace Alter.Typed.OAuthTests.Support;

/// <summary>
/// The app under test. The generated <c>App</c> only knows catalog providers; the runtime takes any
/// <see cref="ProviderDescriptor"/>, so the tests describe the OpenIddict server as provider <c>oidc</c>.
/// </summary>
internal sealed class TestApp(string apiKey, AlterOptions options, ProviderDescriptor provider) : AlterApp(apiKey, options, [provider]);
