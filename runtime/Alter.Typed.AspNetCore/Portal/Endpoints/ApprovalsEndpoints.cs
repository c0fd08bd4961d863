using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Alter.Typed.AspNetCore.Portal.Endpoints;

/// <summary>The model of <see cref="ApprovalsPage"/>: the calls waiting for a person.</summary>
internal sealed record ApprovalsModel(IReadOnlyList<ApprovalInfo> Pending);

/// <summary>
/// Calls a policy holds for a human (<see cref="AlterApp.Approvals"/>, as <c>alter approvals</c>): <c>GET approvals</c>
/// (pending), <c>POST approvals/{approval}/approve</c>, <c>POST approvals/{approval}/deny</c> (optional reason). The
/// decision names <c>portal:&lt;who&gt;</c> as who decided.
/// </summary>
internal static class ApprovalsEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/approvals", async (PortalRequest portal) =>
        {
            await using var opened = portal.OpenApp();
            return portal.Page<ApprovalsPage>("Approvals", "approvals", new ApprovalsModel(opened.Approvals.List(ApprovalStatus.Pending)));
        });

        app.MapPost("/approvals/{approval}/approve", async (PortalRequest portal, string approval) =>
        {
            await using var opened = portal.OpenApp();
            var decided = opened.Approvals.Approve(approval, portal.Caller);
            portal.Audit(opened, "portal.approvals.approve", decided.Principal, decided.Provider, decided.GrantId, approvalId: decided.Id);
            return portal.Done(portal.AppUrl("approvals"), "approval-approved");
        });

        app.MapPost("/approvals/{approval}/deny", async (PortalRequest portal, string approval, [FromForm(Name = "reason")] string? reason) =>
        {
            await using var opened = portal.OpenApp();
            var decided = opened.Approvals.Deny(approval, portal.Caller, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
            portal.Audit(opened, "portal.approvals.deny", decided.Principal, decided.Provider, decided.GrantId, approvalId: decided.Id);
            return portal.Done(portal.AppUrl("approvals"), "approval-denied");
        });
    }
}
