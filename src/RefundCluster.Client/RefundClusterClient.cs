using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RefundCluster.Domain.Common;

namespace RefundCluster.Client;

/// <summary>
/// The RefundCluster HTTP API, typed: events (one, or batches split to the API's limits), reads, shop lists and the
/// change feed. Passing refusals (429, 503, a 5xx with Retry-After, a lost connection) are retried as
/// <see cref="RefundClusterClientOptions.Retry"/> says, with the same eventIds; a final one throws
/// <see cref="RefundClusterException"/> carrying the problem's code. Thread-safe; share one per API.
/// </summary>
public sealed partial class RefundClusterClient
{
    private const string ApiKeyHeader = "X-Api-Key";

    private readonly HttpClient _http;
    private readonly RefundClusterClientOptions _options;
    private readonly TimeProvider _clock;
    private readonly Random _random;
    private readonly Lock _randomLock = new(); // a Random given by the caller is not thread-safe

    /// <param name="http">Sends the requests; its BaseAddress is used unless the options give one.</param>
    /// <param name="options">The API's address, the key, retries, paging (defaults when null).</param>
    /// <param name="clock">Waits between retries and polls, and reads Retry-After dates (the system clock when null).</param>
    /// <param name="random">The retry jitter (a shared one when null).</param>
    public RefundClusterClient(HttpClient http, RefundClusterClientOptions? options = null, TimeProvider? clock = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = options ?? new RefundClusterClientOptions();
        _clock = clock ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        if (_options.BaseAddress is null && http.BaseAddress is null)
        {
            throw new ArgumentException("Either the options or the HttpClient must give the API's base address.", nameof(options));
        }

        if (_options.BatchSize is < 1 or > ApiLimits.MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"BatchSize must be 1–{ApiLimits.MaxBatchSize}.");
        }

        if (_options.ChangePageSize is < 1 or > ApiLimits.MaxChangePage)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"ChangePageSize must be 1–{ApiLimits.MaxChangePage}.");
        }

        if (_options.Retry.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Retry.MaxAttempts must be at least 1.");
        }
    }

    public RefundClusterClientOptions Options => _options;

    private Uri Address(string relative) => new(_options.BaseAddress ?? _http.BaseAddress!, relative);

    private HttpRequestMessage Request(HttpMethod method, string relative, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Address(relative)) { Content = content };
        if (_options.ApiKey is { } key)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, key);
        }

        return request;
    }

    /// <summary>
    /// Sends until the answer is final or the attempts are spent, and returns the last answer (a transport failure on
    /// the last attempt is thrown). <paramref name="make"/> builds each attempt's request afresh.
    /// </summary>
    private async Task<HttpResponseMessage> SendWithRetries(Func<HttpRequestMessage> make, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            var last = attempt >= _options.Retry.MaxAttempts;
            try
            {
                using var request = make();
                var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel).ConfigureAwait(false);
                if (last || !await IsPassing(response, cancel).ConfigureAwait(false))
                {
                    return response;
                }

                retryAfter = RetryAfterOf(response);
                response.Dispose();
            }
            catch (HttpRequestException) when (!last)
            {
                // lost connection, refused, reset: resending is safe (same eventIds)
            }
            catch (TaskCanceledException) when (!last && !cancel.IsCancellationRequested)
            {
                // the HttpClient's timeout, not the caller's cancellation
            }

            await Wait(attempt, retryAfter, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>Waits before retry number <paramref name="retry"/>, as <see cref="RetryPolicy.DelayBefore"/> says, on the client's clock.</summary>
    private Task Wait(int retry, TimeSpan? retryAfter, CancellationToken cancel)
    {
        TimeSpan delay;
        lock (_randomLock)
        {
            delay = _options.Retry.DelayBefore(retry, retryAfter, _random);
        }

        return Task.Delay(delay, _clock, cancel);
    }

    /// <summary>Whether the refusal is passing: rate limited, unavailable, a 5xx that says when to come back, a storage conflict.</summary>
    private static async Task<bool> IsPassing(HttpResponseMessage response, CancellationToken cancel)
    {
        var status = (int)response.StatusCode;
        if (status is 429 or 503 || (status >= 500 && response.Headers.RetryAfter is not null))
        {
            return true;
        }

        return response.StatusCode == HttpStatusCode.Conflict
               && (await ReadProblem(response, null, cancel).ConfigureAwait(false)).Code == ErrorCatalogue.StorageConflict.Code;
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<RefundClusterProblem> ReadProblem(HttpResponseMessage response, TimeSpan? retryAfter, CancellationToken cancel)
    {
        RefundClusterProblem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<RefundClusterProblem>(ClientJson.Read, cancel).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // not a problem document: described below from the status alone
            }
        }

        problem ??= new RefundClusterProblem { Title = response.ReasonPhrase, Detail = response.ReasonPhrase };
        return problem with
        {
            Status = (int)response.StatusCode,
            Code = problem.Code is { Length: > 0 } code ? code : $"http.{(int)response.StatusCode}",
            RetryAfter = retryAfter,
        };
    }

    private async Task<RefundClusterException> Refusal(HttpResponseMessage response, CancellationToken cancel) =>
        new(await ReadProblem(response, RetryAfterOf(response), cancel).ConfigureAwait(false));

    /// <summary>A GET's body, typed; null on 404 when <paramref name="nullWhenNotFound"/>; else a refusal throws.</summary>
    private async Task<T?> Get<T>(string relative, bool nullWhenNotFound, CancellationToken cancel) where T : class
    {
        using var response = await SendWithRetries(() => Request(HttpMethod.Get, relative), cancel).ConfigureAwait(false);
        if (nullWhenNotFound && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await Refusal(response, cancel).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync<T>(ClientJson.Read, cancel).ConfigureAwait(false)
               ?? throw new RefundClusterException($"GET {relative} answered an empty body.");
    }

    private static ByteArrayContent Json(byte[] utf8)
    {
        var content = new ByteArrayContent(utf8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
