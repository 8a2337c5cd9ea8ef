namespace RefundCluster.Silo.Security;

/// <summary>A credential as configured or stored: the key's SHA-256, never the key.</summary>
public sealed class StoredCredential
{
    public string Id { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole key (<see cref="ApiKey.Hash"/>).</summary>
    public string Hash { get; set; } = "";

    public List<Role> Roles { get; set; } = [];

    /// <summary>The shops it is limited to: exactly one for a shop service; empty is every shop for an integrator.</summary>
    public List<string> Shops { get; set; } = [];

    /// <summary>Overrides the per-credential request rate (<see cref="SecurityOptions.RequestsPerSecond"/>).</summary>
    public double? RequestsPerSecond { get; set; }

    private ApiCredential? _credential;

    /// <summary>Made once per record (checked on every request); settings and store records are not changed once read.</summary>
    public ApiCredential ToCredential() => _credential ??= new(Id, [.. Roles], [.. Shops], RequestsPerSecond);

    /// <summary>Why this record cannot be used, or null: a shop service must name exactly one shop.</summary>
    public string? Problem() => Roles.Count == 0 ? "it has no role"
        : !ApiKey.IsValidId(Id) ? "its id is not 1–40 letters, digits or '-'"
        : Roles.Contains(Role.ShopService) && Shops.Count != 1 ? "a shop service must be limited to exactly one shop"
        : Hash.Length != 64 || !Hash.All(char.IsAsciiHexDigit) ? "its hash is not a hex SHA-256"
        : RequestsPerSecond is { } rate && !(double.IsFinite(rate) && rate is >= 0.01 and <= 1e9) ? "its rate is not a number from 0.01 to 1,000,000,000 per second"
        : null;
}
