using System.Globalization;
using Alter.Typed.AspNetCore.Portal.Audit;
using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Typed.AspNetCore.Portal.Endpoints;

/// <summary>The model of <see cref="AuditPage"/>: one page of rows (newest first), the filter, the chart and the choices of the selects.</summary>
internal sealed record AuditModel(IReadOnlyList<AuditRecord> Rows, AuditFilter Filter, string Chart, IReadOnlyList<string> Providers,
    IReadOnlyList<AgentInfo> Agents, IReadOnlyList<Principal> Users, long? NextBeforeId);

/// <summary>The model of <see cref="AuditRowPage"/>: one row and the agent it names, if any.</summary>
internal sealed record AuditRowModel(AuditRecord Row, AgentInfo? Agent);

/// <summary>
/// An app's audit log: <c>GET audit?…</c> (filters: time, user, agent, provider, operation, status, decision; pages of
/// <see cref="AuditFilter.PageSize"/> rows; the latency chart of the page), <c>GET audit/{id}</c> (one row), <c>GET audit/verify</c> (the tamper-evident chain checked, <see cref="AlterAdmin.VerifyAudit"/>),
/// <c>GET audit/export?format=csv|jsonl&amp;…</c> (CSV when no format is given) (every row the filters keep, streamed). Reading changes nothing, so
/// nothing here is audited.
/// </summary>
internal static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/audit", async (PortalRequest portal, HttpContext http, CancellationToken cancellationToken) =>
        {
            await using var opened = portal.OpenApp();
            var agents = opened.Agents.List();
            var (filter, error) = AuditFilter.Parse(http.Request.Query);
            IReadOnlyList<AuditRecord> rows = [];
            if (error is null)
            {
                var query = filter.ToQuery(agents) with { Limit = AuditFilter.PageSize + 1 };
                rows = await opened.Audit(query, cancellationToken).ConfigureAwait(false);
            }
            var next = rows.Count > AuditFilter.PageSize ? rows[AuditFilter.PageSize - 1].Id : (long?)null;
            if (next is not null) rows = [.. rows.Take(AuditFilter.PageSize)];
            var providers = portal.Store.Providers.Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
            var users = opened.Users.List().Select(u => u.Principal).ToList();
            return portal.Page<AuditPage>("Audit log", "audit", new AuditModel(rows, filter, LatencyChart.Render(rows), providers, agents, users, next),
                error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, error);
        });

        app.MapGet("/audit/export", async (PortalRequest portal, HttpContext http, CancellationToken cancellationToken) =>
        {
            var format = http.Request.Query["format"].ToString() switch
            {
                "csv" or "" => AuditExportFormat.Csv,
                "jsonl" => AuditExportFormat.JsonLines,
                var other => throw new AlterException($"Unknown export format '{other}': use csv or jsonl."),
            };
            await using var opened = portal.OpenApp();
            var (filter, error) = AuditFilter.Parse(http.Request.Query);
            if (error is not null) throw new AlterException(error);
            var query = filter.ToQuery(opened.Agents.List());
            var name = $"audit-{portal.App!.Name}-{portal.Store.AlterOptions.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            http.Response.ContentType = format == AuditExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{SafeFileName(name)}.{(format == AuditExportFormat.Csv ? "csv" : "jsonl")}\"";
            http.Response.Headers.CacheControl = "no-store";
            await AuditExport.WriteAsync(http.Response.Body, format, query,
                page => opened.Audit(page, cancellationToken), cancellationToken).ConfigureAwait(false);
            return Results.Empty;
        });

        // Recomputes the app's whole chain (about a second per 100,000 rows): on request, not on every view.
        app.MapGet("/audit/verify", (PortalRequest portal)
            => portal.Page<AuditVerifyPage>("Audit chain", "audit", portal.Store.Admin.VerifyAudit(portal.App!.Id)));

        app.MapGet("/audit/{id:long}", async (PortalRequest portal, long id, CancellationToken cancellationToken) =>
        {
            await using var opened = portal.OpenApp();
            var rows = await opened.Audit(new AuditQuery { BeforeId = id + 1, Limit = 1 }, cancellationToken).ConfigureAwait(false);
            var row = rows.Count == 1 && rows[0].Id == id ? rows[0] : throw new AlterException($"The app '{portal.App!.Name}' has no audit row {id}.");
            var agent = Principal.FromKey(row.Caller) is null ? opened.Agents.List().FirstOrDefault(a => Principal.Agent(a.Id).ToString() == row.Caller) : null;
            return portal.Page<AuditRowPage>($"Audit row {id}", "audit", new AuditRowModel(row, agent));
        });
    }

    /// <summary>Letters, digits, <c>-</c>, <c>_</c> and <c>.</c> only: an app name never breaks the header.</summary>
    private static string SafeFileName(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
}
