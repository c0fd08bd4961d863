using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Alter.Typed.OAuthTests.Server;

/// <summary>Keeps ASP.NET Core data-protection keys in memory, so a test server never writes keys under the user's profile.</summary>
internal sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly ConcurrentQueue<XElement> _elements = new();

    public IReadOnlyCollection<XElement> GetAllElements() => [.. _elements.Select(e => new XElement(e))];

    public void StoreElement(XElement element, string friendlyName) => _elements.Enqueue(new XElement(element));
}
