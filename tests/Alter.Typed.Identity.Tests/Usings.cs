global using Alter.Typed.Identity.Tests.Support;
global using Microsoft.Extensions.Time.Testing;
global using Xunit;
