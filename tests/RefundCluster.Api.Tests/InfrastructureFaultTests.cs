using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Silo.Api;
using RefundCluster.Silo.Security;

namespace RefundCluster.Api.Tests;

/// <summary>
/// A fault of what the cluster stands on (PostgreSQL restarting, a socket, a silo gone, an exception that could not
/// cross silos) is an answer a client can act on: 503 <c>cluster.unavailable</c> with Retry-After, for an event and
/// for any other endpoint; a bug stays a 500.
/// </summary>
public sealed class InfrastructureFaultTests
{
    private static readonly ApiCredential Credential = new("unit", [Role.Integrator], []);

    private static Exception Fault(string name) => name switch
    {
        "postgres" => new NpgsqlException("Failed to connect to 127.0.0.1:5432"),
        "cross-silo" => new CodecNotFoundException("Could not find a codec for type Npgsql.PostgresException."),
        "socket" => new SocketException((int)SocketError.ConnectionRefused),
        "silo" => new SiloUnavailableException("The target silo is unavailable."),
        "wrapped" => new InvalidOperationException("outer", new NpgsqlException("inner")),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("postgres")]
    [InlineData("cross-silo")]
    [InlineData("socket")]
    [InlineData("silo")]
    [InlineData("wrapped")]
    public async Task An_event_whose_grain_call_meets_an_infrastructure_fault_is_answered_unavailable(string fault)
    {
        var admission = Admission();
        var dispatcher = new EventDispatcher(
            FakeGrains.Answering(Task.FromException<EventOutcome>(Fault(fault))), admission,
            Options.Create(new AdmissionOptions()), NullLogger<EventDispatcher>.Instance);

        using var lease = await admission.Admit(1, "single", TestContext.Current.CancellationToken);
        using var answerBy = dispatcher.AnswerWindow();
        var outcome = await dispatcher.Dispatch(new OrderDeliveredEvent { EventId = "evt-1", OrderId = "order-1" }, Credential, lease, answerBy.Token);

        Assert.Equal((OutcomeStatus.Rejected, "cluster.unavailable"), (outcome.Status, outcome.Error?.Code));
        Assert.Equal(0, admission.InFlight);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("cross-silo")]
    [InlineData("silo")]
    public async Task Any_endpoint_meeting_an_infrastructure_fault_answers_503_with_retry_after(string fault)
    {
        var (handler, context) = Handler();

        Assert.True(await handler.TryHandleAsync(context, Fault(fault), TestContext.Current.CancellationToken));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var problem = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal("cluster.unavailable", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_bug_is_left_to_the_500_handler()
    {
        var (handler, context) = Handler();

        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException("a bug"), TestContext.Current.CancellationToken));
        Assert.False(await handler.TryHandleAsync(context, new InconsistentStateException("etag moved"), TestContext.Current.CancellationToken));
    }

    private static (UnavailableExceptionHandler Handler, HttpContext Context) Handler()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        return (new UnavailableExceptionHandler(Admission(), NullLogger<UnavailableExceptionHandler>.Instance), context);
    }

    private static EventAdmission Admission() =>
        new(Options.Create(new AdmissionOptions { MaxEventsInFlight = 4 }),
            new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
