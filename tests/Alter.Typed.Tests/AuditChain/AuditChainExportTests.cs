using Alter.Typed.Audit;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using Xunit;

namespace Alter.Typed.Tests.AuditChain;

/// <summary>
/// Audit rows exported as OpenTelemetry logs (<see cref="AlterOptions.ExportAuditToLogs"/>), through a real
/// OpenTelemetry LoggerProvider and its in-memory exporter: one record per committed row, on the <c>Alter.Typed.Audit</c>
/// category, the row's columns, id and chain MAC as attributes, and never a token.
/// </summary>
public sealed class AuditChainExportTests
{
    [Fact]
    public async Task Each_call_s_row_is_exported_once_with_its_id_and_MAC_and_no_token()
    {
        await using var world = await TestWorld.StartAsync();
        var exported = new List<LogRecord>();
        using var otel = LoggerFactory.Create(b => b.AddOpenTelemetry(o => o.AddInMemoryExporter(exported)));
        world.Options.LoggerFactory = otel;
        world.Options.ExportAuditToLogs = true;

        await using (var app = world.OpenApp())
        {
            var grantId = (await app.Connect(["slack"]))[0].GrantId;
            await app.Slack.WithGrant(grantId).Chat.PostMessage(new() { Channel = "#general", Text = "exported" });
        }

        var records = exported.Where(r => r.CategoryName == AuditLogExport.Category).ToList();
        var call = Assert.Single(records, r => Attribute(r, "Operation") as string == "chat.postMessage");
        Assert.Equal((950, "AuditRow", LogLevel.Information), (call.EventId.Id, call.EventId.Name, call.LogLevel));
        Assert.Equal("slack", Attribute(call, "Provider"));
        Assert.Equal(200, Attribute(call, "Status"));
        var id = (long)Attribute(call, "AuditId")!;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={world.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var mac = connection.CreateCommand();
            mac.CommandText = $"SELECT mac FROM audit WHERE id = {id}";
            Assert.Equal(Convert.ToHexStringLower((byte[])mac.ExecuteScalar()!), Attribute(call, "Mac"));
        }
        Assert.Equal(records.Count, records.Select(r => Attribute(r, "AuditId")).Distinct().Count()); // once each

        var text = string.Join('\n', records.SelectMany(r => r.Attributes!.Select(a => a.Value?.ToString())));
        Assert.All(world.SecretsSeen(), secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        Assert.True(AlterAdmin.Open(world.Options).VerifyAudit("tests").Intact);
    }

    [Fact]
    public async Task Nothing_is_exported_unless_asked()
    {
        await using var world = await TestWorld.StartAsync();
        var exported = new List<LogRecord>();
        using var otel = LoggerFactory.Create(b => b.AddOpenTelemetry(o => o.AddInMemoryExporter(exported)));
        world.Options.LoggerFactory = otel;

        await using (var app = world.OpenApp())
        {
            var grantId = (await app.Connect(["slack"]))[0].GrantId;
            await app.Slack.WithGrant(grantId).Chat.PostMessage(new() { Channel = "#general", Text = "not exported" });
        }

        Assert.DoesNotContain(exported, r => r.CategoryName == AuditLogExport.Category);
    }

    private static object? Attribute(LogRecord record, string key) => record.Attributes!.FirstOrDefault(a => a.Key == key).Value;
}
