using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.Api.Tests.Security;

/// <summary>Who calls, in the matrix: no key, or one of the test keys by role.</summary>
public enum Caller
{
    Anonymous,
    Integrator,
    ScopedIntegrator,
    ShopService,
    Operator,
}

/// <summary>Whether the request is about the caller's own shop (the scoped keys' shop) or another one.</summary>
public enum ShopSide
{
    Own,
    Other,
}

/// <summary>
/// Every endpoint × every role × own/other shop, against the real host. The endpoint list is read from the app's own
/// route table, so an endpoint added without a line here fails the first test until someone decides who may call it.
/// </summary>
public sealed class AuthorizationMatrixTests(ClusterHost host) : IClassFixture<ClusterHost>
{
    private static readonly string OwnShop = TestCredentials.ScopedShop;
    private static readonly string OtherShop = TestCredentials.OtherShop;

    /// <summary>What each kind of endpoint allows; the probes below send one request per (endpoint, caller, shop).</summary>
    private enum Access
    {
        /// <summary>Open to anyone: probes, the login form, the root redirect.</summary>
        Anonymous,
        /// <summary>Integrators (scoped ones for their shops only).</summary>
        Events,
        /// <summary>A shop service for its own shop (others: as if it did not exist), operators for every shop.</summary>
        ShopData,
        /// <summary>Operators only.</summary>
        Operator,
        /// <summary>Any valid credential.</summary>
        AnyCredential,
        /// <summary>The change feed of one shop: integrators (scoped ones for their shops), shop services (their shop), operators.</summary>
        Changes,
        /// <summary>Webhook subscriptions: integrators (their own; scoped ones for their shops) and operators.</summary>
        Webhooks,
        /// <summary>A dashboard page's own POST: a signed-in session only; a key is not a session (sent to sign in).</summary>
        Session,
    }

    private static readonly Dictionary<string, Access> Routes = new()
    {
        ["GET /healthz"] = Access.Anonymous,
        ["GET /readyz"] = Access.Anonymous,
        ["HEAD /healthz"] = Access.Anonymous,
        ["HEAD /readyz"] = Access.Anonymous,
        ["GET /"] = Access.Anonymous,
        ["GET /dashboard/login"] = Access.Anonymous,
        ["POST /dashboard/login"] = Access.Anonymous,
        ["GET /dashboard/logout"] = Access.Anonymous,
        // The API reference: its page for any signed-in key, its scripts (code, no data) for anyone, like the dashboard's.
        ["GET /dashboard/api/{documentName?}"] = Access.AnyCredential,
        ["GET /dashboard/api/scalar.js"] = Access.Anonymous,
        ["GET /dashboard/api/scalar.aspnetcore.js"] = Access.Anonymous,
        ["GET /dashboard/api/favicon.svg"] = Access.Anonymous,
        ["POST /v1/events"] = Access.Events,
        ["POST /v1/events/batch"] = Access.Events,
        ["GET /v1/orders/{orderId}"] = Access.ShopData,
        ["GET /v1/refunds/{refundId}"] = Access.ShopData,
        ["GET /v1/shops/{shopId}/metrics"] = Access.ShopData,
        ["GET /v1/shops/{shopId}/risks"] = Access.ShopData,
        ["GET /v1/shops/{shopId}/metrics/stream"] = Access.ShopData,
        ["GET /v1/shops/{shopId}/metrics/series"] = Access.ShopData,
        ["GET /v1/indicators"] = Access.AnyCredential,
        ["GET /dashboard/shops/{shopId}"] = Access.ShopData,
        ["GET /dashboard/refunds/{refundId}"] = Access.ShopData,
        ["GET /dashboard/orders/{orderId}"] = Access.ShopData,
        ["GET /dashboard"] = Access.ShopData,
        ["GET /v1/shops/{shopId}/policy"] = Access.ShopData,
        ["PUT /v1/shops/{shopId}/policy"] = Access.Operator,
        ["POST /v1/shops/{shopId}/metrics/rebuild"] = Access.Operator,
        ["GET /v1/metrics/shops"] = Access.Operator,
        ["* /metrics"] = Access.Operator, // Prometheus maps its endpoint for every method
        ["GET /openapi/{documentName}.json"] = Access.AnyCredential,
        ["GET /v1/changes"] = Access.Changes,
        ["GET /v1/shops/{shopId}/refunds"] = Access.ShopData,
        ["GET /v1/shops/{shopId}/refunds/counts"] = Access.ShopData,
        ["GET /dashboard/shops/{shopId}/refunds"] = Access.ShopData,
        ["GET /v1/shops/{shopId}/orders"] = Access.ShopData,
        ["GET /v1/shops/{shopId}/recording"] = Access.ShopData,
        ["POST /v1/shops/{shopId}/what-if"] = Access.ShopData,
        ["GET /dashboard/shops/{shopId}/what-if"] = Access.ShopData,
        ["POST /dashboard/shops/{shopId}/what-if"] = Access.Session,
        ["POST /v1/webhooks"] = Access.Webhooks,
        ["GET /v1/webhooks"] = Access.Webhooks,
        ["GET /v1/webhooks/{webhookId}"] = Access.Webhooks,
        ["DELETE /v1/webhooks/{webhookId}"] = Access.Webhooks,
        ["GET /v1/webhooks/{webhookId}/deliveries"] = Access.Webhooks,
        ["POST /v1/webhooks/{webhookId}/replay"] = Access.Webhooks,
    };

    private const string OrleansDashboardPrefix = "/orleans-dashboard";

    [Fact]
    public async Task Every_endpoint_of_the_app_has_a_line_in_the_matrix()
    {
        await using var app = SiloApp.Build(["--Security:GenerateDevelopmentKey=false"]);

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();

        Assert.NotEmpty(endpoints);
        var unclassified = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                if (pattern.StartsWith(OrleansDashboardPrefix, StringComparison.Ordinal))
                {
                    // The Orleans Dashboard maps many endpoints of its own: every one must demand the operator policy.
                    Assert.Contains(endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>(), a => a.Policy == "operator");
                }
                else if (!Routes.ContainsKey($"{method} {pattern}"))
                {
                    unclassified.Add($"{method} {pattern}");
                }
            }
        }

        Assert.True(unclassified.Count == 0, $"Endpoints missing from the authorization matrix: {string.Join(", ", unclassified)}");
    }

    public static TheoryData<string, Caller, ShopSide> Cells()
    {
        var data = new TheoryData<string, Caller, ShopSide>();
        foreach (var route in Routes.Keys.Append($"GET {OrleansDashboardPrefix}/"))
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                foreach (var side in Enum.GetValues<ShopSide>())
                {
                    data.Add(route, caller, side);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_role_gets_exactly_what_it_may(string route, Caller caller, ShopSide side)
    {
        var access = route.StartsWith($"GET {OrleansDashboardPrefix}", StringComparison.Ordinal) ? Access.Operator : Routes[route];
        var shop = side == ShopSide.Own ? OwnShop : OtherShop;
        var (order, refund) = await OrderWithRefund(shop);
        using var http = Client(caller);
        using var request = Request(route, shop, order, refund);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);

        var (status, code) = Expected(access, route, caller, side);
        var body = response.Content.Headers.ContentType?.MediaType is "text/event-stream" ? "(stream)" : await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, $"{caller} {route} ({side} shop): expected {status} {code}, got {(int)response.StatusCode} {body}");
        if (code is not null)
        {
            Assert.Contains($"\"{code}\"", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_shop_service_gets_the_same_answer_for_another_shops_order_as_for_a_missing_one()
    {
        var (order, refund) = await OrderWithRefund(OtherShop);
        using var shopService = Client(Caller.ShopService);

        foreach (var (existing, missing) in new[] { ($"v1/orders/{order}", $"v1/orders/{Ids.New("none")}"), ($"v1/refunds/{refund}", $"v1/refunds/{Ids.New("none")}") })
        {
            var other = await Describe(shopService, existing);
            var nothing = await Describe(shopService, missing);

            Assert.Equal(nothing, other);
            Assert.StartsWith("404", other, StringComparison.Ordinal);
        }

        // The metrics of another shop and of a shop no one ever heard of: the same too.
        Assert.Equal(
            (await Describe(shopService, $"v1/shops/{OtherShop}/metrics")).Replace(OtherShop, "{shop}", StringComparison.Ordinal),
            (await Describe(shopService, "v1/shops/never-heard-of/metrics")).Replace("never-heard-of", "{shop}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scoped_integrator_cannot_touch_another_shops_order_and_learns_nothing_about_it()
    {
        var (order, refund) = await OrderWithRefund(OtherShop);
        var (ownOrder, _) = await OrderWithRefund(OwnShop);
        using var scoped = Client(Caller.ScopedIntegrator);
        var before = await host.Api.Capture(Scenarios.OrderPath(order), Scenarios.RefundPath(refund));

        var onOther = await Post(scoped, "v1/events", Events.Shipped(order));
        var onMissing = await Post(scoped, "v1/events", Events.Shipped(Ids.New("none")));
        // Its own order with the other shop's refund id: not even a mismatch may show that the refund exists.
        var onOtherRefund = await Post(scoped, "v1/events", Events.Refund("refund.cancelled", ownOrder, refund));
        var onMissingRefund = await Post(scoped, "v1/events", Events.Refund("refund.cancelled", ownOrder, Ids.New("none")));
        var requestOnOther = await Post(scoped, "v1/events", Events.RefundRequested(order, Ids.New("refund"), 10m));

        Assert.Equal(onMissing, onOther);
        Assert.Contains("order.unknown", onOther, StringComparison.Ordinal);
        Assert.Equal(onMissingRefund, onOtherRefund);
        Assert.Contains("refund.unknown", onOtherRefund, StringComparison.Ordinal);
        Assert.Contains("order.unknown", requestOnOther, StringComparison.Ordinal);
        await before.AssertUnchanged();
    }

    private static (int Status, string? Code) Expected(Access access, string route, Caller caller, ShopSide side)
    {
        var page = route.Contains(" /dashboard", StringComparison.Ordinal) || route.Contains(OrleansDashboardPrefix, StringComparison.Ordinal);
        if (access == Access.Anonymous)
        {
            return route switch
            {
                "GET /" or "GET /dashboard/logout" => (302, null),
                "POST /dashboard/login" => (401, null), // a wrong key, whoever sends it
                _ => (200, null),
            };
        }

        if (caller == Caller.Anonymous)
        {
            return page ? (302, null) : (401, "auth.required");
        }

        return access switch
        {
            Access.AnyCredential => (200, null),
            Access.Session => (302, null),
            Access.Webhooks => caller switch
            {
                Caller.ShopService => (403, "auth.forbidden"),
                _ when route == "POST /v1/webhooks" => caller == Caller.ScopedIntegrator && side == ShopSide.Other ? (404, "shop.unknown") : (201, null),
                _ when route == "GET /v1/webhooks" => (200, null),
                _ => (404, "webhook.unknown"), // nobody's subscription by that id
            },
            Access.Changes => caller switch
            {
                Caller.Integrator or Caller.Operator => (200, null),
                Caller.ScopedIntegrator or Caller.ShopService when side == ShopSide.Own => (200, null),
                _ => (404, "shop.unknown"),
            },
            Access.Operator => caller == Caller.Operator ? (200, null) : (403, "auth.forbidden"),
            Access.Events => caller switch
            {
                Caller.Integrator => (200, null),
                Caller.ScopedIntegrator when side == ShopSide.Own => (200, null),
                Caller.ScopedIntegrator => route.EndsWith("batch", StringComparison.Ordinal) ? (200, "auth.shop_not_allowed") : (403, "auth.shop_not_allowed"),
                _ => (403, "auth.forbidden"),
            },
            _ => caller switch
            {
                Caller.Operator => (200, null),
                Caller.ShopService when route == "GET /dashboard" => (302, null), // to its own shop's page
                Caller.ShopService when side == ShopSide.Own => (200, null),
                Caller.ShopService => (404, page ? null : route.Contains("/v1/shops/", StringComparison.Ordinal) ? "shop.unknown"
                    : route.Contains("orders", StringComparison.Ordinal) ? "order.unknown"
                    : route.Contains("refunds", StringComparison.Ordinal) ? "refund.unknown" : "shop.unknown"),
                _ => (403, "auth.forbidden"),
            },
        };
    }

    private static HttpRequestMessage Request(string route, string shop, string order, string refund)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        var method = route[..space] == "*" ? HttpMethod.Get : new HttpMethod(route[..space]);
        var path = route[(space + 1)..]
            .Replace("{shopId}", shop, StringComparison.Ordinal).Replace("{orderId}", order, StringComparison.Ordinal)
            .Replace("{refundId}", refund, StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{documentName?}", "", StringComparison.Ordinal)
            .Replace("{webhookId}", "wh_none", StringComparison.Ordinal);
        if (route == "GET /v1/changes")
        {
            path += $"?shop={shop}";
        }

        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Content = route switch
        {
            "POST /v1/events" => Json(Events.Paid(Ids.New("authz"), 10m, shop).ToJsonString()),
            "POST /v1/events/batch" => Json(new JsonArray(Events.Paid(Ids.New("authz"), 10m, shop)).ToJsonString()),
            "PUT /v1/shops/{shopId}/policy" => Json("{}"),
            "POST /v1/shops/{shopId}/what-if" or "POST /dashboard/shops/{shopId}/what-if" =>
                Json("""{"policy":{},"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z"}"""),
            "POST /v1/webhooks" => Json(new JsonObject { ["url"] = "http://127.0.0.1:9/hook", ["shops"] = new JsonArray(shop) }.ToJsonString()),
            "POST /dashboard/login" => new FormUrlEncodedContent([new("key", "rck.nobody.wrong")]),
            _ => null,
        };
        return request;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private HttpClient Client(Caller caller)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Api.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var key = caller switch
        {
            Caller.Integrator => TestCredentials.Integrator,
            Caller.ScopedIntegrator => TestCredentials.ScopedIntegrator,
            Caller.ShopService => TestCredentials.ShopService,
            Caller.Operator => TestCredentials.Operator,
            _ => null,
        };
        key?.Authorize(http);
        return http;
    }

    private async Task<(string Order, string Refund)> OrderWithRefund(string shop)
    {
        var order = await host.Api.PayOrder(500m, shop);
        var (refund, _) = await host.Api.RequestRefund(order, 300m);
        return (order, refund);
    }

    /// <summary>Status, code and detail: everything but the per-request trace id.</summary>
    private static async Task<string> Describe(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return $"{(int)response.StatusCode} {body.Str("code")} {body.Str("detail")}";
    }

    private static async Task<string> Post(HttpClient http, string path, JsonNode body)
    {
        using var response = await http.PostAsync(path, Json(body.ToJsonString()), TestContext.Current.CancellationToken);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return $"{(int)response.StatusCode} {problem.Str("code")} {problem.Str("detail")}";
    }
}
