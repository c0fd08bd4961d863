global using Alter.Typed.AspNetCore.Tests.Support;
global using Xunit;
