using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace RefundCluster.Silo.Security;

/// <summary>
/// Live feeds open on this silo, per credential, capped at <see cref="SecurityOptions.MaxFeedsPerCredential"/>: a feed
/// holds a connection and polls a grain for as long as it is open, so one key (or one leaked key) cannot open them
/// without bound. Credentials with no open feed take no room.
/// </summary>
public sealed class FeedLimits(IOptions<SecurityOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int Limit => options.Value.MaxFeedsPerCredential;

    /// <summary>A slot for one more feed, or null when the credential holds <see cref="Limit"/> already.</summary>
    public IDisposable? TryOpen(string credentialId)
    {
        while (true)
        {
            var open = _open.GetValueOrDefault(credentialId);
            if (open >= Limit)
            {
                return null;
            }

            if (open == 0 ? _open.TryAdd(credentialId, 1) : _open.TryUpdate(credentialId, open + 1, open))
            {
                return new Slot(this, credentialId);
            }
        }
    }

    private void Close(string credentialId)
    {
        while (true)
        {
            var open = _open[credentialId];
            if (open == 1
                ? _open.TryRemove(new KeyValuePair<string, int>(credentialId, 1))
                : _open.TryUpdate(credentialId, open - 1, open))
            {
                return;
            }
        }
    }

    private sealed class Slot(FeedLimits owner, string credentialId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                owner.Close(credentialId);
            }
        }
    }
}
