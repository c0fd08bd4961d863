using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Alter.Typed.Generated;

/// <summary>
/// <see cref="JsonMetadata.ReflectionBased"/>: a marker the runtime replaces with the reflection-based resolver where
/// reflection is on, and the last resolver of the chain where it is off, so that only a type nothing else describes
/// reaches it, and its caller learns what to change.
/// </summary>
internal sealed class ReflectionBasedModels : IJsonTypeInfoResolver
{
    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
        => throw new NotSupportedException(
            $"{type} has no JSON metadata: its provider was generated for reflection-based serialization, which this app " +
            "turns off (Native AOT or trimming). Build the project that generates the typed clients with " +
            "<AlterJsonMetadata>true</AlterJsonMetadata>, or with <IsAotCompatible>true</IsAotCompatible> if it is a library.");
}
