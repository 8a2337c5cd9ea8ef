using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RefundCluster.Performance.Measuring;

namespace RefundCluster.Benchmarks.Abuse;

/// <summary>
/// Authenticated clients that upload an event's body slowly: each of <c>count</c> raw TCP connections sends a
/// <c>POST /v1/events</c> head with a Content-Length of <c>bodyBytes</c>, then the body at <c>bytesPerSecond</c>. One
/// writer thread visits every connection each tick, in slices spread over the tick, so the pieces really trickle (one
/// small TCP segment each, Nagle off) instead of leaving in bursts. When the server answers (408 when it gives up on
/// the body) or closes the connection, the connection is counted by that answer and started again at once, as an
/// attacker's script would.
/// </summary>
public sealed class SlowUploads : IAsyncDisposable
{
    /// <summary>The writer visits the connections in this many slices per tick.</summary>
    private const int Slices = 20;

    private readonly int _port;
    private readonly byte[] _head;
    private readonly byte[] _body;
    private readonly int _piece;
    private readonly TimeSpan _tick;
    private readonly Upload[] _uploads;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>At most 200 connects at a time (the listen backlog is finite); held for the uploads' whole life.</summary>
    private readonly SemaphoreSlim _connecting = new(200);
    private readonly List<Task> _loops = [];
    private Thread? _writer;
    private long _bytesSent;
    private long _requestsStarted;

    public SlowUploads(int port, string apiKeyHeader, string apiKey, int count, int bytesPerSecond, int bodyBytes, TimeSpan tick)
    {
        _port = port;
        _tick = tick;
        _piece = Math.Max(1, (int)(bytesPerSecond * tick.TotalSeconds));
        _head = Encoding.ASCII.GetBytes(
            $"POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{apiKeyHeader}: {apiKey}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {bodyBytes.ToString(CultureInfo.InvariantCulture)}\r\n\r\n");
        // A valid event padded with whitespace (valid JSON): should a body ever arrive whole, it is an ordinary event.
        var json = """{"eventId":"slow-upload","kind":"order.paid","orderId":"slow-upload","shopId":"slow-shop","buyerId":"b","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10}],"paidAmount":10}""";
        _body = Encoding.ASCII.GetBytes(json.PadRight(bodyBytes));
        _uploads = [.. Enumerable.Range(0, count).Select(_ => new Upload())];
    }

    /// <summary>How each request ended: the server's status and code, or how the connection went.</summary>
    public AnswerTally Answers { get; } = new();

    /// <summary>From a request's head being sent to the server's answer (or the connection's end).</summary>
    public LatencyHistogram HeldFor { get; } = new();

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long RequestsStarted => Interlocked.Read(ref _requestsStarted);

    /// <summary>Connections whose head was sent and whose body is being trickled now.</summary>
    public int Open => _uploads.Count(u => u.Socket is not null);

    /// <summary>Connects every upload (at most 200 connects at a time) and starts the writer.</summary>
    public async Task Start()
    {
        foreach (var upload in _uploads)
        {
            _loops.Add(Task.Run(() => Loop(upload)));
        }

        _writer = new Thread(Write) { IsBackground = true, Name = "slow uploads" };
        _writer.Start();
        var started = Stopwatch.StartNew();
        while (Open < _uploads.Length && started.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }
    }

    /// <summary>One connection after another for one upload: connect, send the head, wait for the answer or the end.</summary>
    private async Task Loop(Upload upload)
    {
        var answer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            long began;
            try
            {
                await _connecting.WaitAsync(_stop.Token);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port), _stop.Token);
                }
                finally
                {
                    _connecting.Release();
                }

                await socket.SendAsync(_head, SocketFlags.None, _stop.Token);
                began = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref _requestsStarted);
                upload.Sent = 0;
                Volatile.Write(ref upload.Socket, socket);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                socket.Dispose();
                return;
            }
            catch (SocketException e)
            {
                Answers.Add($"connect failed ({e.SocketErrorCode})");
                socket.Dispose();
                await Task.Delay(100);
                continue;
            }

            var outcome = await ReadAnswer(socket, answer);
            Volatile.Write(ref upload.Socket, null);
            if (!_stop.IsCancellationRequested)
            {
                HeldFor.RecordSince(began);
                Answers.Add(outcome);
            }

            socket.Dispose();
        }
    }

    /// <summary>"408 request.body_timeout" from the answer's status line and body, or how the connection ended without one.</summary>
    private async Task<string> ReadAnswer(Socket socket, byte[] buffer)
    {
        var got = 0;
        try
        {
            // The server may keep the connection open after an answer (a body that did arrive whole): read the answer, not to the end.
            while (got < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, _stop.Token);
                if (n == 0)
                {
                    break;
                }

                got += n;
                if (IsWhole(buffer.AsSpan(0, got)))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return "stopped";
        }
        catch (SocketException e)
        {
            return got == 0 ? $"connection {e.SocketErrorCode}, no answer" : Parse(buffer.AsSpan(0, got));
        }

        return got == 0 ? "closed, no answer" : Parse(buffer.AsSpan(0, got));
    }

    /// <summary>Whether the bytes hold a whole HTTP answer: its head, and its body by Content-Length or up to the last chunk.</summary>
    private static bool IsWhole(ReadOnlySpan<byte> answer)
    {
        var headEnd = answer.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return false;
        }

        var head = Encoding.ASCII.GetString(answer[..headEnd]);
        var body = answer.Length - headEnd - 4;
        var length = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (length is not null)
        {
            return body >= int.Parse(length["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
        }

        return !head.Contains("chunked", StringComparison.OrdinalIgnoreCase) || answer.EndsWith("0\r\n\r\n"u8);
    }

    private static string Parse(ReadOnlySpan<byte> answer)
    {
        // "HTTP/1.1 408 Request Timeout\r\n...": the status is the second word.
        if (answer.Length < 12 || !answer.StartsWith("HTTP/1."u8) || !int.TryParse(answer[9..12], CultureInfo.InvariantCulture, out var status))
        {
            return "unreadable answer";
        }

        var bodyAt = answer.IndexOf("\r\n\r\n"u8);
        return AnswerTally.Of(status, bodyAt < 0 ? default : answer[(bodyAt + 4)..]);
    }

    /// <summary>Each tick, a piece of body to every open connection, the connections taken in slices spread over the tick.</summary>
    private void Write()
    {
        var next = Stopwatch.GetTimestamp();
        var slice = (long)(_tick.TotalSeconds * Stopwatch.Frequency / Slices);
        while (!_stop.IsCancellationRequested)
        {
            for (var s = 0; s < Slices && !_stop.IsCancellationRequested; s++)
            {
                for (var i = s * _uploads.Length / Slices; i < (s + 1) * _uploads.Length / Slices; i++)
                {
                    var upload = _uploads[i];
                    if (Volatile.Read(ref upload.Socket) is not { } socket || upload.Sent >= _body.Length)
                    {
                        continue;
                    }

                    var length = Math.Min(_piece, _body.Length - upload.Sent);
                    try
                    {
                        // Never blocks in practice: a piece is a few hundred bytes and the server reads them.
                        var sent = socket.Send(_body, upload.Sent, length, SocketFlags.None, out var error);
                        if (error == SocketError.Success)
                        {
                            upload.Sent += sent;
                            Interlocked.Add(ref _bytesSent, sent);
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        // Its answer came in meanwhile and the connection is being started again.
                    }
                }

                next += slice;
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var upload in _uploads)
        {
            Volatile.Read(ref upload.Socket)?.Dispose();
        }

        await Task.WhenAll(_loops);
        _writer?.Join();
        _stop.Dispose();
        _connecting.Dispose();
    }

    /// <summary>One slow client: its connection now (null between connections) and how much of the body it sent on it.</summary>
    private sealed class Upload
    {
        public Socket? Socket;
        public int Sent;
    }
}
