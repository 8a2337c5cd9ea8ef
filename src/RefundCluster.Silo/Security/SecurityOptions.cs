namespace RefundCluster.Silo.Security;

/// <summary>Credentials and per-credential limits (section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Keys from settings (<c>Security:ApiKeys:0:Id</c>, <c>:Hash</c>, <c>:Roles:0</c>, <c>:Shops:0</c>). The only
    /// source in embedded mode; in durable mode the table <c>refundcluster_api_keys</c> comes first and these are the
    /// bootstrap keys (from a secret) that exist before anyone could create one.
    /// </summary>
    public List<StoredCredential> ApiKeys { get; set; } = [];

    /// <summary>
    /// Embedded mode with no key configured generates a development key (integrator and operator) and prints it at
    /// start-up; there is no open mode. False makes such a host refuse everything instead.
    /// </summary>
    public bool GenerateDevelopmentKey { get; set; } = true;

    /// <summary>Where the development key is also written (mode 600), so scripts can read it.</summary>
    public string? DevelopmentKeyFile { get; set; }

    /// <summary>Requests per second each credential may make (token bucket, refilled every 100 ms).</summary>
    public double RequestsPerSecond { get; set; } = 2000;

    /// <summary>How many requests a credential may make at once above its rate.</summary>
    public int Burst { get; set; } = 4000;

    /// <summary>How long a durable-mode credential (found, missing or revoked) is cached before the table is read again.</summary>
    public TimeSpan StoreCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dashboard sign-in lasts; each use past half of it renews it for as long again.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How many live feeds (Server-Sent Events) one credential may hold open on one silo at once.</summary>
    public int MaxFeedsPerCredential { get; set; } = 32;

    /// <summary>
    /// While the durable table cannot be read (a database restart), a credential's last answer (found, missing or
    /// revoked) read within this long still stands, so known keys keep working through the outage. Zero: none stands,
    /// every lookup past <see cref="StoreCacheTime"/> fails with <c>auth.store_unavailable</c> until the table answers.
    /// </summary>
    public TimeSpan StoreOutageGrace { get; set; } = TimeSpan.FromMinutes(10);
}
