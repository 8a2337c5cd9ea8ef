using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RefundCluster.Contracts.Recording;
using RefundCluster.Grains.Recording;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>
/// A shop's recording as <c>GET /v1/shops/{shopId}/recording</c> exports it: JSON lines (<see cref="RecordedInput"/>),
/// each order's lines together, gzip'd (or the same lines uncompressed, told apart by the gzip magic bytes). Read as a
/// stream, a line at a time: a month's recording is never loaded whole by what streams it.
/// </summary>
public static class RecordingFile
{
    /// <summary>The lines, parsed; a line that is not a recording line fails with its file and line number.</summary>
    public static async IAsyncEnumerable<RecordedInput> Read(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = Open(path);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return Parse(path, number, line);
            }
        }
    }

    /// <summary>The lines, parsed, read synchronously (a replay loads its recording while its arguments are read).</summary>
    public static IEnumerable<RecordedInput> ReadAll(string path)
    {
        using var reader = Open(path);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return Parse(path, number, line);
            }
        }
    }

    /// <summary>The first and last line's times, and how many lines, orders, events and firings: one pass over the file.</summary>
    public static async Task<RecordingSummary> Summarise(string path, CancellationToken cancellationToken)
    {
        DateTimeOffset? first = null, last = null;
        long lines = 0, events = 0, firings = 0, orders = 0;
        string? order = null;
        var shops = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var line in Read(path, cancellationToken))
        {
            lines++;
            events += line.Event is null ? 0 : 1;
            firings += line.Firing is null ? 0 : 1;
            first = first is { } f && f <= line.At ? f : line.At;
            last = last is { } l && l >= line.At ? l : line.At;
            shops.Add(line.ShopId);
            if (line.OrderId != order)
            {
                order = line.OrderId;
                orders++;
            }
        }

        return new RecordingSummary(first, last, lines, orders, events, firings, [.. shops]);
    }

    private static RecordedInput Parse(string path, int number, string line)
    {
        try
        {
            return WhatIf.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} line {number}: not a recording line ({e.Message})", e);
        }
    }

    private static StreamReader Open(string path)
    {
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            file.Position = 0;
            return new StreamReader(gzip ? new GZipStream(file, CompressionMode.Decompress) : file, new UTF8Encoding(false), false, 1 << 16);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}

/// <param name="First">The earliest line's time (null: the file has no line).</param>
/// <param name="Last">The latest line's time.</param>
/// <param name="Orders">Runs of lines of one order (each order's lines are together in an export).</param>
public sealed record RecordingSummary(DateTimeOffset? First, DateTimeOffset? Last, long Lines, long Orders, long Events, long Firings, IReadOnlyList<string> Shops);
