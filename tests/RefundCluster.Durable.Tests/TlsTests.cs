using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Serialization;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Grains;
using RefundCluster.Hosting;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// Mutual TLS on the silo and gateway ports (SiloTls): real silo processes on PostgreSQL clustering, certificates made
/// here. Silos with certificates from the cluster's CA form a cluster; a silo whose certificate comes from another CA
/// never becomes Active; Orleans clients get in through the gateway only with TLS and a certificate from the cluster CA.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class TlsTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>SiloStatus in the membership table.</summary>
    private const int Active = 3;

    /// <summary>
    /// How long the impostor gets to report its failed join (it usually does within 10–20 s of its start); as long as a
    /// silo process gets to start on a busy machine.
    /// </summary>
    private static readonly TimeSpan ImpostorWindow = TimeSpan.FromSeconds(90);

    /// <summary>Logged by Orleans.Connections.Security when it drops a connection whose TLS handshake failed.</summary>
    private const string TlsRefusal = "TlsServerConnectionMiddleware";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("refundcluster-tls-");

    [Fact]
    public async Task Only_silos_and_clients_with_a_certificate_from_the_cluster_CA_get_in()
    {
        var started = Stopwatch.StartNew();
        var cancellation = TestContext.Current.CancellationToken;
        using var clusterCa = TestCertificateAuthority.Create(_directory.FullName, "cluster");
        using var otherCa = TestCertificateAuthority.Create(_directory.FullName, "other");
        await using var database = await TestDatabase.Create();
        string[] common = ["--storage", "PostgreSql", "--connection", database.ConnectionString, "--cluster-id", database.Name];

        // Two silos, each with its own certificate from the cluster CA, form a cluster and serve events.
        await using var silo1 = await SiloProcess.Start(1, [.. common, .. Tls(clusterCa.Issue("silo-1"), clusterCa.CertificatePath)]);
        await using var silo2 = await SiloProcess.Start(1, [.. common, .. Tls(clusterCa.Issue("silo-2"), clusterCa.CertificatePath)]);
        output.WriteLine($"2 TLS silos up after {started.Elapsed.TotalSeconds:F1} s");
        var formed = await Membership(database);
        Assert.Equal(Active, formed.GetValueOrDefault(silo1.Ports.Silo));
        Assert.Equal(Active, formed.GetValueOrDefault(silo2.Ports.Silo));

        var orders = Enumerable.Range(0, 6).Select(i => Lifecycle.Create(i, Guid.NewGuid().ToString("N")[..8], "tls-timeout-shop")).ToList();
        using var http = TestCredentials.Admin.NewClient(null, TimeSpan.FromSeconds(15));
        foreach (var order in orders)
        {
            var paid = order.Events().First().ToJsonString();
            var (status, body) = await Retrying(() => http.PostAsync(new Uri(silo1.BaseAddress, "v1/events"), new StringContent(paid, System.Text.Encoding.UTF8, "application/json"), cancellation));
            Assert.True(status == HttpStatusCode.OK, $"order.paid via silo 1: {(int)status} {body}");
        }

        // Read on the other silo: an order's grain lives on one of them, so these are silo-to-silo calls over TLS.
        foreach (var order in orders)
        {
            var (status, body) = await Retrying(() => http.GetAsync(new Uri(silo2.BaseAddress, $"v1/orders/{order.OrderId}"), cancellation));
            Assert.True(status == HttpStatusCode.OK, $"order {order.OrderId} via silo 2: {(int)status} {body}");
        }

        Assert.DoesNotContain(TlsRefusal, silo1.RecentOutput + silo2.RecentOutput, StringComparison.Ordinal);

        // An impostor: a certificate from another CA. It trusts both CAs, so only the cluster's check can keep it out.
        var bothCas = Path.Combine(_directory.FullName, "both-ca.crt");
        File.WriteAllText(bothCas, File.ReadAllText(clusterCa.CertificatePath) + "\n" + File.ReadAllText(otherCa.CertificatePath));
        var impostorPorts = SiloPorts.Free();
        await using (var impostor = SiloProcess.Spawn(1, [.. common, .. Tls(otherCa.Issue("impostor"), bothCas)], impostorPorts))
        {
            var joinStarted = Stopwatch.StartNew();
            var sawRow = false;
            while (!impostor.RecentOutput.Contains("Failed to get ping responses", StringComparison.Ordinal) && !impostor.HasExited)
            {
                var membership = await Membership(database);
                sawRow |= membership.ContainsKey(impostorPorts.Silo);
                Assert.False(membership.GetValueOrDefault(impostorPorts.Silo) == Active, $"The impostor became Active:{Environment.NewLine}{impostor.RecentOutput}");
                Assert.True(joinStarted.Elapsed < ImpostorWindow,
                    $"The impostor neither became Active nor reported failing to reach the cluster within {ImpostorWindow}:{Environment.NewLine}{impostor.RecentOutput}");
                await Task.Delay(250, cancellation);
            }

            output.WriteLine($"impostor refused after {joinStarted.Elapsed.TotalSeconds:F1} s (exited: {impostor.HasExited}; membership row seen: {sawRow})");
            var after = await Membership(database);
            Assert.NotEqual(Active, after.GetValueOrDefault(impostorPorts.Silo));
            Assert.Equal(Active, after[silo1.Ports.Silo]);
            Assert.Equal(Active, after[silo2.Ports.Silo]);
            // The cluster's silos dropped its connections at the TLS handshake.
            Assert.Contains(TlsRefusal, silo1.RecentOutput + silo2.RecentOutput, StringComparison.Ordinal);
            // Its HTTP API, which opens once the silo has joined, never did.
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(impostor.BaseAddress, "healthz"), cancellation));
        }

        // The gateway: an Orleans client with a certificate from the cluster CA gets in and calls the grains.
        var clientFiles = clusterCa.Issue("client", serverAuthentication: false);
        var clientTls = new SiloTlsOptions { Enabled = true, CertificatePath = clientFiles.Certificate, KeyPath = clientFiles.Key, CaCertificatePath = clusterCa.CertificatePath };
        var connecting = Stopwatch.StartNew();
        using (var client = await ConnectClient(silo1, database.Name, c => c.UseRefundClusterTls(clientTls), cancellation))
        {
            output.WriteLine($"TLS client connected in {connecting.Elapsed.TotalSeconds:F1} s");
            var grains = client.Services.GetRequiredService<IClusterClient>();
            foreach (var order in orders)
            {
                var view = await grains.GetGrain<IOrderGrain>(order.OrderId).GetView();
                Assert.Equal(order.OrderId, view?.OrderId);
            }
        }

        // ... and without TLS, without a certificate, or with one from another CA, it does not: the gateway drops each
        // attempt at the TLS handshake (the client keeps retrying, so its start never completes).
        var foreignClient = otherCa.Issue("client", serverAuthentication: false);
        var refusedClients = new (string Kind, Action<IClientBuilder> Configure)[]
        {
            ("plain-text", _ => { }),
            ("TLS client without a certificate", c => c.UseTls((TlsOptions t) => { t.AllowAnyRemoteCertificate(); t.ClientCertificateMode = RemoteCertificateMode.AllowCertificate; })),
            ("TLS client with a certificate from another CA", c => c.UseRefundClusterTls(
                new SiloTlsOptions { Enabled = true, CertificatePath = foreignClient.Certificate, KeyPath = foreignClient.Key, CaCertificatePath = bothCas })),
        };
        foreach (var (kind, configure) in refusedClients)
        {
            var mark = silo1.OutputMark;
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            giveUp.CancelAfter(TimeSpan.FromSeconds(90));
            var attempt = ConnectClient(silo1, database.Name, configure, giveUp.Token);
            while (!attempt.IsCompleted && !silo1.OutputSince(mark).Contains(TlsRefusal, StringComparison.Ordinal))
            {
                await Task.Delay(100, cancellation);
            }

            // Refused once: a couple more seconds to retry in, then the client gives up.
            await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromSeconds(2), cancellation));
            await giveUp.CancelAsync();
            var failure = await Record.ExceptionAsync(async () => (await attempt).Dispose());
            output.WriteLine($"{kind}: {failure?.GetType().Name}: {failure?.Message}");
            Assert.True(failure is not null, $"A {kind} Orleans client connected to the TLS gateway.");
            Assert.True(silo1.OutputSince(mark).Contains(TlsRefusal, StringComparison.Ordinal),
                $"The gateway logged no TLS refusal while a {kind} Orleans client tried to connect ({failure.GetType().Name}: {failure.Message}).");
        }

        // A raw plain-text probe of the gateway gets no Orleans answer: at most a TLS alert, then the connection closes.
        var answer = await PlainTextProbe(silo1.Ports.Gateway);
        Assert.True(answer.Length == 0 || answer[0] == 0x15, $"The gateway answered plain text with {Convert.ToHexString(answer)}.");

        Assert.Equal(Active, (await Membership(database))[silo1.Ports.Silo]);
        output.WriteLine($"done after {started.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_silo_whose_certificate_peers_would_refuse_does_not_start_and_says_why()
    {
        using var clusterCa = TestCertificateAuthority.Create(_directory.FullName, "cluster");
        using var otherCa = TestCertificateAuthority.Create(_directory.FullName, "other");
        var foreign = otherCa.Issue("silo");
        await using var silo = SiloProcess.Spawn(1, Tls(foreign, clusterCa.CertificatePath), SiloPorts.Free());
        var waited = Stopwatch.StartNew();
        while (!silo.HasExited)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"The silo is still running:{Environment.NewLine}{silo.RecentOutput}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Contains("Hosting failed to start", silo.RecentOutput, StringComparison.Ordinal);
        Assert.Contains($"SiloTls:CertificatePath: the certificate 'CN=silo' (issuer 'CN=other test CA'", silo.RecentOutput, StringComparison.Ordinal);
        Assert.Contains($"does not chain to a CA in {clusterCa.CertificatePath}", silo.RecentOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends until the answer is not a 5xx or a timeout (at most a minute), as an integrator resends the same event:
    /// a busy 2-core machine can make a silo answer 503 while its first grain calls warm up.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Body)> Retrying(Func<Task<HttpResponseMessage>> send)
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode < 500 || giveUp.Elapsed > TimeSpan.FromMinutes(1))
                {
                    return (response.StatusCode, body);
                }
            }
            catch (TaskCanceledException) when (giveUp.Elapsed < TimeSpan.FromMinutes(1))
            {
                // the client's timeout: send the same request again
            }

            await Task.Delay(500);
        }
    }

    /// <summary>SiloTls settings for one process.</summary>
    private static string[] Tls(CertificateFiles files, string caPath) =>
    [
        "--SiloTls:Enabled=true", $"--SiloTls:CertificatePath={files.Certificate}", $"--SiloTls:KeyPath={files.Key}", $"--SiloTls:CaCertificatePath={caPath}",
    ];

    /// <summary>Silo port → status of its newest generation in the membership table.</summary>
    private static async Task<Dictionary<int, int>> Membership(TestDatabase database)
    {
        var rows = await database.Rows($"SELECT port, status FROM orleansmembershiptable WHERE deploymentid = '{database.Name}' ORDER BY generation");
        var latest = new Dictionary<int, int>();
        foreach (var row in rows)
        {
            latest[Convert.ToInt32(row[0], System.Globalization.CultureInfo.InvariantCulture)] = Convert.ToInt32(row[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return latest;
    }

    private static async Task<IHost> ConnectClient(SiloProcess gateway, string clusterId, Action<IClientBuilder> configure, CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gateway.Ports.Gateway));
            client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = new RefundClusterOptions().ServiceId; });
            client.Services.AddSerializer(serializer => serializer.AddRefundClusterContracts());
            configure(client);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Connects, sends bytes that are not TLS, and returns whatever comes back until the server closes.</summary>
    private static async Task<byte[]> PlainTextProbe(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await stream.WriteAsync("ORLEANS plain text, no TLS here\r\n\r\n"u8.ToArray(), timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // reset by the server: closed all the same
        }

        return received.ToArray();
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
