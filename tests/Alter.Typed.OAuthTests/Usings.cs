global using Alter.Typed.OAuthTests.Server;
global using Alter.Typed.OAuthTests.Support;
global using Xunit;
