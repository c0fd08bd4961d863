using System.Net;
using System.Text.Json;
using Alter.Typed.AspNetCore.Portal.Audit;

namespace Alter.Typed.Portal.Tests;

/// <summary>The audit view's filters and export over a real store, and the export's cell encoding.</summary>
public sealed class AuditViewTests
{
    [Fact]
    public async Task The_view_filters_by_decision_and_provider_and_the_export_holds_exactly_the_filtered_rows()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var audit = PortalEndpointList.Fill("/apps/{app}/audit", world);
        var all = await world.App.Audit(new AuditQuery { Limit = 1000 });
        var connected = all.Where(r => r.Outcome == "connected").ToList();
        Assert.NotEmpty(connected);

        var page = await client.GetStringAsync(audit + "?provider=slack&operation=connect");
        foreach (var row in all)
            Assert.Equal(connected.Contains(row), page.Contains($"audit/{row.Id}\"", StringComparison.Ordinal));

        using var jsonl = await client.GetAsync(audit + "/export?format=jsonl&provider=slack&operation=connect");
        Assert.Equal(HttpStatusCode.OK, jsonl.StatusCode);
        Assert.StartsWith("attachment; filename=\"audit-acme-", jsonl.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var lines = (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(connected.Select(r => r.Id), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()));

        var csv = (await client.GetStringAsync(audit + "/export?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,at,caller,principal,provider,operation", csv[0], StringComparison.Ordinal);
        Assert.Equal(all.Count + 1, csv.Length);
    }

    [Fact]
    public async Task A_filter_that_cannot_be_read_is_a_400_page_that_says_which()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var audit = PortalEndpointList.Fill("/apps/{app}/audit", world);
        using var response = await client.GetAsync(audit + "?status=abc&since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be a UTC time", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var user = await client.GetAsync(audit + "?user=%3Cscript%3E");
        var html = await user.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);   // echoed back encoded only
    }

    [Fact]
    public async Task The_chain_page_says_intact_then_names_the_row_an_attacker_edited_in_the_file()
    {
        await using var world = await PortalWorld.StartAsync();
        using var client = await world.SignInAsync();
        var verify = PortalEndpointList.Fill("/apps/{app}/audit/verify", world);
        Assert.Contains("id=\"chain-intact\"", await client.GetStringAsync(verify), StringComparison.Ordinal);

        var victim = (await world.App.Audit(new AuditQuery { Outcome = "connected" }))[0].Id;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={world.Options.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var edit = connection.CreateCommand();
            edit.CommandText = $"UPDATE audit SET outcome = 'revoked' WHERE id = {victim}";
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        var page = await client.GetStringAsync(verify);
        Assert.Contains("id=\"chain-broken\"", page, StringComparison.Ordinal);
        Assert.Contains($"audit/{victim}\">{victim}</a>", page, StringComparison.Ordinal);
        Assert.Contains("Edited", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-2", "-2")]
    public void A_csv_cell_is_quoted_as_RFC_4180_says_and_a_formula_is_defused(string operation, string expected)
    {
        var row = new AuditRecord(DateTimeOffset.UnixEpoch, "app", null, "slack", operation, null, "GET", "h", 200, "ok", 1.5, false) { Id = 7 };
        var cells = AuditExport.CsvLine(row);
        Assert.Equal($"7,1970-01-01T00:00:00.000Z,app,,slack,{expected},,GET,h,200,ok,1.5,false,,,\r\n", cells);
    }

    [Fact]
    public void The_chart_encodes_nothing_it_did_not_draw()
    {
        var rows = new[]
        {
            new AuditRecord(DateTimeOffset.UnixEpoch, "<b>", null, "slack", "<script>", null, "GET", "h", 200, "<i>", 12, false) { Id = 1 },
            new AuditRecord(DateTimeOffset.UnixEpoch.AddSeconds(5), "app", null, "slack", "x", null, "GET", "h", 0, "denied:policy:no_rule", 3, false) { Id = 2 },
        };
        var svg = LatencyChart.Render(rows);
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", svg, StringComparison.Ordinal);
        Assert.Equal(2, svg.Split("<circle", StringSplitOptions.None).Length - 1);
        Assert.Equal(20, LatencyChart.NiceCeiling(12));
        Assert.Equal("", LatencyChart.Render([]));
    }
}
