internal static readonly global::Alter.Typed.Generated.OperationDescriptor ReposListIssues = new("demo", "repos.list-issues", global::System.Net.Http.HttpMethod.Get, "repos/{owner}/{repo}/issues", global::Alter.Typed.Generated.BodyKind.None) { Summary = "Lists issues (GitHub-like Link header).", Pagination = global::Alter.Typed.Generated.Pagination.LinkHeader(), Tool = global::Alter.Typed.Generated.OperationTool.For<global::Alter.Typed.Demo.ReposListIssuesRequest, global::System.Collections.Generic.IReadOnlyList<global::Alter.Typed.Demo.Item>>(), ToolQuery = new string[] { "per_page:integer" } };

    /// <summary>The <c>repos</c> operations of Demo.</summary>
    [global::System.CodeDom.Compiler.GeneratedCode("Alter.Typed.Generator", "0.1.0")]
    public sealed partial class DemoReposOperations
    {
        private readonly global::Alter.Typed.Demo.DemoClient _client;

        internal DemoReposOperations(global::Alter.Typed.Demo.DemoClient client) => _client = client;

        /// <summary>Lists issues (GitHub-like Link header).</summary>
        /// <remarks><para>Operation <c>repos.list-issues</c>: <c>GET repos/{owner}/{repo}/issues</c>.</para></remarks>
        /// <param name="owner">The <c>{owner}</c> path parameter.</param>
        /// <param name="repo">The <c>{repo}</c> path parameter.</param>
        /// <param name="request">The optional parameters; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered with an error: its status, error code and body (and a missing scope, when it names one).</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">The call could not be made under this client's grant: none or several match, its host is not allowed, or the token endpoint failed.</exception>
        /// <exception cref="global::System.OperationCanceledException">The call was cancelled, or it timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<global::Alter.Typed.Demo.Item>> ListIssues(string owner, string repo, global::Alter.Typed.Demo.ReposListIssuesRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendAsync<global::Alter.Typed.Demo.ReposListIssuesRequest, global::System.Collections.Generic.IReadOnlyList<global::Alter.Typed.Demo.Item>>(global::Alter.Typed.Demo.DemoOperationDescriptors.ReposListIssues, new global::Alter.Typed.Generated.RequestArguments().Path("owner", owner).Path("repo", repo), request, cancellationToken);

        /// <summary>Every item of every page of <c>repos.list-issues</c> (<see cref="ListIssues"/>), fetched page by page as the caller reads on.</summary>
        /// <remarks>
        /// <para>Pages by the <c>Link</c> header: each next page is its <c>rel="next"</c> URL.</para>
        /// <para>Each page is one call through the credential pipeline, audited like <see cref="ListIssues"/>; the next page is
        /// requested only when the caller moves past the last item of the current one.</para>
        /// <para>A next page on a host that is not the provider's is refused (<see cref="global::Alter.Typed.HostNotAllowedException"/>): the credential is not sent there.</para>
        /// </remarks>
        /// <param name="owner">The <c>{owner}</c> path parameter.</param>
        /// <param name="repo">The <c>{repo}</c> path parameter.</param>
        /// <param name="request">The optional parameters; <see langword="null"/> sends none.</param>
        /// <param name="cancellationToken">Cancels the walk (as <c>WithCancellation</c> does).</param>
        /// <returns>The items (each answer is an array of them), in the provider's order.</returns>
        /// <exception cref="global::Alter.Typed.ProviderApiException">The provider answered a page with an error: its status, error code and body.</exception>
        /// <exception cref="global::Alter.Typed.ReauthRequiredException">The grant no longer works (revoked, or its refresh token expired): connect the user again.</exception>
        /// <exception cref="global::Alter.Typed.AlterException">A page could not be fetched under this client's grant (none or several match, the token endpoint failed), a next page pointed at a host that is not the provider's, or the provider gave a next page it had already given.</exception>
        /// <exception cref="global::System.OperationCanceledException">The walk was cancelled, or a page timed out (<c>AlterOptions.Timeout</c>).</exception>
        public global::System.Collections.Generic.IAsyncEnumerable<global::Alter.Typed.Demo.Item> ListIssuesAll(string owner, string repo, global::Alter.Typed.Demo.ReposListIssuesRequest? request = null, global::System.Threading.CancellationToken cancellationToken = default)
            => _client.SendPagedAsync<global::Alter.Typed.Demo.ReposListIssuesRequest, global::System.Collections.Generic.IReadOnlyList<global::Alter.Typed.Demo.Item>, global::Alter.Typed.Demo.Item>(global::Alter.Typed.Demo.DemoOperationDescriptors.ReposListIssues, new global::Alter.Typed.Generated.RequestArguments().Path("owner", owner).Path("repo", repo), request, static page => page, cancellationToken);
    }
