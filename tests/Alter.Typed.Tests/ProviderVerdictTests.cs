using System.Net;
using System.Text;
using Alter.Typed.Http;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// The verdict on a provider's answer, read against its error convention: a code found at a dotted path in nested
/// objects (Google's <c>error.status</c>, Graph's <c>error.code</c>), numbers and booleans read as their JSON text
/// (Zoom's <c>124</c>), no code when the path is missing or the body is not JSON, top-level codes as before, and a
/// success answer judged without touching its body.
/// </summary>
public sealed class ProviderVerdictTests
{
    private const string GoogleUnauthenticated = """
        {"error":{"code":401,"message":"Request had invalid authentication credentials.","errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError","location":"Authorization","locationType":"header"}],"status":"UNAUTHENTICATED"}}
        """;

    [Theory]
    [InlineData("error.status", "UNAUTHENTICATED")]   // Google: the canonical code, after a number and an array
    [InlineData("error.message", "Request had invalid authentication credentials.")]
    [InlineData("error.code", "401")]                  // a nested number: its JSON text
    public async Task A_dotted_path_reads_the_nested_value(string path, string expected)
    {
        var verdict = await ReadAsync(HttpStatusCode.Unauthorized, GoogleUnauthenticated, new() { CodeProperty = path });

        Assert.False(verdict.Ok);
        Assert.Equal(expected, verdict.Code);
        Assert.True(verdict.TokenRejected);   // reauthStatus 401, as before
    }

    [Fact]
    public async Task Graph_error_code_is_read_and_matches_a_reauth_code_without_the_status()
    {
        const string body = """{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid.","innerError":{"date":"2024-05-02T08:00:00","request-id":"5b1d3c2e","client-request-id":"5b1d3c2e"}}}""";
        var errors = new ProviderErrorConvention { CodeProperty = "error.code", ReauthCodes = ["InvalidAuthenticationToken"], ReauthStatus = [] };

        var verdict = await ReadAsync(HttpStatusCode.Unauthorized, body, errors);

        Assert.Equal("InvalidAuthenticationToken", verdict.Code);
        Assert.True(verdict.TokenRejected);   // by the nested code alone: reauthStatus is empty here
    }

    [Fact]
    public async Task A_three_segment_path_descends_past_sibling_objects_and_arrays()
    {
        const string body = """{"meta":{"error":{"detail":{"code":"decoy"}}},"error":[1,{"a":2}],"result":{"items":[],"error":{"detail":{"code":"E_DEEP"}}}}""";

        var verdict = await ReadAsync(HttpStatusCode.BadRequest, body, new() { CodeProperty = "result.error.detail.code" });

        Assert.Equal("E_DEEP", verdict.Code);
    }

    [Theory]
    [InlineData("""{"code":124,"message":"Access token is expired."}""", "124")]   // Zoom
    [InlineData("""{"code":-32600}""", "-32600")]
    [InlineData("""{"code":4.5e2}""", "4.5e2")]                                    // the JSON text as written
    [InlineData("""{"code":true}""", "true")]
    [InlineData("""{"code":false}""", "false")]
    public async Task A_top_level_number_or_boolean_is_read_as_its_json_text(string body, string expected)
    {
        var verdict = await ReadAsync(HttpStatusCode.BadRequest, body, new() { CodeProperty = "code" });

        Assert.Equal(expected, verdict.Code);
    }

    [Fact]
    public async Task A_numeric_reauth_code_rejects_the_token_whatever_the_status()
    {
        var errors = new ProviderErrorConvention { CodeProperty = "code", ReauthCodes = ["124"], ReauthStatus = [] };

        var expired = await ReadAsync(HttpStatusCode.BadRequest, """{"code":124,"message":"Access token is expired."}""", errors);
        var notFound = await ReadAsync(HttpStatusCode.NotFound, """{"code":3001,"message":"Meeting does not exist: 1."}""", errors);

        Assert.Equal(("124", true), (expired.Code, expired.TokenRejected));
        Assert.Equal(("3001", false), (notFound.Code, notFound.TokenRejected));
    }

    [Fact]
    public async Task Facebook_code_190_on_a_400_means_the_token_is_dead()
    {
        // Meta's Graph API answers an expired or invalid token with HTTP 400 and error.code 190 (OAuthException).
        const string expired = """{"error":{"message":"Error validating access token: Session has expired on Monday, 03-Jun-24 10:00:00 PDT.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"EJplcsCHuLu"}}""";
        const string missing = """{"error":{"message":"(#803) Some of the aliases you requested do not exist: nobody","type":"OAuthException","code":803,"fbtrace_id":"EJplcsCHuLu"}}""";
        var errors = new ProviderErrorConvention { CodeProperty = "error.code", ReauthCodes = ["190"], ReauthStatus = [401] };

        var dead = await ReadAsync(HttpStatusCode.BadRequest, expired, errors);
        var notFound = await ReadAsync(HttpStatusCode.NotFound, missing, errors);

        Assert.Equal(("190", true), (dead.Code, dead.TokenRejected));
        Assert.Equal(("803", false), (notFound.Code, notFound.TokenRejected));
    }

    [Fact]
    public async Task Power_BI_error_code_is_read_before_its_nested_namesake()
    {
        const string body = """{"error":{"code":"PowerBIEntityNotFound","pbi.error":{"code":"PowerBIEntityNotFound","parameters":{},"details":[],"exceptionCulprit":1}}}""";

        var verdict = await ReadAsync(HttpStatusCode.NotFound, body, new() { CodeProperty = "error.code" });

        Assert.Equal("PowerBIEntityNotFound", verdict.Code);
    }

    [Theory]
    [InlineData("""{"error":{"code":401,"message":"Invalid Credentials"}}""")]   // Google's older shape: no status
    [InlineData("""{"error":"invalid_grant","error_description":"Bad Request"}""")] // the path runs into a string
    [InlineData("""{"error":{"status":{"value":"UNAUTHENTICATED"}}}""")]          // ends at an object
    [InlineData("""{"error":{"status":["UNAUTHENTICATED"]}}""")]                  // ends at an array
    [InlineData("""{"error":{"status":null}}""")]
    [InlineData("""{"status":"UNAUTHENTICATED"}""")]                              // only the last segment, at the top
    [InlineData("""{"errors":[{"status":"UNAUTHENTICATED"}]}""")]
    [InlineData("""[{"error":{"status":"UNAUTHENTICATED"}}]""")]                  // not an object at the top
    [InlineData("")]
    public async Task A_missing_path_gives_no_code(string body)
    {
        var verdict = await ReadAsync(HttpStatusCode.Unauthorized, body, new() { CodeProperty = "error.status" });

        Assert.False(verdict.Ok);
        Assert.Null(verdict.Code);
        Assert.True(verdict.TokenRejected);   // the status still decides
    }

    [Fact]
    public async Task A_top_level_name_is_not_searched_for_in_nested_objects()
    {
        var verdict = await ReadAsync(HttpStatusCode.Unauthorized, GoogleUnauthenticated, new() { CodeProperty = "status" });

        Assert.Null(verdict.Code);
    }

    [Theory]
    [InlineData("text/html", "<html><body>502 Bad Gateway</body></html>")]
    [InlineData("text/plain", """{"error":{"status":"UNAUTHENTICATED"}}""")]   // JSON text, but not labelled JSON
    [InlineData("application/json", "<html><body>502 Bad Gateway</body></html>")]
    [InlineData("application/json", """{"error":{"status":"UNAUTHENTI""")]      // cut short
    public async Task A_body_that_is_not_json_gives_no_code(string mediaType, string body)
    {
        var verdict = await ReadAsync(HttpStatusCode.BadGateway, body, new() { CodeProperty = "error.status", ReauthStatus = [401] }, mediaType);

        Assert.Equal((false, null, false), (verdict.Ok, verdict.Code, verdict.TokenRejected));
    }

    [Fact]
    public async Task An_escaped_property_name_matches_its_segment()
    {
        const string body = """{"err\u006fr":{"st\u0061tus":"NOT_FOUND"}}""";

        var verdict = await ReadAsync(HttpStatusCode.NotFound, body, new() { CodeProperty = "error.status" });

        Assert.Equal("NOT_FOUND", verdict.Code);
    }

    [Fact]
    public async Task Top_level_codes_read_as_before()
    {
        var slack = new ProviderErrorConvention { OkProperty = "ok", CodeProperty = "error", ReauthCodes = ["invalid_auth"] };
        var github = new ProviderErrorConvention { CodeProperty = "message" };

        var slackFailed = await ReadAsync(HttpStatusCode.OK, """{"ok":false,"error":"invalid_auth"}""", slack);
        var slackOk = await ReadAsync(HttpStatusCode.OK, """{"ok":true,"error":"ignored on success","channel":"C1"}""", slack);
        var slackLateOk = await ReadAsync(HttpStatusCode.OK, """{"warning":"superfluous_charset","response_metadata":{"warnings":["superfluous_charset"]},"ok":true}""", slack);
        var githubFailed = await ReadAsync(HttpStatusCode.NotFound, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""", github);

        Assert.Equal((false, "invalid_auth", true), (slackFailed.Ok, slackFailed.Code, slackFailed.TokenRejected));
        Assert.Equal((true, null, false), (slackOk.Ok, slackOk.Code, slackOk.TokenRejected));
        Assert.Equal((true, null, false), (slackLateOk.Ok, slackLateOk.Code, slackLateOk.TokenRejected));
        Assert.Equal((false, "Not Found", false), (githubFailed.Ok, githubFailed.Code, githubFailed.TokenRejected));
    }

    [Fact]
    public async Task A_success_without_an_ok_property_is_judged_without_reading_the_body()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new UnreadableContent() };

        var pending = ProviderVerdict.ReadAsync(response, new ProviderErrorConvention { CodeProperty = "error.status" }, CancellationToken.None);

        Assert.True(pending.IsCompletedSuccessfully);   // no async frame, no buffering
        var verdict = await pending;
        Assert.Equal((true, null, false), (verdict.Ok, verdict.Code, verdict.TokenRejected));
    }

    private static async Task<ProviderVerdict.Verdict> ReadAsync(HttpStatusCode status, string body, ProviderErrorConvention errors, string mediaType = "application/json")
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        var verdict = await ProviderVerdict.ReadAsync(response, errors, CancellationToken.None);
        // The caller still reads the whole body afterwards (for ProviderApiException.Body).
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        return verdict;
    }

    /// <summary>A JSON body that fails the test if anything tries to read it.</summary>
    private sealed class UnreadableContent : HttpContent
    {
        public UnreadableContent() => Headers.ContentType = new("application/json");

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            => throw new InvalidOperationException("The body of a success answer was read.");

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
