using System.Globalization;
using System.Runtime.CompilerServices;
using RefundCluster.Contracts.Changes;

namespace RefundCluster.Client;

public sealed partial class RefundClusterClient
{
    /// <summary><c>GET /v1/changes</c>: one page of the change log after <paramref name="after"/>, optionally one shop and some types.</summary>
    public async Task<ChangePageDocument> ReadChanges(
        long after = 0, string? shop = null, IEnumerable<string>? types = null, int? limit = null, CancellationToken cancel = default) =>
        (await Get<ChangePageDocument>(new QueryString("v1/changes")
            .Add("after", after.ToString(CultureInfo.InvariantCulture))
            .Add("shop", shop)
            .Add("types", types is null ? null : string.Join(',', types))
            .Add("limit", (limit ?? _options.ChangePageSize)?.ToString(CultureInfo.InvariantCulture))
            .ToString(), nullWhenNotFound: false, cancel).ConfigureAwait(false))!;

    /// <summary>
    /// The change log from after <paramref name="after"/> on, for as long as the caller reads: page after page, and once
    /// caught up, asking again every <see cref="RefundClusterClientOptions.ChangePollInterval"/>. Delivery is at least
    /// once; keep the last <see cref="ChangeDocument.Cursor"/> handled and start from it to resume. Cancelling
    /// <paramref name="cancel"/> ends the sequence (no exception).
    /// </summary>
    public async IAsyncEnumerable<ChangeDocument> Changes(
        long after = 0, string? shop = null, IEnumerable<string>? types = null, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        var typeList = types?.ToList();
        var cursor = after;
        while (!cancel.IsCancellationRequested)
        {
            ChangePageDocument page;
            try
            {
                page = await ReadChanges(cursor, shop, typeList, null, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                yield break;
            }

            foreach (var change in page.Changes)
            {
                yield return change;
                cursor = change.Cursor;
            }

            cursor = Math.Max(cursor, page.Next);
            if (page.Changes.IsDefaultOrEmpty)
            {
                try
                {
                    await Task.Delay(_options.ChangePollInterval, _clock, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    yield break;
                }
            }
        }
    }
}
