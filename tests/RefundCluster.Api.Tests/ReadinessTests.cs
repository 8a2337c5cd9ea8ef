using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RefundCluster.Silo.Health;

namespace RefundCluster.Api.Tests;

/// <summary>
/// <c>/readyz</c>: the embedded host reports its membership only; the durable mode's database check answers within its
/// timeout whatever the database does, and probes it at most once per cache time however often it is asked.
/// </summary>
public sealed class ReadinessTests(ClusterHost host)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_embedded_host_is_ready_when_its_silo_is_active_and_checks_no_database()
    {
        var get = await host.Api.Get("readyz");
        using var head = await host.Api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "readyz"), Cancel);

        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Matches(@"^ready: S127\.0\.0\.1:\d+:\d+ active; reaches 1 of 1 active silos$", get.Body);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task A_database_that_refuses_is_reported_with_its_reason_and_asked_again_only_after_the_cache_time()
    {
        using var server = new FakeServer(answer: false);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var database = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={server.Port};Username=postgres;Pooling=false;SslMode=Disable");
        var check = new DatabaseHealthCheck(database, time);

        var first = await check.CheckHealthAsync(new HealthCheckContext(), Cancel);
        var perProbe = server.Connections; // Npgsql may retry a closed connection without encryption
        var cached = await check.CheckHealthAsync(new HealthCheckContext(), Cancel);
        Assert.Equal(perProbe, server.Connections);
        time.Advance(DatabaseHealthCheck.CacheTime);
        var again = await check.CheckHealthAsync(new HealthCheckContext(), Cancel);

        Assert.InRange(perProbe, 1, 2);
        Assert.Equal(HealthStatus.Unhealthy, first.Status);
        Assert.StartsWith("database does not answer: ", first.Description, StringComparison.Ordinal);
        Assert.Equal(first.Description, cached.Description);
        Assert.Equal(HealthStatus.Unhealthy, again.Status);
        Assert.Equal(2 * perProbe, server.Connections);
    }

    [Fact]
    public async Task A_database_that_never_answers_is_reported_within_the_check_timeout()
    {
        using var server = new FakeServer(answer: null);
        await using var database = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={server.Port};Username=postgres;Pooling=false;SslMode=Disable;Timeout=30");
        var check = new DatabaseHealthCheck(database, TimeProvider.System);

        var watch = Stopwatch.StartNew();
        var result = await check.CheckHealthAsync(new HealthCheckContext(), Cancel);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"database does not answer within {DatabaseHealthCheck.Timeout.TotalSeconds:F0} s", result.Description);
        Assert.InRange(watch.Elapsed, DatabaseHealthCheck.Timeout - TimeSpan.FromMilliseconds(100), DatabaseHealthCheck.Timeout + TimeSpan.FromSeconds(13)); // far below the connection's 30 s Timeout, which is what it tells apart
    }

    /// <summary>
    /// A TCP server on loopback that counts connections and either closes each at once (<c>false</c>: a server
    /// going down) or holds it without a byte (<c>null</c>: a server that does not answer).
    /// </summary>
    private sealed class FakeServer : IDisposable
    {
        private readonly TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private int _connections;

        public FakeServer(bool? answer)
        {
            _listener.Start();
            _ = Accept(answer);
        }

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        private async Task Accept(bool? answer)
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _connections);
                    if (answer is null)
                    {
                        lock (_held)
                        {
                            _held.Add(client);
                        }
                    }
                    else
                    {
                        client.Dispose();
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(c => c.Dispose());
            }
        }
    }
}
