using Microsoft.AspNetCore.Http;

namespace Alter.Typed.AspNetCore.Portal;

/// <summary>The portal's one stylesheet, embedded in the assembly and served by the portal itself (no CDN).</summary>
internal static class PortalAssets
{
    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = typeof(PortalAssets).Assembly.GetManifestResourceStream("Alter.Typed.AspNetCore.Portal.portal.css")
            ?? throw new InvalidOperationException("The portal's stylesheet is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IResult Stylesheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.File(Css.Value, "text/css; charset=utf-8");
    }
}
