using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alter.Typed.Generated;

/// <summary>
/// The metadata of the scalar types generated models use (System.Text.Json's own source generator, in the runtime),
/// combined behind each provider's generated resolver: generated code then lists only its classes and collections.
/// </summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(bool?))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(long?))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(double?))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(DateTimeOffset?))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonElement?))]
internal sealed partial class ScalarJsonContext : JsonSerializerContext;
