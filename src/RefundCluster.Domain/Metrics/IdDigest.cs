using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// A 64-bit digest of an id (the first 8 bytes of its HMAC-SHA-256 under a key of the book's own, made at random): the
/// key under which the book keeps a settled entity instead of the id's string. Two ids of one shop share a digest with
/// a probability of about n² / 2⁶⁵ — below one in a million for 6 million refunds in a shop's book — and since the key
/// never leaves the process, an integrator cannot choose ids that collide.
/// </summary>
internal sealed class IdDigest
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public ulong Of(string id)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, MemoryMarshal.AsBytes(id.AsSpan()), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
