using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace RefundCluster.Contracts.Lists;

/// <summary>
/// Where a page of a list ended: the sort it belongs to, the last item's sort key (UTC ticks of its deadline, or the
/// change log's cursor of its last change) and its id. Handed out as an opaque base64url string; the next page starts strictly after it, so
/// an item whose key did not change is never shown twice or skipped, whatever was written meanwhile.
/// </summary>
public readonly record struct ListPosition(ListSort Sort, long Key, string Id)
{
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{(Sort == ListSort.Deadline ? 'd' : 'm')}{Key}:{Id}")));

    /// <summary>Reads a cursor handed out for a list in <paramref name="sort"/> order; false for anything else.</summary>
    public static bool TryParse(string text, ListSort sort, out ListPosition position)
    {
        position = default;
        if (text.Length > 512 || !Base64Url.IsValid(text))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var marker = sort == ListSort.Deadline ? 'd' : 'm';
        if (decoded.Length < 3 || decoded[0] != marker || colon < 2 || colon == decoded.Length - 1
            || !long.TryParse(decoded.AsSpan(1, colon - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key))
        {
            return false;
        }

        position = new ListPosition(sort, key, decoded[(colon + 1)..]);
        return true;
    }
}
