global using Alter.Typed.AspNetCore.Tests.Support;
global using Xunit;
global using Alter.Tests.Shared;
