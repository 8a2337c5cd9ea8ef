using System.Data.Common;
using System.Net.Sockets;
using Orleans.Serialization;
using Orleans.Storage;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Failures of what the cluster stands on, not of the request: the database unreachable or restarting (a
/// <see cref="DbException"/>), a socket, an Orleans call that timed out or found no silo, or an exception a grain on
/// another silo threw that cannot be serialised back (PostgreSQL's arrive as <see cref="CodecNotFoundException"/>).
/// The caller can act on these by retrying later: they are answered 503 <c>cluster.unavailable</c> with
/// <c>Retry-After</c>, never a plain 500. A storage conflict is not one of them (it has its own code).
/// </summary>
public static class InfrastructureFaults
{
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InconsistentStateException)
            {
                return false;
            }

            if (e is DbException or SocketException or TimeoutException or OrleansException or SerializerException)
            {
                return true;
            }
        }

        return exception is AggregateException aggregate && aggregate.InnerExceptions.Any(Is);
    }
}
