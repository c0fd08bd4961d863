using System.Security.Claims;
using Alter.Typed.AspNetCore;

namespace Alter.Typed.AspNetCore.Tests;

/// <summary>The default mapping from the request's authenticated user to the principal that owns grants.</summary>
public sealed class AlterClaimsTests
{
    private static ClaimsPrincipal User(params Claim[] claims) => new(new ClaimsIdentity(claims, authenticationType: "test"));

    [Fact]
    public void Subject_and_its_token_issuer_make_the_user()
    {
        // Cookie after OpenID Connect, MapInboundClaims off: "sub", with the id_token's iss as the claim's issuer.
        Assert.Equal(Principal.User("https://idp.example/", "alice"), AlterClaims.ToPrincipal(User(new Claim("sub", "alice", null, "https://idp.example/"))));
        // JwtBearer with its default mapping: "sub" became NameIdentifier; an "iss" claim, when present, wins.
        Assert.Equal(Principal.User("https://other.example/", "bob"), AlterClaims.ToPrincipal(User(
            new Claim(ClaimTypes.NameIdentifier, "bob", null, "https://idp.example/"), new Claim("iss", "https://other.example/"))));
    }

    [Fact]
    public void No_usable_user_is_null_never_a_guess()
    {
        Assert.Null(AlterClaims.ToPrincipal(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "alice", null, "https://idp.example/")]))));   // not authenticated
        Assert.Null(AlterClaims.ToPrincipal(User(new Claim("name", "Alice", null, "https://idp.example/"))));                                          // no subject
        Assert.Null(AlterClaims.ToPrincipal(User(new Claim("sub", "alice"))));                                                                         // issued by the app itself (LOCAL AUTHORITY)
        Assert.Null(AlterClaims.ToPrincipal(User(new Claim("sub", "al\nice", null, "https://idp.example/"))));                                        // not a valid subject
    }
}
