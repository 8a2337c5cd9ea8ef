using System.Reflection;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Serialization.Form;
using Microsoft.Kiota.Serialization.Json;
using Microsoft.Kiota.Serialization.Multipart;
using Microsoft.Kiota.Serialization.Text;
using NSwag.CodeGeneration.CSharp;

namespace RefundCluster.Api.Tests;

/// <summary>
/// Clients generated from the live <c>/openapi/v1.json</c> by NSwag (in-process) and Kiota (the local tool) compile,
/// send an <c>order.paid</c> event through the event union and an <c>order.shipped</c> in a batch, read the order back
/// (money exact to the fen), and get a refusal as a typed problem with its code.
/// </summary>
public sealed class ClientGenerationTests(ClusterHost host)
{
    private const decimal Price = 123.45m;

    private Uri BaseAddress => new($"http://127.0.0.1:{host.Ports.Http}/");

    [Fact]
    public async Task An_NSwag_client_sends_an_event_and_reads_the_order()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(await Document(), TestContext.Current.CancellationToken);
        var settings = new CSharpClientGeneratorSettings { ClassName = "RefundClient", UseBaseUrl = false };
        settings.CSharpGeneratorSettings.Namespace = "Generated.NSwag";
        var code = new CSharpClientGenerator(document, settings).GenerateFile();
        var assembly = ClientCompiler.Compile("NSwagClient", [code], typeof(Newtonsoft.Json.JsonConvert).Assembly);

        using var recorder = new RecordingHandler();
        using var http = Client(recorder);
        dynamic client = Activator.CreateInstance(Find(assembly, "RefundClient"), http)!;
        var orderId = Ids.New("nswag-order");
        dynamic paid = New(assembly, "OrderPaidEvent");
        paid.EventId = Ids.New("nswag-evt");
        paid.OrderId = orderId;
        paid.ShopId = "gen-shop";
        paid.BuyerId = "gen-buyer";
        paid.PaidAmount = Price;
        dynamic line = New(assembly, "OrderLineDto");
        line.Sku = "sku-1";
        line.Quantity = 1;
        line.UnitPrice = Price;
        paid.Lines.Add(line);

        dynamic outcome = await recorder.Step(async () => await client.PostEventAsync(paid));
        Assert.Equal("Accepted", ((object)outcome.Status).ToString());

        // Another kind, in a batch: the union's every member travels.
        dynamic shipped = New(assembly, "OrderShippedEvent");
        shipped.EventId = Ids.New("nswag-evt");
        shipped.OrderId = orderId;
        shipped.TrackingNumber = "SF1234567890";
        dynamic batch = Activator.CreateInstance(typeof(List<>).MakeGenericType(Find(assembly, "IntegratorEvent")))!;
        batch.Add(shipped);
        dynamic answer = await recorder.Step(async () => await client.PostEventBatchAsync(batch));
        Assert.Equal(1, (int)answer.Accepted);

        dynamic order = await recorder.Step(async () => await client.GetOrderAsync(orderId));
        Assert.Equal("Shipped", ((object)order.Status).ToString());
        Assert.Equal(Price, (decimal)order.PaidAmount);
        Assert.Equal(Price, (decimal)Enumerable.Single((IEnumerable<dynamic>)order.Lines).UnitPrice);

        // A refusal arrives as a typed problem whose code is the catalogue's enum.
        Exception missing = await Assert.ThrowsAnyAsync<Exception>(async () => await client.GetOrderAsync(Ids.New("none")));
        Assert.Equal("order.unknown", WireName((object)((dynamic)missing).Result.Code));
    }

    [Fact]
    public async Task A_Kiota_client_sends_an_event_and_reads_the_order()
    {
        var work = Directory.CreateTempSubdirectory("refundcluster-kiota-");
        try
        {
            var documentPath = Path.Combine(work.FullName, "openapi.json");
            await File.WriteAllTextAsync(documentPath, await Document(), TestContext.Current.CancellationToken);
            var sources = await KiotaTool.Generate(documentPath, Path.Combine(work.FullName, "client"), "Generated.Kiota", "RefundKiotaClient");
            var assembly = ClientCompiler.Compile("KiotaClient", sources,
                typeof(IRequestAdapter).Assembly, typeof(HttpClientRequestAdapter).Assembly, typeof(JsonSerializationWriterFactory).Assembly,
                typeof(TextSerializationWriterFactory).Assembly, typeof(FormSerializationWriterFactory).Assembly,
                typeof(MultipartSerializationWriterFactory).Assembly);

            using var recorder = new RecordingHandler();
            using var http = Client(recorder);
            var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
            {
                BaseUrl = BaseAddress.ToString().TrimEnd('/'),
            };
            dynamic client = Activator.CreateInstance(Find(assembly, "RefundKiotaClient"), adapter)!;
            var orderId = Ids.New("kiota-order");
            dynamic paid = New(assembly, "OrderPaidEvent");
            paid.Kind = (dynamic)KiotaEnum(((object)paid).GetType().GetProperty("Kind")!.PropertyType, "order.paid");
            paid.EventId = Ids.New("kiota-evt");
            paid.OrderId = orderId;
            paid.ShopId = "gen-shop";
            paid.BuyerId = "gen-buyer";
            paid.PaidAmount = Price;
            dynamic line = New(assembly, "OrderLineDto");
            line.Sku = "sku-1";
            line.Quantity = 1;
            line.UnitPrice = Price;
            dynamic lines = Activator.CreateInstance(typeof(List<>).MakeGenericType(Find(assembly, "OrderLineDto")))!;
            lines.Add(line);
            paid.Lines = lines;

            dynamic outcome = await recorder.Step(async () => await client.V1.Events.PostAsync(paid));
            Assert.Equal("Accepted", ((object)outcome.Status).ToString());

            // Another kind, in a batch: the union's every member travels.
            dynamic shipped = New(assembly, "OrderShippedEvent");
            shipped.Kind = (dynamic)KiotaEnum(((object)shipped).GetType().GetProperty("Kind")!.PropertyType, "order.shipped");
            shipped.EventId = Ids.New("kiota-evt");
            shipped.OrderId = orderId;
            shipped.TrackingNumber = "SF1234567890";
            dynamic batch = Activator.CreateInstance(typeof(List<>).MakeGenericType(Find(assembly, "IntegratorEvent")))!;
            batch.Add(shipped);
            dynamic answer = await recorder.Step(async () => await client.V1.Events.Batch.PostAsync(batch));
            Assert.Equal(1, (int)answer.Accepted);

            dynamic order = await recorder.Step(async () => await client.V1.Orders[orderId].GetAsync());
            Assert.Equal("Shipped", ((object)order.Status).ToString());
            Assert.Equal(Price, (decimal)order.PaidAmount);
            Assert.Equal(Price, (decimal)Enumerable.Single((IEnumerable<dynamic>)order.Lines).UnitPrice);

            // A refusal arrives as a typed problem whose code is the catalogue's enum.
            Exception missing = await Assert.ThrowsAnyAsync<Exception>(async () => await client.V1.Orders[Ids.New("none")].GetAsync());
            Assert.Equal("order.unknown", WireName((object)((dynamic)missing).Code));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<string> Document()
    {
        var response = await host.Api.Get("openapi/v1.json");
        ApiAssert.Ok(response);
        return response.Body;
    }

    private HttpClient Client(RecordingHandler recorder)
    {
        var http = new HttpClient(recorder, disposeHandler: false) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        TestCredentials.Admin.Authorize(http);
        return http;
    }

    /// <summary>The member of a generated enum whose wire name is <paramref name="value"/>.</summary>
    private static object KiotaEnum(Type type, string value)
    {
        var enumType = Nullable.GetUnderlyingType(type) ?? type;
        var field = enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Single(f => f.GetCustomAttribute<System.Runtime.Serialization.EnumMemberAttribute>()?.Value == value);
        return field.GetValue(null)!;
    }

    /// <summary>A generated enum member's wire name.</summary>
    private static string? WireName(object value) =>
        value.GetType().GetField(value.ToString()!)?.GetCustomAttribute<System.Runtime.Serialization.EnumMemberAttribute>()?.Value;

    private static Type Find(Assembly assembly, string name) =>
        assembly.GetTypes().SingleOrDefault(t => t.Name == name) ?? throw new InvalidOperationException($"The generated client has no type {name}.");

    private static object New(Assembly assembly, string name) => Activator.CreateInstance(Find(assembly, name))!;
}
