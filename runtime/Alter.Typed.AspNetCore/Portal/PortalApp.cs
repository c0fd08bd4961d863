using Alter.Typed;

namespace Alter.Typed.AspNetCore.Portal;

/// <summary>
/// One app of the store opened for the portal's signed-in administrator, without the app's key: the same
/// <see cref="AlterApp"/> methods the CLI uses with the key (grants, users, agents, delegations, approvals), with audit rows
/// whose caller is <c>portal:&lt;who&gt;</c>. Opened per request and disposed with it (that writes its audit rows).
/// </summary>
internal sealed class PortalApp(AppInfo app, string caller, AlterOptions options, IReadOnlyList<ProviderDescriptor> providers)
    : AlterApp(app, caller, options, providers);
