namespace Alter.Typed.Generator.Model
{
    /// <summary>
    /// Everything needed to emit one provider's source, fully resolved (names, types, docs), with value
    /// equality and no positions: moving text around in the description leaves it equal, so no re-emit.
    /// </summary>
    internal sealed record ProviderModel(
        string SourcePath,
        string Id,
        string Name,
        string PascalName,
        string? Description,
        string? DocsUrl,
        AuthModel Auth,
        ApiModel Api,
        ErrorsModel? Errors,
        EquatableArray<GroupModel> Groups,
        EquatableArray<ClassModel> Classes,
        EquatableArray<ConnectionValueModel> ConnectionValues)
    {
        public string Namespace => "Alter.Typed." + PascalName;

        public string ProviderClassName => PascalName + "Provider";

        /// <summary>The public class of operation-id constants (<c>SlackOperations.ChatPostMessage</c>), for access policies.</summary>
        public string OperationsClassName => PascalName + "Operations";

        /// <summary>The internal class of operation descriptors the generated methods send with.</summary>
        public string DescriptorsClassName => PascalName + "OperationDescriptors";

        public string ClientClassName => PascalName + "Client";
    }

    /// <summary>A per-connection value the provider's URLs need (<c>{subdomain}</c>).</summary>
    internal sealed record ConnectionValueModel(string Name, string Description, string? Pattern);

    /// <summary>A string pair (headers, authorization parameters), in description order.</summary>
    internal sealed record KeyValue(string Key, string Value);

    /// <summary>The <c>auth</c> section; null members were absent from the description (the runtime default applies).</summary>
    internal sealed record AuthModel(
        string Kind,
        string? AuthorizationUrl,
        string? TokenUrl,
        string? RevocationUrl,
        string? RevocationStyle,
        string? ScopeSeparator,
        bool? Pkce,
        EquatableArray<string>? DefaultScopes,
        string? ClientAuthentication,
        TokenPlacementModel? Token,
        EquatableArray<KeyValue>? AuthorizationParameters,
        string? UserScopeParameter,
        string? RefreshUrl = null);

    internal sealed record TokenPlacementModel(string In, string Name, string Prefix);

    /// <summary>The <c>api</c> section.</summary>
    internal sealed record ApiModel(
        string BaseUrl,
        EquatableArray<string> AllowedHosts,
        string? JsonNaming,
        EquatableArray<KeyValue>? Headers);

    /// <summary>The <c>errors</c> section.</summary>
    internal sealed record ErrorsModel(
        string? OkProperty,
        string? CodeProperty,
        EquatableArray<string>? ReauthCodes,
        EquatableArray<int>? ReauthStatus);
}
