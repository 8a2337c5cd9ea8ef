using System.Net;
using System.Net.Sockets;

namespace RefundCluster.Testing;

/// <summary>Ports on 127.0.0.1 that nothing listens on: the system picks one, the listener lets it go again.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
