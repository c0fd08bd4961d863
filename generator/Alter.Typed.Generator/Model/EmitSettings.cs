namespace Alter.Typed.Generator.Model
{
    /// <summary>
    /// What each provider's emit reads besides its model: the descriptions left out (a duplicate id or C# name), and whether
    /// to emit reflection-free JSON metadata (<c>JsonMetadataSwitch</c>). One record, not a tuple: see <see cref="EquatableArray{T}"/>.
    /// </summary>
    internal sealed record EmitSettings(EquatableArray<string> ExcludedPaths, bool JsonMetadata);
}
