namespace Alter.Typed.Generator.Naming
{
    /// <summary>
    /// Names generated members must not take. The generator never looks at the compilation, so the members of
    /// the runtime's base classes are listed here: keep them in step with runtime/Alter.Typed.
    /// </summary>
    internal static class ReservedNames
    {
        /// <summary>Members every class inherits from <c>object</c>: a property or method with one of these names would hide it.</summary>
        public static readonly string[] ObjectMembers =
        {
            "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize",
        };

        /// <summary>Members of <c>ProviderClient</c> (and the generated client's own): group properties avoid them.</summary>
        public static readonly string[] ClientMembers =
        {
            "App", "Descriptor", "GrantId", "SendAsync", "SendNoContentAsync", "SendPagedAsync", "WithGrant", "ForUser", "WithAccount", "Principal", "Account", "WithDelegation", "DelegationId",
        };

        /// <summary>
        /// Public and protected members of <c>AlterApp</c> (checked against the runtime by a test), and a few likely
        /// additions: an App property for a provider with one of these names gets the suffix <c>Client</c>.
        /// </summary>
        public static readonly string[] AppMembers =
        {
            "Info", "Providers", "Catalog", "Connect", "ListGrants", "GetGrant", "RevokeGrant", "SaveCredential", "RemoveGrant", "Request", "Audit",
            "Dispose", "DisposeAsync", "Grants", "Options", "Sender", "Vault", "Users", "WebConnect", "Agent", "Agents", "Delegations", "Approvals",
            // Extension methods of the optional packages (Alter.Typed.AI): an App property of the same name would hide them.
            "Tools", "McpTools",
        };

        /// <summary>
        /// Types of the runtime's <c>Alter.Typed</c> namespace, its <c>Alter.Typed.Generated</c> namespace (generator-facing
        /// types) and the generated <c>App</c>: a provider namespace
        /// <c>Alter.Typed.&lt;Name&gt;</c> with one of these names would conflict with the type.
        /// </summary>
        public static readonly string[] RuntimeTypes =
        {
            "AccessPolicy", "AccessPolicyBuilder", "App", "AlterAdmin", "AlterApp", "AlterException", "AlterOptions", "AmbiguousGrantException", "ApiKeyException",
            "ApiKeyInfo", "AppInfo", "AuditBreak", "AuditBreakKind", "AuditMode", "AuditPruneResult", "AuditQuery", "AuditRecord", "AuditVerification", "AuditWriteException", "AuthKind", "BodyKind", "ClientAuthentication",
            "AlterUsers", "ConnectException", "ConnectionValue", "ConnectOptions", "ConnectRequiredException", "ConnectResult",
            "ConnectSession", "FilePart", "Generated", "GrantInfo", "GrantNotFoundException", "GrantStatus",
            "HostNotAllowedException", "IAlterMultipartRequest", "IAlterRequest", "InvalidUserTokenException",
            "IUserTokenValidator", "JwtPrincipalOptions", "JwtUserTokenValidator", "MintedApiKey", "MultipartParts",
            "OperationDescriptor", "OperationSender", "OwnerInfo", "PolicyDeniedException", "PolicyRules", "Principal", "PrincipalKind",
            "ProviderApi", "ProviderApiException", "ProviderAuth", "ProviderClient", "ProviderDescriptor",
            "ProviderErrorConvention", "ProviderSettings", "RawBody", "ReauthRequiredException", "RedirectNotAllowedException",
            "RequestArguments", "RevocationFailedException", "RevocationStyle", "StoredProviderSettings", "StoreUnavailableException", "AlterPostgreSqlExtensions", "TimeWindow", "TokenPlacement",
            "TokenRefreshException", "UserRemoval", "ValidatedUserToken", "Verdict", "WebConnect", "WebConnectException",
            "WebConnectOptions", "WebConnectRefusal", "WebConnectResult",
            "AgentAccessException", "AgentDetails", "AgentInfo", "AgentKeyInfo", "AlterAgents", "ApiKeyRefusal", "CreatedAgent", "MintedAgentKey",
            "AlterDelegations", "Delegation", "DelegationException", "DelegationRefusal",
            "AlterApprovals", "ApprovalInfo", "ApprovalStatus", "ApprovalPendingException", "ApprovalDeniedException", "ApprovalStateException",
            "OperationTool",
            // The optional packages' namespaces (Alter.Typed.AI, Alter.Typed.AspNetCore): a provider namespace must not take them.
            "AI", "AspNetCore",
        };
    }
}
