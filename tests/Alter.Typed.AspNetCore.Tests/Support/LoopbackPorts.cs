using System.Net;
using System.Net.Sockets;

namespace Alter.Typed.AspNetCore.Tests.Support;

/// <summary>Ports for the servers the tests start, on 127.0.0.1 only.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port free on the loopback interface now (the OS picks it; the caller binds it right after).</summary>
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
