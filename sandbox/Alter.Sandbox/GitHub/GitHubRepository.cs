namespace Alter.Sandbox.GitHub;

/// <summary>A repository label.</summary>
internal sealed record GitHubLabel(long Id, string Name, string Color, string? Description, bool Default);

/// <summary>An issue; immutable, the repository swaps whole records.</summary>
internal sealed record GitHubIssue(
    int Number,
    string Title,
    string? Body,
    string State,
    IReadOnlyList<GitHubLabel> Labels,
    IReadOnlyList<string> Assignees,
    string Author,
    int Comments,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt)
{
    public long Id => 2_000_000_000L + Number;
}

/// <summary>The sandbox's one repository, <c>octo-sandbox/hello-world</c>, seeded with five open issues. Thread-safe.</summary>
internal sealed class GitHubRepository
{
    public const string Owner = "octo-sandbox";
    public const string Name = "hello-world";
    public const string FullName = Owner + "/" + Name;
    public const long RepositoryId = 1296269;

    /// <summary>The users the sandbox knows: the authenticated user first, then the collaborators.</summary>
    public static readonly IReadOnlyDictionary<string, long> Users =
        new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase) { [Owner] = 1, ["monalisa"] = 2, ["hubot"] = 3 };

    private readonly Lock _gate = new();
    private readonly Dictionary<string, GitHubLabel> _labels = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<GitHubIssue> _issues = [];

    public GitHubRepository()
    {
        AddLabel("bug", "d73a4a", "Something isn't working");
        AddLabel("documentation", "0075ca", "Improvements or additions to documentation");
        AddLabel("enhancement", "a2eeef", "New feature or request");
        AddLabel("good first issue", "7057ff", "Good for newcomers");

        Seed("Found a bug", "I'm having a problem with this.", ["bug"], [], "monalisa", 2, "2024-01-15T09:12:44Z");
        Seed("Add dark mode to the settings page", "It would be great to have a dark theme.", ["enhancement"], [], "hubot", 0, "2024-02-03T16:40:02Z");
        Seed("Typo in README", "\"recieve\" should be \"receive\".", ["documentation", "good first issue"], [], "monalisa", 1, "2024-03-21T11:05:19Z");
        Seed("Crash when the access token expires", "The client should refresh the token and retry once.", ["bug"], [Owner], Owner, 3, "2024-04-08T08:30:00Z");
        Seed("Support pagination in list calls", null, ["enhancement"], [Owner, "hubot"], Owner, 1, "2024-05-27T14:22:51Z");
    }

    public static bool Matches(string owner, string repo) =>
        string.Equals(owner, Owner, StringComparison.OrdinalIgnoreCase) && string.Equals(repo, Name, StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<GitHubIssue> Issues()
    {
        lock (_gate) return _issues.ToArray();
    }

    public GitHubIssue? Find(int number)
    {
        lock (_gate) return _issues.FirstOrDefault(i => i.Number == number);
    }

    /// <summary>Creates an issue; unknown label names create labels, as GitHub does.</summary>
    public GitHubIssue Create(string title, string? body, IEnumerable<string> labels, IEnumerable<string> assignees, string author, DateTimeOffset now)
    {
        lock (_gate)
        {
            var issue = new GitHubIssue(
                _issues.Count + 1, title, body, "open",
                labels.Distinct(StringComparer.OrdinalIgnoreCase).Select(n => _labels.TryGetValue(n, out var l) ? l : AddLabel(n, "ededed", null, isDefault: false)).ToList(),
                assignees.Select(a => Users.Keys.First(k => string.Equals(k, a, StringComparison.OrdinalIgnoreCase))).Distinct().ToList(),
                author, 0, now, now, null);
            _issues.Add(issue);
            return issue;
        }
    }

    private GitHubLabel AddLabel(string name, string color, string? description, bool isDefault = true)
    {
        var label = new GitHubLabel(208045946 + _labels.Count, name, color, description, isDefault);
        _labels[name] = label;
        return label;
    }

    private void Seed(string title, string? body, string[] labels, string[] assignees, string author, int comments, string created)
    {
        var at = DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture);
        var issue = Create(title, body, labels, assignees, author, at);
        _issues[^1] = issue with { Comments = comments, UpdatedAt = at.AddHours(comments * 5 + 1) };
    }
}
