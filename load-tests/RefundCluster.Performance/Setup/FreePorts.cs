using System.Net;
using System.Net.Sockets;

namespace RefundCluster.Performance.Setup;

/// <summary>Loopback ports free right now, so that an embedded silo clashes with nothing else running on the machine.</summary>
public static class FreePorts
{
    /// <summary>Distinct ports: each is held until all are taken, so the kernel cannot hand the same one out twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }).ToList();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
