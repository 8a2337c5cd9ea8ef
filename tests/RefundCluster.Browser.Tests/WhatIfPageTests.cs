using System.Text;

namespace RefundCluster.Browser.Tests;

/// <summary>
/// The what-if page in a real browser: the policy in force in a form, one rule edited, the shop's recording replayed
/// under both, and the comparison's figures rendered as the rules imply (no timer needs to fire: the seller answered).
/// </summary>
public sealed class WhatIfPageTests(BrowserHost host)
{
    [Fact]
    public async Task Raising_the_zero_second_cap_shows_every_figure_that_would_change()
    {
        var shopId = Ids.New("shop-whatif");
        await PutPolicy(shopId, zeroSecondCap: 100m, sellerResponse: "01:00:00");
        var (_, quick) = await Lifecycle(shopId, 80m, seller: null); // under the 100 yuan cap: refunded at once
        var (approvedOrder, approved) = await Lifecycle(shopId, 300m, seller: "refund.approved");
        var (_, refused) = await Lifecycle(shopId, 450m, seller: "refund.refused");

        await using var dashboard = await host.NewPage();
        var page = dashboard.Page;
        await page.GotoAsync($"/dashboard/shops/{shopId}");
        await Expect(dashboard.ByTestId("what-if-link")).ToHaveAttributeAsync("href", $"/dashboard/shops/{shopId}/what-if");
        await dashboard.ByTestId("what-if-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/dashboard/shops/{shopId}/what-if$"));

        // The form starts as the policy in force.
        await Expect(dashboard.ByTestId("shop-id")).ToHaveTextAsync(shopId);
        await Expect(dashboard.ByTestId("rule-zeroSecondRefund-cap")).ToHaveValueAsync("100");
        await Expect(dashboard.ByTestId("rule-zeroSecondRefund-enabled")).ToBeCheckedAsync();
        await Expect(dashboard.ByTestId("rule-zeroSecondRefund-current")).ToHaveTextAsync("开 on · ≤ 100.00 元");
        await Expect(dashboard.ByTestId("rule-sellerResponse-hours")).ToHaveValueAsync("1");
        await Expect(dashboard.ByTestId("rule-managedMode-enabled")).Not.ToBeCheckedAsync();
        await Expect(dashboard.ByTestId("rule-managedMode-cap")).ToHaveValueAsync("200");
        await Expect(dashboard.ByTestId("edits")).ToHaveTextAsync("与现行策略相同 · same as the policy in force");
        await Expect(dashboard.ByTestId("range-preset")).ToHaveValueAsync("24");

        await dashboard.ByTestId("rule-zeroSecondRefund-cap").FillAsync("500");
        await Expect(dashboard.ByTestId("edits")).ToHaveTextAsync("1 项修改 · 1 rule changed");
        await Expect(page.Locator("tr[data-rule=zeroSecondRefund]")).ToHaveAttributeAsync("data-changed", "true");
        await dashboard.ByTestId("compare").ClickAsync();

        // Three orders; 300 and 450 are now refunded at once: two refunds end differently.
        await Expect(dashboard.ByTestId("results")).ToBeVisibleAsync();
        await Expect(dashboard.ByTestId("differing-count")).ToHaveTextAsync("2");
        await Expect(dashboard.ByTestId("report-orders")).ToHaveTextAsync("3");
        await Expect(dashboard.ByTestId("report-events")).ToHaveTextAsync("8"); // 3 paid, 3 requested, 2 seller answers
        await Expect(dashboard.ByTestId("total-refunded-current")).ToHaveTextAsync("380.00"); // 80 + 300 (450 refused)
        await Expect(dashboard.ByTestId("total-refunded-candidate")).ToHaveTextAsync("830.00");
        await Expect(dashboard.ByTestId("total-refunded-change")).ToHaveTextAsync("↑ +450.00");

        // Ended: 80 and 300 now (450 waits refused), all three then; paid at once: 1 of 2 now, 3 of 3 then.
        await Expect(dashboard.ByTestId("share-zeroSecondShare-current")).ToHaveTextAsync("50%");
        await Expect(dashboard.ByTestId("share-zeroSecondShare-candidate")).ToHaveTextAsync("100%");
        await Expect(dashboard.ByTestId("share-zeroSecondShare-counts")).ToHaveTextAsync("1 / 2 → 3 / 3 ended");
        await Expect(dashboard.ByTestId("share-automaticShare-candidate")).ToHaveTextAsync("100%");

        // Every rate of the indicator table, side by side, with the level classes and a change marker.
        var table = RefundCluster.Domain.Metrics.Indicators.All;
        await Expect(dashboard.ByTestId("rates").Locator("tr")).ToHaveCountAsync(table.Length);
        await Expect(dashboard.ByTestId("rate-refusalRate-current")).ToHaveTextAsync("33.3%");
        await Expect(dashboard.ByTestId("rate-refusalRate-current")).ToHaveAttributeAsync("data-level", "alarm");
        await Expect(dashboard.ByTestId("rate-refusalRate-candidate")).ToHaveTextAsync("0%");
        await Expect(dashboard.ByTestId("rate-refusalRate-candidate")).ToHaveAttributeAsync("data-level", "normal");
        await Expect(dashboard.ByTestId("rate-refusalRate-change")).ToHaveTextAsync("↓ −33.3 pt");
        await Expect(dashboard.ByTestId("rate-refusalRate-change")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bbetter\b"));
        await Expect(dashboard.ByTestId("rate-zeroSecondShare-candidate")).ToHaveTextAsync("100%");
        await Expect(dashboard.ByTestId("rate-refundRate-change")).ToHaveTextAsync("="); // 3 refunds of 3 orders either way
        await Expect(page.Locator("#rates tr[data-indicator=refundRate]")).ToHaveAttributeAsync("data-changed", "false");
        await Expect(page.Locator("#rates tr[data-indicator=refusalRate]")).ToHaveAttributeAsync("data-changed", "true");

        // Money refunded by a rule, by band: 80 in [50, 200) under both; 300 + 450 in [200, 500) under the candidate.
        await Expect(dashboard.ByTestId("band-50-current-amount")).ToHaveTextAsync("80.00");
        await Expect(dashboard.ByTestId("band-50-candidate-amount")).ToHaveTextAsync("80.00");
        await Expect(dashboard.ByTestId("band-200-current-amount")).ToHaveTextAsync("0.00");
        await Expect(dashboard.ByTestId("band-200-candidate-refunds")).ToHaveTextAsync("2");
        await Expect(dashboard.ByTestId("band-200-candidate-amount")).ToHaveTextAsync("750.00");
        await Expect(dashboard.ByTestId("band-200-change")).ToHaveTextAsync("↑ +750.00");
        await Expect(dashboard.ByTestId("band-total-current-amount")).ToHaveTextAsync("80.00");
        await Expect(dashboard.ByTestId("band-total-candidate-amount")).ToHaveTextAsync("830.00");

        // The seller's two answers no longer apply under the candidate: skipped, by code.
        await Expect(dashboard.ByTestId("skipped-total-current")).ToHaveTextAsync("0");
        await Expect(dashboard.ByTestId("skipped-total-candidate")).ToHaveTextAsync("2");
        await Expect(dashboard.ByTestId("skipped-refund.already_finished-candidate")).ToHaveTextAsync("2");

        // The differing refunds, each linking to its page: a person's decision before, 0秒退 after.
        var rows = dashboard.ByTestId("differences").Locator("tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(dashboard.ByTestId("differences-label")).ToHaveTextAsync("2 refunds end differently");
        Assert.Equal(
            new[] { approved, refused }.Order(StringComparer.Ordinal),
            (await rows.EvaluateAllAsync<string[]>("trs => trs.map(tr => tr.dataset.id)")).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(quick, await rows.EvaluateAllAsync<string[]>("trs => trs.map(tr => tr.dataset.id)"));

        var refusedRow = page.Locator($"#differences tr[data-id='{refused}']");
        await Expect(refusedRow.GetByTestId("diff-current-status")).ToHaveAttributeAsync("data-value", "seller_refused");
        await Expect(refusedRow.GetByTestId("diff-current-amount")).ToHaveTextAsync("0.00");
        await Expect(refusedRow.GetByTestId("diff-candidate-status")).ToHaveAttributeAsync("data-value", "succeeded");
        await Expect(refusedRow.GetByTestId("diff-candidate-automation")).ToHaveAttributeAsync("data-value", "zero_second_refund");
        await Expect(refusedRow.GetByTestId("diff-candidate-automation")).ToContainTextAsync("0秒退");
        await Expect(refusedRow.GetByTestId("diff-candidate-amount")).ToHaveTextAsync("450.00");

        var approvedRow = page.Locator($"#differences tr[data-id='{approved}']");
        await Expect(approvedRow.GetByTestId("diff-current-status")).ToHaveAttributeAsync("data-value", "succeeded");
        await Expect(approvedRow.GetByTestId("diff-current-automation")).ToHaveAttributeAsync("data-value", "none");
        await Expect(approvedRow.GetByTestId("diff-candidate-automation")).ToHaveAttributeAsync("data-value", "zero_second_refund");
        await Expect(approvedRow.GetByTestId("diff-current-amount")).ToHaveTextAsync("300.00");
        await Expect(approvedRow.GetByTestId("diff-candidate-amount")).ToHaveTextAsync("300.00");
        await Expect(approvedRow.GetByTestId("diff-candidate-automation")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bdiff\b"));
        await Expect(approvedRow.GetByTestId("diff-candidate-amount")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bdiff\b"));

        // Editing the form after a comparison marks the figures as out of date.
        await Expect(dashboard.ByTestId("stale")).ToBeHiddenAsync();
        await dashboard.ByTestId("rule-sellerResponse-hours").FillAsync("48");
        await Expect(dashboard.ByTestId("stale")).ToBeVisibleAsync();
        await Expect(dashboard.ByTestId("edits")).ToHaveTextAsync("2 项修改 · 2 rules changed");

        // A refund opens its own page.
        await approvedRow.GetByTestId("diff-refund").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/dashboard/refunds/{approved}$"));
        await Expect(dashboard.ByTestId("entity-id")).ToHaveTextAsync(approved);
        await Expect(dashboard.ByTestId("fact-orderId")).ToHaveTextAsync(approvedOrder);
        Assert.Empty(dashboard.ScriptErrors);
    }

    [Fact]
    public async Task A_refused_comparison_shows_the_problems_code_and_detail_and_a_bad_form_is_not_sent()
    {
        var shopId = Ids.New("shop-whatif-bad");
        await using var dashboard = await host.NewPage();
        var page = dashboard.Page;
        await page.GotoAsync($"/dashboard/shops/{shopId}/what-if");
        await Expect(dashboard.ByTestId("rule-zeroSecondRefund-cap")).ToHaveValueAsync("200"); // the platform default
        await Expect(dashboard.ByTestId("policy-version")).ToHaveTextAsync("0");

        // A range that ends before it starts: the API's problem, code and detail.
        await dashboard.ByTestId("range-from").FillAsync("2030-01-02T00:00");
        await dashboard.ByTestId("range-to").FillAsync("2030-01-01T00:00");
        await Expect(dashboard.ByTestId("range-preset")).ToHaveValueAsync("custom");
        await dashboard.ByTestId("compare").ClickAsync();
        await Expect(dashboard.ByTestId("problem")).ToBeVisibleAsync();
        await Expect(dashboard.ByTestId("problem-code")).ToHaveTextAsync("recording.query_invalid");
        await Expect(dashboard.ByTestId("problem-detail")).ToHaveTextAsync("'from' must be before 'to'.");
        await Expect(dashboard.ByTestId("problem-title")).ToContainTextAsync("HTTP 400");
        await Expect(dashboard.ByTestId("results")).ToBeHiddenAsync();

        // More than 31 days.
        await dashboard.ByTestId("range-from").FillAsync("2030-01-01T00:00");
        await dashboard.ByTestId("range-to").FillAsync("2030-03-01T00:00");
        await dashboard.ByTestId("compare").ClickAsync();
        await Expect(dashboard.ByTestId("problem-detail")).ToHaveTextAsync("'from' and 'to' may be at most 31 days apart.");

        // A cap that is not an amount is refused by the page itself.
        await dashboard.ByTestId("range-preset").SelectOptionAsync("24");
        await dashboard.ByTestId("rule-smallAmountAutoRefund-cap").FillAsync("");
        await dashboard.ByTestId("compare").ClickAsync();
        await Expect(dashboard.ByTestId("problem-detail")).ToHaveTextAsync("小额自动退: cap must be a number ≥ 0");
        await Expect(dashboard.ByTestId("problem-code")).ToBeHiddenAsync();

        // Fixed, the same page compares: an empty recording, nothing differs.
        await dashboard.ByTestId("rule-smallAmountAutoRefund-cap").FillAsync("30");
        await dashboard.ByTestId("compare").ClickAsync();
        await Expect(dashboard.ByTestId("differing-count")).ToHaveTextAsync("0");
        await Expect(dashboard.ByTestId("problem")).ToBeHiddenAsync();
        await Expect(dashboard.ByTestId("differences-none")).ToBeVisibleAsync();
        await Expect(dashboard.ByTestId("rate-refundRate-current")).ToHaveTextAsync("—");
        Assert.Empty(dashboard.ScriptErrors);
    }

    [Fact]
    public async Task A_shop_service_compares_only_its_own_shop_and_only_from_the_dashboard_itself()
    {
        await using var dashboard = await host.NewPage(TestCredentials.ShopService);
        var page = dashboard.Page;
        Assert.Equal(404, (await page.GotoAsync($"/dashboard/shops/{TestCredentials.OtherShop}/what-if"))?.Status);

        // Its own shop's page opens with the policy in force (a shop service reads its own policy), and compares: the
        // same policy changes nothing.
        await page.GotoAsync($"/dashboard/shops/{TestCredentials.ScopedShop}/what-if");
        await Expect(dashboard.ByTestId("compare")).ToBeEnabledAsync();
        await dashboard.ByTestId("compare").ClickAsync();
        await Expect(dashboard.ByTestId("differing-count")).ToHaveTextAsync("0");
        await Expect(dashboard.ByTestId("problem")).ToBeHiddenAsync();

        // The comparison itself is a shop reader's, for its own shop; another shop is one that does not exist.
        var body = new JsonObject { ["policy"] = new JsonObject(), ["from"] = "2030-01-01T00:00:00Z", ["to"] = "2030-01-02T00:00:00Z" }.ToJsonString();
        var json = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        var own = await page.APIRequest.PostAsync($"/dashboard/shops/{TestCredentials.ScopedShop}/what-if", new() { Data = body, Headers = json });
        Assert.Equal(200, own.Status);
        var other = await page.APIRequest.PostAsync($"/dashboard/shops/{TestCredentials.OtherShop}/what-if", new() { Data = body, Headers = json });
        Assert.Equal(404, other.Status);

        // Never from another site, never as a form; the API's own endpoint still takes no session.
        var crossSite = await page.APIRequest.PostAsync($"/dashboard/shops/{TestCredentials.ScopedShop}/what-if",
            new() { Data = body, Headers = new Dictionary<string, string>(json) { ["Sec-Fetch-Site"] = "cross-site" } });
        Assert.Equal(403, crossSite.Status);
        var form = await page.APIRequest.PostAsync($"/dashboard/shops/{TestCredentials.ScopedShop}/what-if",
            new() { Data = body, Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain" } });
        Assert.Equal(415, form.Status);
        var api = await page.APIRequest.PostAsync($"/v1/shops/{TestCredentials.ScopedShop}/what-if", new() { Data = body, Headers = json });
        Assert.Equal(401, api.Status);
        Assert.Empty(dashboard.ScriptErrors);
    }

    /// <summary>The shop's policy with its 0秒退 cap and seller response time set (GET it, change the two, PUT the whole back).</summary>
    private async Task PutPolicy(string shopId, decimal zeroSecondCap, string sellerResponse)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var http = TestCredentials.Admin.NewClient(host.BaseAddress, TimeSpan.FromSeconds(30));
        var policy = JsonNode.Parse(await http.GetStringAsync($"v1/shops/{shopId}/policy", cancel))!["policy"]!.AsObject();
        policy["zeroSecondRefund"]!["cap"] = zeroSecondCap;
        policy["deadlines"]!["sellerResponse"] = sellerResponse;
        using var content = new StringContent(policy.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PutAsync($"v1/shops/{shopId}/policy", content, cancel);
        Assert.True(response.IsSuccessStatusCode, $"PUT policy answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
    }

    /// <summary>An order paid and refunded in full (refund only, not shipped); the seller answers the refund when told to.</summary>
    private async Task<(string OrderId, string RefundId)> Lifecycle(string shopId, decimal amount, string? seller)
    {
        var orderId = Ids.New("o-whatif");
        var refundId = Ids.New("r-whatif");
        await host.Send(Events.Paid(orderId, amount, shopId));
        await host.Send(Events.RefundRequested(orderId, refundId, amount));
        if (seller == "refund.approved")
        {
            await host.Send(Events.Refund(seller, orderId, refundId));
        }
        else if (seller == "refund.refused")
        {
            await host.Send(Events.Refund(seller, orderId, refundId, ("reason", "not as described")));
        }

        return (orderId, refundId);
    }
}
