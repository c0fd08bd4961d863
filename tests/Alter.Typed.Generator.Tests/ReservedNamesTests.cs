using System.Reflection;
using Alter.Typed.Generator.Naming;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>
/// The generator never sees the compilation, so it keeps lists of the runtime's member names; these tests keep them true.
/// When one fails after a runtime change, add the name it reports to generator/Alter.Typed.Generator/Naming/ReservedNames.cs.
/// </summary>
public sealed class ReservedNamesTests
{
    private static IEnumerable<string> VisibleMembers(Type type)
        => type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m switch
            {
                MethodBase method => (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) && !method.IsSpecialName && !method.IsConstructor,
                PropertyInfo property => property.GetMethod is { } get && (get.IsPublic || get.IsFamily || get.IsFamilyOrAssembly),
                FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
                EventInfo => true,
                _ => false,
            })
            .Select(m => m.Name)
            .Distinct();

    [Fact]
    public void App_properties_avoid_every_member_of_AlterApp()
        => Assert.Empty(VisibleMembers(typeof(AlterApp)).Except(ReservedNames.AppMembers));

    [Fact]
    public void Group_properties_avoid_every_member_of_ProviderClient()
        => Assert.Empty(VisibleMembers(typeof(ProviderClient)).Except(ReservedNames.ClientMembers));

    [Fact]
    public void Provider_namespaces_avoid_every_public_runtime_type_of_Alter_Typed()
        => Assert.Empty(typeof(AlterApp).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "Alter.Typed" && !t.IsNested)
            .Select(t => t.Name.Split('`')[0])
            .Except(ReservedNames.RuntimeTypes));
}
