global using Alter.Typed.Portal.Tests.Support;
global using Xunit;
