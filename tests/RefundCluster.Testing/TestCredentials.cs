using System.Globalization;
using RefundCluster.Silo.Security;

namespace RefundCluster.Testing;

/// <summary>
/// The credentials every test host is started with (as settings, hashed, like a real deployment). Fresh keys per test
/// run: nothing secret is checked in. <see cref="Admin"/> is what set-up and most tests send.
/// </summary>
public static class TestCredentials
{
    public const string ScopedShop = "authz-shop-a";
    public const string OtherShop = "authz-shop-b";

    /// <summary>Integrator and operator for every shop, with a rate no test reaches.</summary>
    public static readonly TestKey Admin = Make("tests-admin", [Role.Integrator, Role.Operator], [], 1_000_000);

    public static readonly TestKey Integrator = Make("tests-integrator", [Role.Integrator], [], 1_000_000);

    public static readonly TestKey ScopedIntegrator = Make("tests-integrator-a", [Role.Integrator], [ScopedShop], 1_000_000);

    public static readonly TestKey ShopService = Make("tests-shop-a", [Role.ShopService], [ScopedShop], 1_000_000);

    public static readonly TestKey Operator = Make("tests-operator", [Role.Operator], [], 1_000_000);

    /// <summary>Two requests a second, bursting to four: to watch the per-credential rate limit answer 429.</summary>
    public static readonly TestKey Throttled = Make("tests-throttled", [Role.Integrator, Role.Operator], [], 2);

    public static IReadOnlyList<TestKey> All { get; } = [Admin, Integrator, ScopedIntegrator, ShopService, Operator, Throttled];

    /// <summary>The host's command-line settings that configure every test key.</summary>
    public static IEnumerable<string> SiloArguments() => All.SelectMany((k, i) => Settings(k.Record, i));

    private static IEnumerable<string> Settings(StoredCredential record, int index)
    {
        var prefix = $"--{SecurityOptions.Section}:ApiKeys:{index}:";
        yield return $"{prefix}Id={record.Id}";
        yield return $"{prefix}Hash={record.Hash}";
        foreach (var (role, i) in record.Roles.Select((r, i) => (r, i)))
        {
            yield return $"{prefix}Roles:{i}={role}";
        }

        foreach (var (shop, i) in record.Shops.Select((s, i) => (s, i)))
        {
            yield return $"{prefix}Shops:{i}={shop}";
        }

        if (record.RequestsPerSecond is { } rate)
        {
            yield return $"{prefix}RequestsPerSecond={rate.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    private static TestKey Make(string id, List<Role> roles, List<string> shops, double rate)
    {
        var (key, hash) = ApiKey.Generate(id);
        return new TestKey(id, key, new StoredCredential { Id = id, Hash = hash, Roles = roles, Shops = shops, RequestsPerSecond = rate });
    }
}
