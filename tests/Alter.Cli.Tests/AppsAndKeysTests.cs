using System.Text.Json;

namespace Alter.Cli.Tests;

public sealed class AppsCommandTests
{
    [Fact]
    public async Task Apps_create_prints_the_app_and_a_duplicate_name_is_refused_without_a_change()
    {
        await using var world = await CliWorld.StartAsync();
        var created = await world.RunAsync("apps", "create", "demo");
        created.AssertOk();
        Assert.Contains("| name    | demo", created.Output, StringComparison.Ordinal);
        Assert.Matches(@"\| id\s+\| app_[0-9a-f]{16}", created.Output);
        Assert.DoesNotContain("\u001b[", created.Output, StringComparison.Ordinal); // no ANSI codes when not a terminal

        var before = world.Snapshot();
        var duplicate = await world.RunAsync("apps", "create", "demo");
        var line = duplicate.AssertOneLineError(ExitCodes.BadInput);
        Assert.Contains("already exists", line, StringComparison.Ordinal);
        Assert.Equal("", duplicate.Output);
        Assert.Equal(before, world.Snapshot());
    }

    [Fact]
    public async Task Apps_list_prints_a_table_json_and_jsonl()
    {
        await using var world = await CliWorld.StartAsync();
        (await world.RunAsync("apps", "list")).AssertOk();
        Assert.Contains("No apps", (await world.RunAsync("apps", "list")).Output, StringComparison.Ordinal);
        Assert.Equal("[]", (await world.RunAsync("apps", "list", "-o", "json")).Output.Trim());

        (await world.RunAsync("apps", "create", "first")).AssertOk();
        (await world.RunAsync("apps", "create", "second")).AssertOk();

        var table = await world.RunAsync("apps", "list");
        table.AssertOk();
        Assert.Matches(@"\| id\s+\| name\s+\| created\s+\|", table.Output);
        Assert.True(table.Output.IndexOf("first", StringComparison.Ordinal) < table.Output.IndexOf("second", StringComparison.Ordinal));

        var json = await world.RunAsync("apps", "list", "--output", "json");
        json.AssertOk();
        var apps = json.Json.EnumerateArray().ToList();
        Assert.Equal(["first", "second"], apps.Select(a => a.GetProperty("name").GetString()));
        Assert.All(apps, a => Assert.StartsWith("app_", a.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.All(apps, a => Assert.True(DateTimeOffset.TryParse(a.GetProperty("createdAt").GetString(), out _)));

        var jsonl = await world.RunAsync("apps", "list", "--output", "jsonl");
        jsonl.AssertOk();
        Assert.Equal(2, jsonl.OutputLines.Length);
        Assert.Equal(["first", "second"], jsonl.OutputLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("name").GetString()));
    }
}

public sealed class KeysCommandTests
{
    [Fact]
    public async Task Keys_mint_list_and_revoke_and_a_revoked_key_is_refused_with_exit_3_and_no_change()
    {
        await using var world = await CliWorld.StartAsync();
        (await world.RunAsync("apps", "create", "demo")).AssertOk();

        var minted = await world.RunAsync("keys", "mint", "demo");
        minted.AssertOk();
        var key = System.Text.RegularExpressions.Regex.Match(minted.Output, @"alter_key_app_[a-z0-9]+_[A-Za-z0-9]+").Value;
        Assert.NotEmpty(key);
        Assert.Contains("not shown again", minted.Output, StringComparison.Ordinal);

        var listed = await world.RunAsync("keys", "list", "demo", "-o", "json");
        listed.AssertOk();
        var row = Assert.Single(listed.Json.EnumerateArray());
        var keyId = row.GetProperty("id").GetString()!;
        Assert.Equal("active", row.GetProperty("status").GetString());
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal); // never the key itself
        Assert.Contains(keyId, key, StringComparison.Ordinal);

        (await world.RunAsync("grants", "list", "--key", key)).AssertOk(); // the key works

        var revoked = await world.RunAsync("keys", "revoke", keyId);
        revoked.AssertOk();
        Assert.Contains("revoked", revoked.Output, StringComparison.Ordinal);
        var table = await world.RunAsync("keys", "list", "demo");
        Assert.Matches(keyId + @"\s+\|\s+demo\s+\|[^|]+\|\s+\d{4}-\d\d-\d\d [\d:]+\s+\|\s+revoked", table.Output);

        var before = world.Snapshot();
        var refused = await world.RunAsync("grants", "list", "--key", key);
        Assert.Contains("revoked", refused.AssertOneLineError(ExitCodes.KeyRefused), StringComparison.Ordinal);
        Assert.Equal("", refused.Output);
        Assert.Equal(before, world.Snapshot());

        var again = await world.RunAsync("keys", "revoke", keyId);
        again.AssertOneLineError(ExitCodes.NotFound);
        Assert.Equal(before, world.Snapshot());
    }

    [Fact]
    public async Task Keys_for_an_unknown_app_and_bad_keys_are_refused_with_one_line()
    {
        await using var world = await CliWorld.StartAsync();
        var key = await world.CreateAppWithKeyAsync();
        var before = world.Snapshot();

        Assert.Contains("No app 'nope'", (await world.RunAsync("keys", "mint", "nope")).AssertOneLineError(ExitCodes.NotFound), StringComparison.Ordinal);
        (await world.RunAsync("keys", "list", "nope")).AssertOneLineError(ExitCodes.NotFound);
        Assert.Contains("malformed", (await world.RunAsync("grants", "list", "--key", "not-a-key")).AssertOneLineError(ExitCodes.KeyRefused), StringComparison.Ordinal);
        Assert.Contains("not known", (await world.RunAsync("audit", "list", "--key", key[..^4] + "AAAA")).AssertOneLineError(ExitCodes.KeyRefused), StringComparison.Ordinal);
        Assert.Equal(before, world.Snapshot());
    }

    [Fact]
    public async Task Keys_revoke_also_takes_the_whole_key()
    {
        await using var world = await CliWorld.StartAsync();
        var key = await world.CreateAppWithKeyAsync();
        (await world.RunAsync("keys", "revoke", key)).AssertOk();
        Assert.Equal("revoked", (await world.RunAsync("keys", "list", "demo", "-o", "json")).Json[0].GetProperty("status").GetString());
        (await world.RunAsync("grants", "list", "--key", key)).AssertOneLineError(ExitCodes.KeyRefused);
    }
}
