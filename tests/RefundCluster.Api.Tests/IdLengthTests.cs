using RefundCluster.Silo.Api;

namespace RefundCluster.Api.Tests;

/// <summary><see cref="EventParser.MaxIdLength"/> (what the load tool's replay ids keep within) is the id pattern's own bound.</summary>
public sealed class IdLengthTests
{
    [Fact]
    public void The_longest_id_taken_is_the_declared_one()
    {
        Assert.True(EventParser.IsValidId(new string('a', EventParser.MaxIdLength)));
        Assert.False(EventParser.IsValidId(new string('a', EventParser.MaxIdLength + 1)));
    }
}
