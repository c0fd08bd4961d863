using System.ComponentModel;
using System.Globalization;

namespace Alter.Typed.Generated;

/// <summary>
/// The path, query and header parameters of one call. Generated methods pass their required
/// parameters here; request objects add their optional ones. Values are formatted with the invariant culture.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RequestArguments
{
    private List<KeyValuePair<string, string>>? _path;
    private List<KeyValuePair<string, string>>? _query;
    private List<KeyValuePair<string, string>>? _headers;

    internal IReadOnlyList<KeyValuePair<string, string>> PathValues => (IReadOnlyList<KeyValuePair<string, string>>?)_path ?? [];
    internal IReadOnlyList<KeyValuePair<string, string>> QueryValues => (IReadOnlyList<KeyValuePair<string, string>>?)_query ?? [];
    /// <summary>True when nothing was written (the request carried no non-body parameter).</summary>
    internal bool IsEmpty => _path is null && _query is null && _headers is null;

    internal IReadOnlyList<KeyValuePair<string, string>> HeaderValues => (IReadOnlyList<KeyValuePair<string, string>>?)_headers ?? [];

    /// <summary>A copy with the same values (the page walker sends each page with its own, as request objects write into it).</summary>
    internal RequestArguments Copy() => new()
    {
        _path = _path is null ? null : [.. _path],
        _query = _query is null ? null : [.. _query],
        _headers = _headers is null ? null : [.. _headers],
    };

    /// <summary>Replaces every value of a query parameter with <paramref name="value"/> (the next page's cursor or offset).</summary>
    internal void SetQuery(string name, string value)
    {
        _query?.RemoveAll(pair => pair.Key == name);
        (_query ??= []).Add(new(name, value));
    }

    /// <summary>Sets the value of the <c>{name}</c> placeholder in the operation's path.</summary>
    public RequestArguments Path(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        (_path ??= []).Add(new(name, value));
        return this;
    }

    /// <summary>Sets a numeric path placeholder.</summary>
    public RequestArguments Path(string name, long value) => Path(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Sets a numeric path placeholder.</summary>
    public RequestArguments Path(string name, double value) => Path(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Sets a boolean path placeholder (<c>true</c>/<c>false</c>).</summary>
    public RequestArguments Path(string name, bool value) => Path(name, value ? "true" : "false");

    /// <summary>Adds a query parameter; <see langword="null"/> leaves it out.</summary>
    public RequestArguments Query(string name, string? value)
    {
        if (value is not null) (_query ??= []).Add(new(name, value));
        return this;
    }

    /// <summary>Adds a boolean query parameter (<c>true</c>/<c>false</c>); <see langword="null"/> leaves it out.</summary>
    public RequestArguments Query(string name, bool? value) => Query(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Adds an integer query parameter; <see langword="null"/> leaves it out.</summary>
    public RequestArguments Query(string name, long? value) => Query(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number query parameter; <see langword="null"/> leaves it out.</summary>
    public RequestArguments Query(string name, double? value) => Query(name, value?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Adds a date-time query parameter in ISO 8601; <see langword="null"/> leaves it out.</summary>
    public RequestArguments Query(string name, DateTimeOffset? value) => Query(name, value?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));

    /// <summary>Adds a list query parameter as comma-separated values; <see langword="null"/> leaves it out.</summary>
    public RequestArguments Query(string name, IEnumerable<string>? values) => Query(name, values is null ? null : string.Join(',', values));

    /// <summary>Adds a list of integers as comma-separated values; <see langword="null"/> leaves it out.</summary>
    public RequestArguments Query(string name, IEnumerable<long>? values)
        => Query(name, values is null ? null : string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture))));

    /// <summary>
    /// Adds a list query parameter with its name repeated per value (<c>ids=a&amp;ids=b</c>, OpenAPI's default for query
    /// arrays); <see langword="null"/> or an empty list leaves it out.
    /// </summary>
    public RequestArguments QueryEach(string name, IEnumerable<string>? values)
    {
        if (values is null) return this;
        foreach (var value in values)
        {
            if (value is not null) (_query ??= []).Add(new(name, value));
        }
        return this;
    }

    /// <summary>Adds a list of integers with the parameter name repeated per value; <see langword="null"/> leaves it out.</summary>
    public RequestArguments QueryEach(string name, IEnumerable<long>? values)
        => QueryEach(name, values?.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Adds a request header; <see langword="null"/> leaves it out.</summary>
    public RequestArguments Header(string name, string? value)
    {
        if (value is not null) (_headers ??= []).Add(new(name, value));
        return this;
    }
}
