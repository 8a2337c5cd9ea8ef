using Microsoft.Extensions.Options;

namespace RefundCluster.Silo.Security;

/// <summary>Credentials from settings (<c>Security:ApiKeys</c>), including a generated development key.</summary>
public sealed class SettingsCredentialStore(IOptionsMonitor<SecurityOptions> options) : ICredentialStore
{
    public ValueTask<StoredCredential?> Find(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(options.CurrentValue.ApiKeys.FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.Ordinal)));
}
