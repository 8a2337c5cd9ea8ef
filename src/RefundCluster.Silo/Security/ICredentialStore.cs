namespace RefundCluster.Silo.Security;

/// <summary>Where credentials are looked up by the id in the key.</summary>
public interface ICredentialStore
{
    /// <summary>The credential with this id, or null when there is none (or it was revoked).</summary>
    ValueTask<StoredCredential?> Find(string id, CancellationToken cancellationToken);
}
