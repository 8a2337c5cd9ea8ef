using static RefundCluster.Api.Tests.Infrastructure.Scenarios;

namespace RefundCluster.Api.Tests;

public sealed class PolicyTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    private static string PolicyPath(string shopId) => $"v1/shops/{shopId}/policy";

    /// <summary>The shop's current policy as a PUT body, with one change made by <paramref name="edit"/>.</summary>
    private async Task<string> EditedPolicy(string shopId, Action<JsonObject> edit)
    {
        var policy = JsonNode.Parse((await _api.GetPolicy(shopId)).GetProperty("policy").GetRawText())!.AsObject();
        edit(policy);
        return policy.ToJsonString();
    }

    [Fact]
    public async Task Unchanged_shop_runs_on_the_platform_defaults()
    {
        var view = await _api.GetPolicy(Ids.New("shop"));

        Assert.Equal(0, view.Int("version"));
        Assert.Empty(view.GetProperty("changes").EnumerateArray());
        var policy = view.GetProperty("policy");
        var zeroSecond = policy.GetProperty("zeroSecondRefund");
        Assert.True(zeroSecond.GetProperty("enabled").GetBoolean());
        Assert.Equal(200m, zeroSecond.Dec("cap"));
        Assert.Equal("2.00:00:00", policy.GetProperty("deadlines").Str("sellerResponse"));
        Assert.Contains("quality_defect", policy.GetProperty("qualityReasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Lowered_zero_second_cap_applies_to_the_next_refund()
    {
        var shopId = Ids.New("shop");
        var body = await EditedPolicy(shopId, p => p["zeroSecondRefund"]!["cap"] = 50m);

        var response = await _api.PutPolicy(shopId, body);

        ApiAssert.Ok(response);
        var view = await _api.GetPolicy(shopId);
        Assert.Equal(50m, view.GetProperty("policy").GetProperty("zeroSecondRefund").Dec("cap"));
        Assert.Equal(1, view.Int("version"));
        // The change log names the credential that made the change.
        Assert.Equal(TestCredentials.Admin.Id, Assert.Single(view.GetProperty("changes").EnumerateArray()).Str("changedBy"));

        var (overCap, _) = await _api.RequestRefund(await _api.PayOrder(100m, shopId), 100m);
        var (underCap, _) = await _api.RequestRefund(await _api.PayOrder(100m, shopId), 50m);
        Assert.Equal("waiting_seller_agree", (await _api.GetRefund(overCap)).Str("status"));
        var zeroSecond = await _api.GetRefund(underCap);
        Assert.Equal(("succeeded", "zero_second_refund"), (zeroSecond.Str("status"), zeroSecond.Str("automation")));
    }

    [Fact]
    public async Task Omitted_policy_fields_take_the_platform_default()
    {
        var shopId = Ids.New("shop");

        var response = await _api.PutPolicy(shopId, """{"autoApproveReturn": true}""");

        ApiAssert.Ok(response);
        var policy = response.Json.GetProperty("policy");
        Assert.True(policy.GetProperty("autoApproveReturn").GetBoolean());
        Assert.Equal(200m, policy.GetProperty("zeroSecondRefund").Dec("cap"));
    }

    private static readonly Dictionary<string, Action<JsonObject>> InvalidEdits = new()
    {
        ["negative 0秒退 cap"] = p => p["zeroSecondRefund"]!["cap"] = -1m,
        ["cap with three decimals"] = p => p["smallAmountAutoRefund"]!["cap"] = 1.234m,
        ["zero seller response time"] = p => p["deadlines"]!["sellerResponse"] = "00:00:00",
        ["utc offset out of range"] = p => p["utcOffsetHours"] = 15,
        ["levels for an unknown indicator"] = p => p["indicatorThresholds"] = new JsonObject { ["loudness"] = new JsonObject { ["warning"] = 0.1, ["alarm"] = 0.2 } },
        ["a level above 100 %"] = p => p["indicatorThresholds"] = new JsonObject { ["refundRate"] = new JsonObject { ["warning"] = 0.5, ["alarm"] = 1.5 } },
        ["an alarm short of the warning"] = p => p["indicatorThresholds"] = new JsonObject { ["refundRate"] = new JsonObject { ["warning"] = 0.5, ["alarm"] = 0.4 } },
        ["levels for a share that judges nothing"] = p => p["indicatorThresholds"] = new JsonObject { ["zeroSecondShare"] = new JsonObject { ["warning"] = 0.5 } },
    };

    public static TheoryData<string> InvalidEditNames => [.. InvalidEdits.Keys];

    [Theory]
    [MemberData(nameof(InvalidEditNames))]
    public async Task Invalid_policy_is_refused_and_the_old_one_stays(string edit)
    {
        var shopId = Ids.New("shop");
        var before = await _api.Capture(PolicyPath(shopId));

        var response = await _api.PutPolicy(shopId, await EditedPolicy(shopId, InvalidEdits[edit]));

        ApiAssert.Problem(response, HttpStatusCode.BadRequest, "policy.invalid");
        await before.AssertUnchanged();
        var (refundId, _) = await _api.RequestRefund(await _api.PayOrder(150m, shopId), 150m);
        Assert.Equal("succeeded", (await _api.GetRefund(refundId)).Str("status")); // the default 200 cap still applies
    }

    [Theory]
    [InlineData("""{"zeroSecondRefund": {"enabled": true, "cap": 50}""", "request.malformed_json")]
    [InlineData("""{"zeroSecondRefund": {"enabled": true, "cap": "fifty"}}""", "request.invalid_field")]
    [InlineData("""{"zeroSecondRefnud": {"enabled": true, "cap": 50}}""", "request.unknown_field")]
    public async Task Unreadable_policy_body_is_refused_like_an_unreadable_event(string body, string code)
    {
        var shopId = Ids.New("shop");
        var before = await _api.Capture(PolicyPath(shopId));

        ApiAssert.Problem(await _api.PutPolicy(shopId, body), HttpStatusCode.BadRequest, code);

        await before.AssertUnchanged();
    }
}
