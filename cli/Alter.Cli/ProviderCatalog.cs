using System.Reflection;
using Alter.Typed;
using Alter.Typed.Generated;

namespace Alter.Cli;

/// <summary>
/// The catalog providers this tool was built with. The tool is a consumer of the generator (like any app), so each
/// provider is in the generated <c>App.Catalog</c> (readable without a key) and its operations are the generated
/// <see cref="OperationDescriptor"/> fields, counted by reflection (the generator keeps them internal).
/// </summary>
internal static class ProviderCatalog
{
    private static readonly Lazy<(IReadOnlyList<ProviderDescriptor> Providers, IReadOnlyDictionary<string, int> Operations)> Loaded = new(Load);

    /// <summary>Every provider, ordered by id.</summary>
    public static IReadOnlyList<ProviderDescriptor> Providers => Loaded.Value.Providers;

    /// <summary>How many operations the tool's build generated for a provider.</summary>
    public static int OperationCount(string id) => Loaded.Value.Operations.TryGetValue(id, out var count) ? count : 0;

    /// <summary>Finds a provider by id (case-insensitive), or fails with <see cref="ExitCodes.NotFound"/>.</summary>
    public static ProviderDescriptor Find(string id)
        => Providers.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliException(ExitCodes.NotFound, $"Unknown provider '{id}'. See `alter providers list` for the {Providers.Count} providers this tool knows.");

    private static (IReadOnlyList<ProviderDescriptor>, IReadOnlyDictionary<string, int>) Load()
    {
        var operations = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(ProviderCatalog).Assembly.GetTypes())
        {
            if (type.Namespace?.StartsWith("Alter.Typed.", StringComparison.Ordinal) != true || !type.IsAbstract || !type.IsSealed) continue; // static classes
            foreach (var field in type.GetFields(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static))
            {
                if (field.FieldType == typeof(OperationDescriptor) && field.GetValue(null) is OperationDescriptor operation)
                    operations[operation.ProviderId] = operations.GetValueOrDefault(operation.ProviderId) + 1;
            }
        }
        return ([.. App.Catalog.OrderBy(p => p.Id, StringComparer.Ordinal)], operations);
    }
}
