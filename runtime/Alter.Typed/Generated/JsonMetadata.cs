using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Alter.Typed.Generated;

/// <summary>
/// Builds System.Text.Json metadata for generated models without reflection (Native AOT, trimming). Each provider's
/// generated resolver calls these with its own getters and setters; the provider's naming policy still names the
/// properties (a property carries an explicit JSON name only where the policy would not produce it). Used by generated code.
/// </summary>
/// <remarks>
/// The shape follows what System.Text.Json's own source generator emits (JsonSourceGenerator.Emitter.cs), minus the
/// serialization fast path, which only a <c>JsonSerializerContext</c> with matching options could use. Init-only
/// properties are set through <c>[UnsafeAccessor]</c> setters, so deserializing calls a property setter per member, as
/// the reflection-based serializer did, instead of buffering constructor arguments.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonMetadata
{
    /// <summary>
    /// The resolver of a provider generated without JSON metadata (a build with neither trimming nor Native AOT: see
    /// <c>AlterJsonMetadata</c>): its models are read by reflection, with the same attributes and naming policy. Where
    /// reflection-based serialization is off (a trimmed or Native AOT app over such a build), a typed call fails with an
    /// error that says how to generate the metadata, instead of System.Text.Json's own.
    /// </summary>
    public static IJsonTypeInfoResolver ReflectionBased { get; } = new ReflectionBasedModels();

    /// <summary>The metadata of a generated model class.</summary>
    /// <param name="options">The options the metadata is for.</param>
    /// <param name="create">Creates an empty instance (the class's parameterless constructor).</param>
    /// <param name="properties">Creates the metadata of its JSON properties, in declaration order.</param>
    public static JsonTypeInfo<T> Object<T>(JsonSerializerOptions options, Func<T> create, Func<JsonSerializerOptions, JsonPropertyInfo[]> properties)
        where T : class
        => JsonMetadataServices.CreateObjectInfo(options, new JsonObjectInfoValues<T>
        {
            ObjectCreator = create,
            PropertyMetadataInitializer = _ => properties(options),
        });

    /// <summary>The metadata of one property of a generated model class.</summary>
    /// <param name="options">The options the metadata is for.</param>
    /// <param name="name">The C# property name, which the provider's naming policy turns into the JSON name.</param>
    /// <param name="jsonName">The JSON name where the naming policy would not produce it; otherwise <see langword="null"/>.</param>
    /// <param name="get">Reads the property.</param>
    /// <param name="set">Sets the (init-only) property while deserializing.</param>
    public static JsonPropertyInfo Property<TDeclaring, TValue>(JsonSerializerOptions options, string name, string? jsonName, Func<TDeclaring, TValue> get, Action<TDeclaring, TValue> set)
        where TDeclaring : class
        => JsonMetadataServices.CreatePropertyInfo(options, new JsonPropertyInfoValues<TValue>
        {
            IsProperty = true,
            IsPublic = true,
            DeclaringType = typeof(TDeclaring),
            Getter = instance => get((TDeclaring)instance),
            Setter = (instance, value) => set((TDeclaring)instance, value!),
            PropertyName = name,
            JsonPropertyName = jsonName,
        });

    /// <summary>The metadata of <c>IReadOnlyList&lt;TElement&gt;</c> (read into a <see cref="List{T}"/>).</summary>
    public static JsonTypeInfo<IReadOnlyList<TElement>> List<TElement>(JsonSerializerOptions options)
        => JsonMetadataServices.CreateIEnumerableInfo<IReadOnlyList<TElement>, TElement>(options, new JsonCollectionInfoValues<IReadOnlyList<TElement>>());

    /// <summary>The metadata of <c>IReadOnlyDictionary&lt;string, TValue&gt;</c> (read into a <see cref="Dictionary{TKey, TValue}"/>).</summary>
    public static JsonTypeInfo<IReadOnlyDictionary<string, TValue>> Dictionary<TValue>(JsonSerializerOptions options)
        => JsonMetadataServices.CreateIReadOnlyDictionaryInfo<IReadOnlyDictionary<string, TValue>, string, TValue>(options, new JsonCollectionInfoValues<IReadOnlyDictionary<string, TValue>>
        {
            ObjectCreator = static () => new Dictionary<string, TValue>(),
        });
}
