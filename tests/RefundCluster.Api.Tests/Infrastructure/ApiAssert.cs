namespace RefundCluster.Api.Tests.Infrastructure;

public static class ApiAssert
{
    /// <summary>A 200 answer; returns its body.</summary>
    public static JsonElement Ok(ApiResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.OK, $"Expected 200, got {response}");
        return response.Json;
    }

    /// <summary>A refusal: the status, application/problem+json, and the stable code (in <c>code</c> and <c>title</c>).</summary>
    public static JsonElement Problem(ApiResponse response, HttpStatusCode status, string code)
    {
        Assert.True(response.Status == status && response.ContentType == "application/problem+json",
            $"Expected {(int)status} application/problem+json '{code}', got {response}");
        var problem = response.Json;
        Assert.Equal(code, problem.Str("code"));
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.Str("title"));
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("detail")), "A problem must say what is wrong.");
        return problem;
    }

    /// <summary>One item of a batch answer: at its index, with its own problem code, or accepted.</summary>
    public static void BatchItem(JsonElement batch, int index, string? problemCode)
    {
        var item = batch.GetProperty("items")[index];
        Assert.Equal(index, item.GetProperty("index").GetInt32());
        if (problemCode is null)
        {
            Assert.True(item.Str("status") == "accepted", $"Item {index} should be accepted: {item}");
            return;
        }

        Assert.True(item.Str("status") == "rejected", $"Item {index} should be rejected: {item}");
        Assert.Equal(problemCode, item.GetProperty("problem").Str("code"));
    }
}
